package com.fieldlead.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.outbox.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HubSpot CRM v3: leads are upserted as contacts with the batch upsert endpoint
 * ({@code POST /crm/v3/objects/contacts/batch/upsert}, up to 100 inputs, {@code idProperty} = the connection's unique
 * property holding the lead id); converted leads also as deals (the same for {@code deals}) associated with their
 * contacts by the default association, in one batch
 * ({@code POST /crm/v4/associations/deal/contact/batch/associate/default}). A 401
 * asks for a refresh; a 429 is retried after {@code Retry-After} when sent, else by its {@code policyName} (the daily
 * limit waits for the next day, the secondly ones 10 s); a 400 ({@code VALIDATION_ERROR}) is a rejection naming the
 * property HubSpot names.
 */
final class HubSpotApi implements CrmApi {

  static final String LABEL = "HubSpot";
  /** HubSpot's batch endpoints take up to 100 inputs. */
  static final int MAX_BATCH = 100;

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
  public int batchSize() {
    return MAX_BATCH;
  }

  @Override
  public Future<PushResult> push(String accessToken, String instanceUrl, Connection c, Lead lead) {
    return pushAll(accessToken, instanceUrl, c, List.of(lead)).map(all -> all.get(0));
  }

  /**
   * The leads' contacts in one batch upsert, then the converted ones' deals in one, then those deals' associations with
   * their contacts in one batch call. A lead whose mapping fails is not sent; one whose record HubSpot refuses fails
   * alone (see {@link #upsertAll}).
   */
  @Override
  public Future<List<PushResult>> pushAll(
      String accessToken, String instanceUrl, Connection c, List<Lead> leads) {
    PushResult[] out = new PushResult[leads.size()];
    Map<Integer, Map<String, Object>> contacts = new LinkedHashMap<>();
    Map<Integer, Map<String, Object>> deals = new LinkedHashMap<>();
    for (int i = 0; i < leads.size(); i++) {
      Lead lead = leads.get(i);
      try {
        Map<String, Object> contact = FieldMapping.record(LABEL, "contact", c.mapping(), lead);
        if (lead.qualification().conversion() != null) {
          deals.put(i, FieldMapping.record(LABEL, "deal", c.mapping(), lead));
        }
        contacts.put(i, contact);
      } catch (FieldMapping.MappingException e) {
        out[i] = PushResult.mapping(e);
      }
    }
    return upsertAll(accessToken, "contacts", "contact", c, leads, contacts)
        .compose(pushed -> {
          pushed.forEach((i, r) -> out[i] = r);
          Map<Integer, Map<String, Object>> due = new LinkedHashMap<>();
          deals.forEach((i, deal) -> {
            if (out[i].kind() == PushResult.Kind.PUSHED) {
              due.put(i, deal);
            }
          });
          return upsertAll(accessToken, "deals", "deal", c, leads, due);
        })
        .compose(dealsPushed -> {
          Map<Integer, String[]> pairs = new LinkedHashMap<>();
          dealsPushed.forEach((i, r) -> {
            if (r.kind() == PushResult.Kind.PUSHED) {
              pairs.put(i, new String[] {r.crmId(), out[i].crmId()});
            } else {
              out[i] = r;
            }
          });
          return associateAll(accessToken, pairs);
        })
        .map(unassociated -> {
          unassociated.forEach((i, r) -> out[i] = r);
          return Arrays.asList(out);
        });
  }

  /**
   * Upserts {@code records} (by lead index) of {@code collection} in one batch call, each input traced by its lead id
   * ({@code objectWriteTraceId}). HubSpot refuses a whole batch for one invalid input (400): the batch is then split
   * in halves, and halves again, until each refused record is sent alone and fails alone, naming its property.
   */
  private Future<Map<Integer, PushResult>> upsertAll(
      String token,
      String collection,
      String object,
      Connection c,
      List<Lead> leads,
      Map<Integer, Map<String, Object>> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<Integer> order = new ArrayList<>(records.keySet());
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (int i : order) {
      Map<String, Object> input = new LinkedHashMap<>();
      input.put("idProperty", c.externalIdField());
      input.put("id", leads.get(i).id());
      input.put("objectWriteTraceId", leads.get(i).id());
      input.put("properties", hubspotValues(records.get(i)));
      inputs.add(input);
    }
    String url = apiUrl + "/crm/v3/objects/" + collection + "/batch/upsert";
    return http.json(HttpMethod.POST, url, token, Map.of("inputs", inputs)).compose(r -> {
      if (r.ok() && r.json() != null) {
        return Future.succeededFuture(results(object, order, leads, c, r));
      }
      if (r.status() == 400 && order.size() > 1) {
        Map<Integer, Map<String, Object>> first = new LinkedHashMap<>();
        Map<Integer, Map<String, Object>> second = new LinkedHashMap<>();
        for (int k = 0; k < order.size(); k++) {
          (k < order.size() / 2 ? first : second).put(order.get(k), records.get(order.get(k)));
        }
        return upsertAll(token, collection, object, c, leads, first)
            .compose(a -> upsertAll(token, collection, object, c, leads, second).map(b -> {
              Map<Integer, PushResult> both = new LinkedHashMap<>(a);
              both.putAll(b);
              return both;
            }));
      }
      PushResult failed = failure(object, r);
      Map<Integer, PushResult> all = new LinkedHashMap<>();
      order.forEach(i -> all.put(i, failed));
      return Future.succeededFuture(all);
    });
  }

