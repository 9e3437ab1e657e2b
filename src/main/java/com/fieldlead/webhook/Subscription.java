package com.fieldlead.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant's webhook subscription: where to deliver which event types, whether it is on, and its signing secrets as
 * stored ({@link com.fieldlead.crypto.SecretBox}): the current one and, during a rotation's overlap, the previous one until
 * {@code previousSecretUntil}. {@code failingSince} is the first failure since the last success; {@code disabledAt}
 * and {@code disabledReason} say why the server turned it off.
 */
record Subscription(
    String id,
    String tenantId,
    String url,
    List<String> events,
    boolean enabled,
    String description,
    String sealedSecret,
    String sealedPreviousSecret,
    Instant previousSecretUntil,
    Instant createdAt,
    String createdBy,
    Instant updatedAt,
    Instant failingSince,
    Instant disabledAt,
    String disabledReason) {

  Subscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(url, "url");
    events = List.copyOf(events);
  }

  boolean wants(String eventType) {
    return enabled && events.contains(eventType);
  }

  /** The stored secrets to sign with at {@code now}: the current one, and the previous one during its overlap. */
  List<String> sealedSecretsAt(Instant now) {
    return sealedPreviousSecret != null
            && previousSecretUntil != null
            && now.isBefore(previousSecretUntil)
        ? List.of(sealedSecret, sealedPreviousSecret)
        : List.of(sealedSecret);
  }

  /** The API's view: never a secret. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record View(
      String id,
      String url,
      List<String> events,
      boolean enabled,
      String description,
      Instant createdAt,
      String createdBy,
      Instant updatedAt,
      Instant previousSecretExpiresAt,
      Instant failingSince,
      Instant disabledAt,
      String disabledReason) {}

  View view(Instant now) {
    Instant overlap = previousSecretUntil != null && now.isBefore(previousSecretUntil)
        ? previousSecretUntil
        : null;
    return new View(
        id,
        url,
        events,
        enabled,
        description,
        createdAt,
        createdBy,
        updatedAt,
        overlap,
        failingSince,
        disabledAt,
        disabledReason);
  }

  /** The view with the secret, answered once: at creation and at a rotation. */
  static Map<String, Object> withSecret(View view, String secret) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("subscription", view);
    out.put("secret", secret);
    return out;
  }
}
