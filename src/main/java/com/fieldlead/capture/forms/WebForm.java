package com.fieldlead.capture.forms;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A web-to-lead form as stored: what an admin defined ({@link FormInput}), plus its public key, who made it, its
 * version and its spam counters. The captcha secret is stored but never answered ({@link #view()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebForm(
    String id,
    String tenantId,
    String key,
    long version,
    FormInput definition,
    String createdBy,
    Instant createdAt,
    Instant updatedAt,
    Stats stats) {

  WebForm {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(definition, "definition");
    stats = stats == null ? Stats.NONE : stats;
  }

  /** What happened to the submissions of a form (counted, never the submissions a defence dropped). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Stats(long accepted, long honeypot, long refused) {
    static final Stats NONE = new Stats(0, 0, 0);
  }

  /** The answer of the admin API: the definition without the captcha secret. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record View(
      String id,
      String key,
      long version,
      String name,
      String locale,
      List<FormInput.Field> fields,
      FormInput.Consent consent,
      FormInput.Attribution attribution,
      List<String> allowedOrigins,
      String thankYouUrl,
      Integer minFillSeconds,
      FormInput.Limits limits,
      CaptchaView captcha,
      String createdBy,
      Instant createdAt,
      Instant updatedAt,
      Stats stats,
      Embed embed) {}

  /** The captcha hook as answered: the secret only as "set". */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CaptchaView(String provider, String verifyUrl, String siteKey, boolean hasSecret) {}

  /** Where the public parts of the form live (relative to the API's base URL). */
  record Embed(String script, String token, String submissions) {}

  View view() {
    FormInput d = definition;
    FormInput.Captcha c = d.captcha();
    String base = "/v1/forms/" + key;
    return new View(
        id,
        key,
        version,
        d.name(),
        d.locale(),
        d.fields(),
        d.consent(),
        d.attribution(),
        d.allowedOrigins(),
        d.thankYouUrl(),
        d.minFillSeconds(),
        d.limits(),
        c == null ? null : new CaptchaView(c.provider(), c.verifyUrl(), c.siteKey(), true),
        createdBy,
        createdAt,
        updatedAt,
        stats,
        new Embed(base + "/embed.js", base + "/token", base + "/submissions"));
  }
}