  /** A 2xx batch answer per lead: its result (by trace id, else its id property), its error, else a retry. */
  private Map<Integer, PushResult> results(
      String object, List<Integer> order, List<Lead> leads, Connection c, CrmHttp.Reply r) {
    Map<String, Integer> byLead = new HashMap<>();
    order.forEach(i -> byLead.put(leads.get(i).id(), i));
    Map<Integer, PushResult> out = new LinkedHashMap<>();
    for (JsonNode result : r.json().path("results")) {
      String key = result
          .path("objectWriteTraceId")
          .asText(result.path("properties").path(c.externalIdField()).asText(null));
      Integer i = key == null ? null : byLead.get(key);
      if (i != null) {
        out.put(
            i,
            PushResult.pushed(
                result.path("id").asText(null), result.path("new").asBoolean(), r.status()));
      }
    }
    for (JsonNode error : r.json().path("errors")) { // a 207: some inputs failed
      JsonNode trace = error.path("context").path("objectWriteTraceId");
      Integer i = byLead.get(trace.isArray() && !trace.isEmpty() ? trace.get(0).asText() : "");
      if (i != null && !out.containsKey(i)) {
        String message = error.path("message").asText("HTTP " + r.status());
        String field = property(error, message);
        out.put(
            i,
            PushResult.rejected(
                r.status(),
                error.path("category").asText("ERROR") + ": " + message,
                field == null ? null : object + "." + field,
                cut(error.toString())));
      }
    }
    for (int i : order) {
      out.putIfAbsent(
          i,
          PushResult.retry(r.status(), "HubSpot answered no result for this record", null, null));
    }
    return out;
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

  /**
   * The deals' default associations with their contacts ({@code [dealId, contactId]} by lead index) in one batch
   * call; answers the failures by lead index (none: all associated).
   */
  private Future<Map<Integer, PushResult>> associateAll(
      String token, Map<Integer, String[]> pairs) {
    if (pairs.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<Map<String, Object>> inputs = pairs.values().stream()
        .map(p -> Map.<String, Object>of("from", Map.of("id", p[0]), "to", Map.of("id", p[1])))
        .toList();
    String url = apiUrl + "/crm/v4/associations/deal/contact/batch/associate/default";
    return http.json(HttpMethod.POST, url, token, Map.of("inputs", inputs)).map(r -> {
      Map<Integer, PushResult> failed = new LinkedHashMap<>();
      if (!r.ok()) {
        PushResult f = failure("deal", r);
        pairs.keySet().forEach(i -> failed.put(i, f));
        return failed;
      }
      String errors = r.json() == null ? "" : r.json().path("errors").toString();
      pairs.forEach((i, p) -> {
        if (errors.contains("\"" + p[0] + "\"")) { // a 207 naming this deal
          failed.put(
              i,
              PushResult.retry(
                  r.status(), "the deal was not associated with its contact", null, cut(errors)));
        }
      });
      return failed;
    });
  }

  private static String cut(String text) {
    return text == null || text.length() <= 300 ? text : text.substring(0, 300);
  }

  private PushResult failure(String object, CrmHttp.Reply r) {
    if (r.status() == 0) {
      return PushResult.retry(0, r.error(), null, null);
    }
    JsonNode j = r.json();
    String category = j == null ? null : j.path("category").asText(null);
    String message =
        j == null ? "HTTP " + r.status() : j.path("message").asText("HTTP " + r.status());
    String body = cut(r.text());
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
