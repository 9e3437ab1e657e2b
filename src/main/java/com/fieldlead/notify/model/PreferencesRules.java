package com.fieldlead.notify.model;

import com.fieldlead.problem.ProblemException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Pure checks of notification preferences beyond what the contract's schema states: real IANA zones (not fixed
 * offsets), real "HH:mm" times, and quiet hours that start and end at different times. Each failure is a 400 naming
 * the field.
 */
public final class PreferencesRules {

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private PreferencesRules() {}

  public static NotificationPreferences check(NotificationPreferences p) {
    if (p.timeZone() != null && zone(p.timeZone()).isEmpty()) {
      throw ProblemException.invalidField(
          "/timeZone",
          "format",
          "timeZone must be an IANA zone id such as Europe/Berlin, got '" + p.timeZone() + "'");
    }
    if (p.quietHours() != null) {
      LocalTime start = time("/quietHours/start", p.quietHours().start());
      LocalTime end = time("/quietHours/end", p.quietHours().end());
      if (start.equals(end)) {
        throw ProblemException.invalidField(
            "/quietHours/end",
            "invalid",
            "quiet hours must end at another time than they start ("
                + p.quietHours().start() + ")");
      }
    }
    if (p.digestTime() != null) {
      time("/digestTime", p.digestTime());
    }
    if (p.locale() != null && !PushTexts.LOCALES.contains(p.locale())) {
      throw ProblemException.invalidField(
          "/locale",
          "enum",
          "locale must be one of " + PushTexts.LOCALES + " (or null for your tenant's), got '"
              + p.locale() + "'");
    }
    return p;
  }

  /** An IANA region zone; fixed offsets and unknown names are refused (quiet hours must follow DST). */
  public static Optional<ZoneId> zone(String name) {
    if (name == null || !ZoneId.getAvailableZoneIds().contains(name)) {
      return Optional.empty();
    }
    return Optional.of(ZoneId.of(name));
  }

  /** Parses "HH:mm" (00:00..23:59) or fails with a 400 naming {@code field}. */
  public static LocalTime time(String field, String text) {
    if (text == null || !text.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
      throw ProblemException.invalidField(
          field, "format", field.substring(1) + " must be a local time HH:mm, got '" + text + "'");
    }
    try {
      return LocalTime.parse(text, HH_MM);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalidField(field, "format", field.substring(1) + " must be HH:mm");
    }
  }

  /** The quiet hours of {@code p}, or null. */
  public static QuietHours quietHours(NotificationPreferences p) {
    if (p.quietHours() == null) {
      return null;
    }
    return new QuietHours(
        LocalTime.parse(p.quietHours().start(), HH_MM),
        LocalTime.parse(p.quietHours().end(), HH_MM));
  }
}
