package com.fieldlead.capture.forms;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of {@code POST /v1/forms} and {@code PUT /v1/forms/{id}}: what a form asks, where its leads come from,
 * who may embed it and what guards it. The contract checks shapes; {@link FormRules} checks the rest and fills
 * defaults.
 *
 * @param locale language of the form's messages (one of the lead settings' locales); null: the tenant's
 * @param minFillSeconds a person takes at least this long between loading the form and sending it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FormInput(
    String name,
    String locale,
    List<Field> fields,
    Consent consent,
    Attribution attribution,
    List<String> allowedOrigins,
    String thankYouUrl,
    Integer minFillSeconds,
    Limits limits,
    Captcha captcha) {

  FormInput {
    fields = fields == null ? List.of() : List.copyOf(fields);
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
  }

  /**
   * One input of the form: its name in the post, its label, and where its value goes: a lead field or the answer to a
   * qualifier question (exactly one of the two).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Field(
      String name,
      String label,
      String leadField,
      String questionId,
      String type,
      List<String> options,
      Boolean required) {
    Field {
      required = Boolean.TRUE.equals(required);
      options = options == null ? null : List.copyOf(options);
    }
  }

  /** The consent statement shown beside a checkbox; its version is recorded with every granted consent. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Consent(String text, String version, String purpose, Boolean required) {
    Consent {
      required = Boolean.TRUE.equals(required);
    }
  }

  /** What every lead of the form carries: its source, campaign, trade-show event and tags. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Attribution(String source, String campaign, String eventId, List<String> tags) {
    Attribution {
      tags = tags == null ? null : List.copyOf(tags);
    }
  }

  /** Submissions allowed per minute from one client address, and for the whole form. */
  record Limits(int perAddressPerMinute, int perFormPerMinute) {}

  /**
   * A captcha verification hook: the provider's siteverify URL and secret (Turnstile, hCaptcha and reCAPTCHA take the
   * same form post of {@code secret}, {@code response}, {@code remoteip} and answer {@code success}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Captcha(String provider, String verifyUrl, String secret, String siteKey) {}
}
