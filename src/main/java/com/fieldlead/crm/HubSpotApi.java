package com.fieldlead.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.lead.Lead;
import com.fieldlead.outbox.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HubSpot CRM v3: a lead is upserted as a contact with the batch upsert endpoint
 * ({@code POST /crm/v3/objects/contacts/batch/upsert}, {@code idProperty} = the connection's unique property holding
 * the lead id); a converted lead also as a deal (the same for {@code deals}) associated with the contact by the
 * default association ({@code PUT /crm/v4/objects/deal/{dealId}/associations/default/contact/{contactId}}). A 401
 * asks for a refresh; a 429 is retried after {@code Retry-After} when sent, else by its {@code policyName} (the daily
 * limit waits for the next day, the secondly ones 10 s); a 400 ({@code VALIDATION_ERROR}) is a rejection naming the
 * property HubSpot names.
 */
final class HubSpotApi implements CrmApi {

  static final String LABEL = "HubSpot";
  private static final Pattern PROPERTY =
      Pattern.compile("\\\\?\"name\\\\?\"\\s*:\\s*\\\\?\"([^\"\\\\]+)");

  private final CrmHttp http;
  private final String apiUrl;
  private final Clock clock;

  HubSpotApi(CrmHttp http, String apiUrl, Clock clock) {
    this.http = http;
    this.apiUrl = apiUrl;
    this.clock = clock;
  }

  @Override
  public Future<PushResult> push(String accessToken, String instanceUrl, Connection c, Lead lead) {
    Map<String, Object> contact;
    Map<String, Object> deal;
    try {
      contact = FieldMapping.record(LABEL, "contact", c.mapping(), lead);
      deal =
          lead.conversion() == null ? null : FieldMapping.record(LABEL, "deal", c.mapping(), lead);
    } catch (FieldMapping.MappingException e) {
      return Future.succeededFuture(PushResult.mapping(e));
    }
    return upsert(accessToken, "contacts", "contact", c, lead, contact).compose(pushed -> {
      if (pushed.kind() != PushResult.Kind.PUSHED || deal == null) {
        return Future.succeededFuture(pushed);
      }
      return upsert(accessToken, "deals", "deal", c, lead, deal).compose(dealPushed -> {
        if (dealPushed.kind() != PushResult.Kind.PUSHED) {
          return Future.succeededFuture(dealPushed);
        }
        return associate(accessToken, dealPushed.crmId(), pushed.crmId())
            .map(assoc -> assoc == null ? pushed : assoc);
      });
    });
  }

  private Future<PushResult> upsert(
      String token,
      String collection,
      String object,
      Connection c,
      Lead lead,
      Map<String, Object> properties) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("idProperty", c.externalIdField());
    input.put("id", lead.id());
    input.put("properties", hubspotValues(properties));
    Map<String, Object> body = Map.of("inputs", List.of(input));
    String url = apiUrl + "/crm/v3/objects/" + collection + "/batch/upsert";
    return http.json(HttpMethod.POST, url, token, body).map(r -> {
      if (r.ok() && r.json() != null && r.json().path("results").size() > 0) {
        JsonNode first = r.json().path("results").get(0);
        return PushResult.pushed(
            first.path("id").asText(null), first.path("new").asBoolean(), r.status());
      }
      return failure(object, r);
    });
  }

  /** Dates as HubSpot's date properties take them (midnight UTC in milliseconds); the rest as text. */
  private static Map<String, Object> hubspotValues(Map<String, Object> properties) {
    Map<String, Object> out = new LinkedHashMap<>();
    properties.forEach((k, v) -> {
      if (v instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2}")) {
        out.put(
            k,
            Long.toString(
                LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()));
      } else if (v instanceof BigDecimal b) {
        out.put(k, b.toPlainString());
      } else {
        out.put(k, String.valueOf(v));
      }
    });
    return out;
  }

  /** Null when associated; else the failure. */
  private Future<PushResult> associate(String token, String dealId, String contactId) {
    String url = apiUrl + "/crm/v4/objects/deal/" + enc(dealId) + "/associations/default/contact/"
        + enc(contactId);
    return http.json(HttpMethod.PUT, url, token, null).map(r -> r.ok() ? null : failure("deal", r));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  private PushResult failure(String object, CrmHttp.Reply r) {
    if (r.status() == 0) {
      return PushResult.retry(0, r.error(), null, null);
    }
    JsonNode j = r.json();
    String category = j == null ? null : j.path("category").asText(null);
    String message =
        j == null ? "HTTP " + r.status() : j.path("message").asText("HTTP " + r.status());
    String body =
        r.text() == null || r.text().length() <= 300 ? r.text() : r.text().substring(0, 300);
    if (r.status() == 401) {
      return PushResult.unauthorized(401, category + ": " + message, body);
    }
    if (r.status() == 429) {
      String policy = j == null ? null : j.path("policyName").asText(null);
      Duration wait = RetryPolicy.retryAfter(r.retryAfter(), clock.instant());
      if (wait == null) {
        wait = "DAILY".equals(policy)
            ? Duration.between(
                clock.instant(),
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                    .plusDays(1)
                    .atStartOfDay()
                    .toInstant(ZoneOffset.UTC))
            : Duration.ofSeconds(10);
      }
      return PushResult.retry(429, "rate limited (" + policy + "): " + message, wait, body);
    }
    if (r.status() >= 500) {
      return PushResult.retry(
          r.status(), message, RetryPolicy.retryAfter(r.retryAfter(), clock.instant()), body);
    }
    String field = property(j, message);
    return PushResult.rejected(
        r.status(),
        (category == null ? "" : category + ": ") + message,
        field == null ? null : object + "." + field,
        body);
  }

  /** The property a HubSpot validation error names: {@code errors[].context.propertyName}, else in the message. */
  private static String property(JsonNode j, String message) {
    if (j != null) {
      for (JsonNode e : j.path("errors")) {
        JsonNode names = e.path("context").path("propertyName");
        if (names.isArray() && names.size() > 0) {
          return names.get(0).asText();
        }
      }
    }
    Matcher m = PROPERTY.matcher(message == null ? "" : message);
    return m.find() ? m.group(1) : null;
  }
}
