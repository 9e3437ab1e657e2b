package com.fieldlead.crm;

import java.time.Duration;

/**
 * What one push of a lead to a CRM came to.
 *
 * <ul>
 *   <li>{@code PUSHED}: the CRM has the record ({@code crmId}; {@code created} false when it was an update)
 *   <li>{@code UNAUTHORIZED}: the access token was refused (expired or revoked): refresh and try once more
 *   <li>{@code REJECTED}: the CRM (or the mapping) refused the data; sending it again would not help until the lead
 *       or the mapping changes: failed at once, naming {@code field} when known
 *   <li>{@code RETRY}: a rate limit, an outage or no answer: tried again with backoff, not before {@code retryAfter}
 * </ul>
 */
record PushResult(
    Kind kind,
    String crmId,
    boolean created,
    int status,
    String error,
    String field,
    Duration retryAfter,
    String body) {

  enum Kind {
    PUSHED,
    UNAUTHORIZED,
    REJECTED,
    RETRY
  }

  static PushResult pushed(String crmId, boolean created, int status) {
    return new PushResult(Kind.PUSHED, crmId, created, status, null, null, null, null);
  }

  static PushResult unauthorized(int status, String error, String body) {
    return new PushResult(Kind.UNAUTHORIZED, null, false, status, error, null, null, body);
  }

  static PushResult rejected(int status, String error, String field, String body) {
    return new PushResult(Kind.REJECTED, null, false, status, error, field, null, body);
  }

  static PushResult retry(int status, String error, Duration retryAfter, String body) {
    return new PushResult(Kind.RETRY, null, false, status, error, null, retryAfter, body);
  }

  /** A lead that cannot be mapped: rejected before any call, naming the CRM field. */
  static PushResult mapping(FieldMapping.MappingException e) {
    return rejected(0, "mapping: " + e.getMessage(), e.field(), null);
  }
}
