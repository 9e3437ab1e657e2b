package com.fieldlead.capture.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A posted form taken apart: the person's answers checked against the form's fields (errors named by field, as
 * message keys the page shows in the form's language), and the new lead's body as {@code POST /v1/leads} takes it.
 * Pure.
 */
final class Submission {

  static final String TOKEN = FormRules.RESERVED_PREFIX + "token";
  static final String HONEYPOT = FormRules.RESERVED_PREFIX + "website";
  static final String REFERRER = FormRules.RESERVED_PREFIX + "referrer";
  static final String PAGE = FormRules.RESERVED_PREFIX + "page";
  /** The captcha widgets' own field names (Turnstile, hCaptcha, reCAPTCHA), and the embed's. */
  static final List<String> CAPTCHA_FIELDS = List.of(
      FormRules.RESERVED_PREFIX + "captcha",
      "cf-turnstile-response",
      "h-captcha-response",
      "g-recaptcha-response");
  /** UTM parameters the embed copies from the page's address, and the custom fields they land in. */
  static final Map<String, String> UTM = utm();

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern COUNTRY = Pattern.compile("^[A-Za-z]{2}$");
  private static final Set<String> YES = Set.of("on", "true", "yes", "1");
  private static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(
      Map.entry("firstName", 100),
      Map.entry("lastName", 100),
      Map.entry("email", 254),
      Map.entry("phone", 40),
      Map.entry("company", 200),
      Map.entry("title", 150),
      Map.entry("website", 2048),
      Map.entry("industry", 100),
      Map.entry("region", 100),
      Map.entry("city", 100));
  private static final int CUSTOM_MAX = 1000;

  /** A field the person must correct, and why. */
  record FieldProblem(String field, String label, FormMessages.Key reason) {}

  /** What the submission makes: the lead's body, its email, and whether consent was given. */
  record Mapped(
      ObjectNode lead, String email, boolean consentGranted, Map<String, String> attribution) {}

  private Submission() {}

  static String text(JsonNode body, String name) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isArray()) {
      return v.isEmpty() ? null : v.get(0).asText();
    }
    return v.asText();
  }

  /** Whether the invisible field that people never see was filled (a bot fills every field). */
  static boolean honeypotFilled(JsonNode body) {
    String v = text(body, HONEYPOT);
    return v != null && !v.isEmpty();
  }

  static String captchaResponse(JsonNode body) {
    for (String name : CAPTCHA_FIELDS) {
      String v = text(body, name);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  /** The person's mistakes, every one, in the order of the form's fields; empty when there are none. */
  static List<FieldProblem> problems(FormInput form, JsonNode body) {
    List<FieldProblem> out = new ArrayList<>();
    for (FormInput.Field f : form.fields()) {
      String raw = text(body, f.name());
      String value = raw == null ? "" : raw.trim();
      if ("checkbox".equals(f.type())) {
        if (f.required() && !YES.contains(value.toLowerCase(Locale.ROOT))) {
          out.add(new FieldProblem(f.name(), f.label(), FormMessages.Key.REQUIRED));
        }
        continue;
      }
      if (value.isEmpty()) {
        if (f.required()) {
          out.add(new FieldProblem(f.name(), f.label(), FormMessages.Key.REQUIRED));
        }
        continue;
      }
      FormMessages.Key reason = invalid(f, value);
      if (reason != null) {
        out.add(new FieldProblem(f.name(), f.label(), reason));
      }
    }
    if (form.consent() != null && form.consent().required() && !consentGiven(body)) {
      out.add(new FieldProblem(
          FormRules.CONSENT_FIELD, form.consent().text(), FormMessages.Key.CONSENT));
    }
    return out;
  }

  private static FormMessages.Key invalid(FormInput.Field f, String value) {
    Integer max = f.leadField() == null ? Integer.valueOf(2000) : MAX_LENGTH.get(f.leadField());
    if (max != null && value.length() > max) {
      return FormMessages.Key.TOO_LONG;
    }
    if ("email".equals(f.leadField()) || "email".equals(f.type())) {
      return EMAIL.matcher(value).matches() ? null : FormMessages.Key.EMAIL;
    }
    if ("country".equals(f.leadField()) && !COUNTRY.matcher(value).matches()) {
      return FormMessages.Key.INVALID;
    }
    if ("number".equals(f.type())) {
      try {
        Double.parseDouble(value);
      } catch (NumberFormatException e) {
        return FormMessages.Key.NUMBER;
      }
    }
    if ("select".equals(f.type()) && f.options() != null && !f.options().contains(value)) {
      return FormMessages.Key.OPTION;
    }
    return null;
  }

  static boolean consentGiven(JsonNode body) {
    String v = text(body, FormRules.CONSENT_FIELD);
    return v != null && YES.contains(v.trim().toLowerCase(Locale.ROOT));
  }

  /** The lead {@code body} makes (call only when {@link #problems} found none). */
  static Mapped map(WebForm stored, JsonNode body, Instant now) {
    return map(stored, body, now, null);
  }

  /** As {@link #map(WebForm, JsonNode, Instant)}, the consent recorded as given from {@code address} (when known). */
  static Mapped map(WebForm stored, JsonNode body, Instant now, String address) {
    FormInput form = stored.definition();
    ObjectNode lead = Json.MAPPER.createObjectNode();
    ArrayNode answers = Json.MAPPER.createArrayNode();
    for (FormInput.Field f : form.fields()) {
      String raw = text(body, f.name());
      String value = raw == null ? "" : raw.trim();
      if (f.leadField() != null) {
        if (!value.isEmpty()) {
          lead.put(
              f.leadField(),
              "country".equals(f.leadField()) ? value.toUpperCase(Locale.ROOT) : value);
        }
      } else if ("checkbox".equals(f.type())) {
        answers
            .addObject()
            .put("questionId", f.questionId())
            .put("value", YES.contains(value.toLowerCase(Locale.ROOT)));
      } else if (!value.isEmpty()) {
        ObjectNode answer = answers.addObject().put("questionId", f.questionId());
        if ("number".equals(f.type())) {
          answer.put("value", Double.parseDouble(value));
        } else {
          answer.put("value", value);
        }
      }
    }
    if (!answers.isEmpty()) {
      lead.set("answers", answers);
    }
    FormInput.Attribution a = form.attribution();
    Map<String, String> attribution = attribution(body);
    lead.put("captureMethod", "web_form");
    lead.put("source", a.source());
    String campaign = a.campaign() != null ? a.campaign() : attribution.get("utmCampaign");
    if (campaign != null) {
      lead.put("campaign", cut(campaign, 100));
    }
    if (a.eventId() != null) {
      lead.put("eventId", a.eventId());
    }
    if (a.tags() != null && !a.tags().isEmpty()) {
      ArrayNode tags = lead.putArray("tags");
      a.tags().forEach(tags::add);
    }
    boolean consent = form.consent() != null && consentGiven(body);
    ObjectNode custom = lead.putObject("customFields");
    custom.put("webForm", stored.id());
    attribution.forEach(custom::put);
    if (consent) {
      custom.put("consentVersion", form.consent().version());
      lead.putArray("consents").add(consentRecord(stored.id(), form.consent(), now, address));
    }
    return new Mapped(lead, text(lead, "email"), consent, attribution);
  }

  static ObjectNode consentRecord(
      String formId, FormInput.Consent consent, Instant now, String address) {
    ObjectNode c = Json.MAPPER
        .createObjectNode()
        .put("purpose", consent.purpose())
        .put("granted", true)
        .put("at", now.toString())
        .put("method", "web_form")
        .put("textVersion", consent.version())
        .put("source", "web_form:" + formId);
    if (address != null && !address.isBlank()) {
      c.put("address", address);
    }
    return c;
  }

  /** The UTM parameters, the referrer and the landing page the embed sent, as custom field names and values. */
  static Map<String, String> attribution(JsonNode body) {
    Map<String, String> out = new LinkedHashMap<>();
    UTM.forEach((param, field) -> put(out, field, text(body, FormRules.RESERVED_PREFIX + param)));
    put(out, "referrer", text(body, REFERRER));
    put(out, "landingPage", text(body, PAGE));
    return out;
  }

  private static void put(Map<String, String> out, String field, String value) {
    if (value != null && !value.isBlank()) {
      out.put(field, cut(value.trim(), CUSTOM_MAX));
    }
  }

  private static String cut(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }

  private static Map<String, String> utm() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("utm_source", "utmSource");
    m.put("utm_medium", "utmMedium");
    m.put("utm_campaign", "utmCampaign");
    m.put("utm_term", "utmTerm");
    m.put("utm_content", "utmContent");
    return Collections.unmodifiableMap(m);
  }
}
