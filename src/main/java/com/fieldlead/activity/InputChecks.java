package com.fieldlead.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.activity.model.LocalSchedule;
import com.fieldlead.activity.model.ReminderRules;
import com.fieldlead.ids.Uuids;
import com.fieldlead.json.Json;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Input checks the contract cannot express, each failing with a 400 that names the field, and the fingerprint that
 * tells an idempotent replay (same id, same content) from an id reused for something else.
 */
final class InputChecks {

  private InputChecks() {}

  /** The client's id (a UUID, lower-cased) or a new random one. */
  static String idOrNew(String clientId, String field) {
    if (clientId == null) {
      return UUID.randomUUID().toString();
    }
    if (!Uuids.isUuid(clientId)) {
      throw ProblemException.invalidField(field, "format", "must be a UUID");
    }
    return clientId.toLowerCase(Locale.ROOT);
  }

  /** BSON dates keep milliseconds; truncating at the edge makes what we answer equal what we store. */
  static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }

  static ZoneId zone(String name, String field) {
    return LocalSchedule.ianaZone(name)
        .orElseThrow(() -> ProblemException.invalidField(
            field,
            "timeZone",
            "'" + name + "' is not an IANA time zone (for example Europe/Berlin)"));
  }

  static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ProblemException.invalidField(field, "required", "must not be blank");
    }
    return value.strip();
  }

  /** A reminder offset given as minutes (integer) or an ISO-8601 duration; null when absent. */
  static Duration remindBefore(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    var parsed = node.isIntegralNumber()
        ? ReminderRules.ofMinutes(node.asLong())
        : node.isTextual() ? ReminderRules.ofIso(node.asText()) : Optional.<Duration>empty();
    return parsed.orElseThrow(() -> ProblemException.invalidField(
        field,
        "duration",
        "must be minutes (0..10080) or an ISO-8601 duration up to P7D, for example PT15M"));
  }

  /** A snooze length: minutes or an ISO-8601 duration between one minute and 30 days. */
  static Duration snoozeLength(JsonNode node, String field) {
    var raw = node.isIntegralNumber()
        ? Optional.of(Duration.ofMinutes(node.asLong()))
        : node.isTextual() ? ReminderRules.parse(node.asText()) : Optional.<Duration>empty();
    return raw.flatMap(ReminderRules::snoozeLength)
        .orElseThrow(() -> ProblemException.invalidField(
            field, "duration", "must be minutes or an ISO-8601 duration between PT1M and P30D"));
  }

  static ProblemException conflictingId(String what, String id) {
    return new ProblemException(
        ErrorCode.CONFLICT,
        "The id " + id + " is already used by another " + what + " with different content");
  }

  /** SHA-256 of the parts as JSON: equal requests give equal fingerprints. */
  static String fingerprint(Object... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Object part : parts) {
        digest.update(Json.MAPPER.writeValueAsString(part).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("cannot fingerprint a request", e);
    }
  }
}
