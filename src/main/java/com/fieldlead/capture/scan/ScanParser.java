package com.fieldlead.capture.scan;

import com.fieldlead.problem.ProblemException;

/** Reads a scanned payload of a given or detected format (badges with their event's layout). Pure. */
final class ScanParser {

  /** The largest payload read: a QR code holds at most about 3 KB, a PDF417 badge code less. */
  static final int MAX_RAW = 8192;

  private ScanParser() {}

  /**
   * The proposed fields of {@code raw}. {@code format} may be null (detected; a payload of no plain format is read
   * with {@code layout} when there is one). Problems are 400s naming {@code at + "/raw"} or {@code at + "/format"}.
   */
  static ParsedScan parse(ScanFormat format, String raw, BadgeLayout layout, String at) {
    String rawField = at + "/raw";
    if (raw == null || raw.isBlank()) {
      throw ProblemException.invalidField(
          rawField, "required", "raw is the scanned text, not empty");
    }
    if (raw.length() > MAX_RAW) {
      throw ProblemException.invalidField(
          rawField, "maxLength", "raw has at most " + MAX_RAW + " characters");
    }
    ScanFormat f = format != null ? format : ScanFormat.detect(raw);
    if (f == null && layout != null) {
      f = ScanFormat.BADGE;
    }
    if (f == null) {
      throw ProblemException.invalidField(
          at + "/format",
          "undetected",
          "the payload is no vCard, MeCard or URL: give its format, or the eventId of an event with a badge format");
    }
    return switch (f) {
      case VCARD -> VCardContacts.read(raw, rawField);
      case MECARD -> MeCards.read(raw, rawField);
      case URL -> ContactUrls.read(raw, rawField);
      case BADGE -> {
        if (layout == null) {
          throw ProblemException.invalidField(
              at + "/eventId",
              "noBadgeFormat",
              "a badge is read with its event's badge format: give an eventId whose badge format is set");
        }
        yield layout.read(raw, rawField);
      }
    };
  }
}
