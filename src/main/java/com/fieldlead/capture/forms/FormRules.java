package com.fieldlead.capture.forms;

import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The rules of a form definition beyond its shape, and its defaults. Pure. */
final class FormRules {

  static final int DEFAULT_MIN_FILL_SECONDS = 3;
  static final FormInput.Limits DEFAULT_LIMITS = new FormInput.Limits(5, 120);

  /** Lead fields a form may fill (the contact, company and place; never owner, status or server fields). */
  static final Set<String> LEAD_FIELDS = Set.of(
      "firstName",
      "lastName",
      "email",
      "phone",
      "company",
      "title",
      "website",
      "industry",
      "country",
      "region",
      "city");

  static final Set<String> TYPES =
      Set.of("text", "email", "tel", "textarea", "number", "checkbox", "select");

  /** Names the embed and the spam defences use; a form's own fields may not take them. */
  static final String RESERVED_PREFIX = "_fl_";

  static final String CONSENT_FIELD = "consent";

  private FormRules() {}

  /**
   * The definition with defaults filled (types, purpose, source, limits, fill time, locale {@code tenantLocale} when
   * none); fails with a 400 naming every bad field.
   */
  static FormInput normalise(FormInput in, String tenantLocale) {
    List<FieldError> errors = new ArrayList<>();
    List<FormInput.Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> leadFields = new HashSet<>();
    for (int i = 0; i < in.fields().size(); i++) {
      FormInput.Field f = in.fields().get(i);
      String at = "/fields/" + i;
      if (f.name().startsWith(RESERVED_PREFIX) || f.name().equals(CONSENT_FIELD)) {
        errors.add(new FieldError(
            at + "/name",
            "reserved",
            "names starting with " + RESERVED_PREFIX + " and 'consent' are the form's own"));
      } else if (!names.add(f.name())) {
        errors.add(new FieldError(at + "/name", "unique", "another field has this name"));
      }
      if ((f.leadField() == null) == (f.questionId() == null)) {
        errors.add(new FieldError(at, "mapping", "give exactly one of leadField and questionId"));
      } else if (f.leadField() != null && !leadFields.add(f.leadField())) {
        errors.add(
            new FieldError(at + "/leadField", "unique", "another field fills " + f.leadField()));
      }
      String type = f.type() != null
          ? f.type()
          : "email".equals(f.leadField())
              ? "email"
              : "phone".equals(f.leadField()) ? "tel" : "text";
      if ("select".equals(type) && (f.options() == null || f.options().isEmpty())) {
        errors.add(new FieldError(at + "/options", "required", "a select needs options"));
      }
      fields.add(new FormInput.Field(
          f.name(), f.label(), f.leadField(), f.questionId(), type, f.options(), f.required()));
    }
    if (!leadFields.contains("email")) {
      errors.add(new FieldError(
          "/fields",
          "email",
          "a form needs a field with leadField email (duplicates are found by it)"));
    }
    if (in.locale() != null && !LeadSettings.LOCALES.contains(in.locale())) {
      errors.add(new FieldError(
          "/locale", "enum", "must be one of " + String.join(", ", LeadSettings.LOCALES)));
    }
    List<String> origins = new ArrayList<>();
    for (int i = 0; i < in.allowedOrigins().size(); i++) {
      String origin = origin(in.allowedOrigins().get(i));
      if (origin == null) {
        errors.add(new FieldError(
            "/allowedOrigins/" + i,
            "origin",
            "an origin is scheme, host and port only, like https://www.example.com"));
      } else {
        origins.add(origin);
      }
    }
    if (!isWebUrl(in.thankYouUrl())) {
      errors.add(new FieldError("/thankYouUrl", "format", "must be an absolute http or https URL"));
    }
    FormInput.Captcha captcha = in.captcha();
    if (captcha != null && !isWebUrl(captcha.verifyUrl())) {
      errors.add(
          new FieldError("/captcha/verifyUrl", "format", "must be an absolute http or https URL"));
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.VALIDATION_FAILED,
          "Invalid form: "
              + String.join(
                  "; ",
                  errors.stream()
                      .limit(3)
                      .map(e -> e.field() + " " + e.message())
                      .toList()),
          errors,
          Map.of());
    }
    FormInput.Consent consent = in.consent() == null
        ? null
        : new FormInput.Consent(
            in.consent().text(),
            in.consent().version(),
            in.consent().purpose() == null ? "marketing" : in.consent().purpose(),
            in.consent().required());
    FormInput.Attribution a = in.attribution();
    FormInput.Attribution attribution = new FormInput.Attribution(
        a == null || a.source() == null ? "web_form" : a.source(),
        a == null ? null : a.campaign(),
        a == null ? null : a.eventId(),
        a == null ? null : a.tags());
    return new FormInput(
        in.name().trim(),
        in.locale() != null ? in.locale() : LeadSettings.language(tenantLocale),
        fields,
        consent,
        attribution,
        origins,
        in.thankYouUrl(),
        in.minFillSeconds() == null ? DEFAULT_MIN_FILL_SECONDS : in.minFillSeconds(),
        in.limits() == null ? DEFAULT_LIMITS : in.limits(),
        captcha);
  }

  /** The origin in its canonical form (lower case, no default port, no slash), or null when it is not one. */
  static String origin(String value) {
    try {
      URI uri = new URI(value.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare = (uri.getRawPath() == null
              || uri.getRawPath().isEmpty()
              || uri.getRawPath().equals("/"))
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null
          && uri.getRawUserInfo() == null;
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
        return null;
      }
      int port = uri.getPort();
      boolean defaultPort = port == -1
          || (scheme.equals("http") && port == 80)
          || (scheme.equals("https") && port == 443);
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
          + (defaultPort ? "" : ":" + port);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  static boolean isWebUrl(String value) {
    if (value == null) {
      return false;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
