package com.fieldlead.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Salesforce answering as the REST API documents: the OAuth token endpoint ({@code /services/oauth2/token},
 * {@code instance_url} pointing here), upsert by external ID ({@code PATCH /services/data/v62.0/sobjects/{object}/
 * Fieldlead_Id__c/{value}}: 201 with {@code created: true}, 200 with {@code created: false}), the composite resource
 * (references {@code @{ref.id}}, {@code allOrNone} rolling back with {@code PROCESSING_HALTED}), and errors as a list
 * of {@code {message, errorCode, fields}}: 401 {@code INVALID_SESSION_ID}, 400 {@code REQUIRED_FIELD_MISSING} and
 * {@code INVALID_FIELD}, 404 {@code NOT_FOUND} for an unknown external-id field.
 */
final class FakeSalesforce extends FakeProvider {

  static final String EXTERNAL_ID = "Fieldlead_Id__c";
  private static final String DATA = "/services/data/v62.0";

  private static final Map<String, Set<String>> FIELDS = Map.of(
      "Lead",
      Set.of(
          "FirstName",
          "LastName",
          "Company",
          "Email",
          "Phone",
          "Title",
          "Website",
          "Industry",
          "Country",
          "City",
          "LeadSource"),
      "Contact",
      Set.of("FirstName", "LastName", "Email", "Phone", "Title", "AccountId"),
      "Account",
      Set.of("Name", "Website", "Industry"),
      "Opportunity",
      Set.of("Name", "Amount", "CloseDate", "StageName", "AccountId"));
  private static final Map<String, List<String>> REQUIRED = Map.of(
      "Lead", List.of("LastName", "Company"),
      "Contact", List.of("LastName"),
      "Account", List.of("Name"),
      "Opportunity", List.of("Name", "StageName", "CloseDate"));
  private static final Map<String, String> PREFIX =
      Map.of("Lead", "00Q", "Contact", "003", "Account", "001", "Opportunity", "006");

  /** object → external id → the record as stored (with its Id). */
  final Map<String, Map<String, Map<String, Object>>> records = new ConcurrentHashMap<>();

  private final AtomicInteger ids = new AtomicInteger();
  /** While set, every upsert is answered 403 {@code REQUEST_LIMIT_EXCEEDED} (the org's daily API limit). */
  volatile boolean limited;

  FakeSalesforce() {
    super("/services/oauth2/token", "sf-refresh-token");
  }

  @Override
  void routes(Router router) {
    router.patch(DATA + "/sobjects/:object/:field/:value").handler(this::upsert);
    router.post(DATA + "/composite").handler(this::composite);
    router.patch(DATA + "/composite/sobjects/:object/:field").handler(this::collection);
  }

  @Override
  void tokenExtras(ObjectNode answer, boolean firstGrant) {
    answer.put("instance_url", url());
    answer.put("id", url() + "/id/00Dxx0000001gPL/005xx000001Sv6e");
    answer.put("token_type", "Bearer");
    answer.put("issued_at", Long.toString(System.currentTimeMillis()));
    answer.put("signature", "c2lnbmF0dXJl");
    answer.put("scope", "api refresh_token");
  }

  private boolean limited(RoutingContext ctx) {
    if (limited) {
      json(
          ctx,
          403,
          List.of(error("TotalRequests Limit exceeded.", "REQUEST_LIMIT_EXCEEDED", null)));
    }
    return limited;
  }

  /**
   * sObject Collections upsert by an external-id field: {@code records[]} with {@code attributes.type}, each saved or
   * refused alone ({@code allOrNone: false}); 200 with one result per record, in order, errors as
   * {@code {statusCode, message, fields}}.
   */
  private void collection(RoutingContext ctx) {
    if (!authorized(ctx)) {
      json(ctx, 401, List.of(error("Session expired or invalid", "INVALID_SESSION_ID", null)));
      return;
    }
    if (limited(ctx)) {
      return;
    }
    String object = ctx.pathParam("object");
    String field = ctx.pathParam("field");
    JsonNode req = Json.MAPPER.valueToTree(ctx.body().asJsonObject().getMap());
    List<Object> results = new ArrayList<>();
    for (JsonNode record : req.path("records")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> body = Json.MAPPER.convertValue(record, Map.class);
      body.remove("attributes");
      Object value = body.remove(field);
      Answer a = upsert(object, field, value == null ? "" : value.toString(), body);
      if (a.status() < 300) {
        results.add(a.body());
      } else {
        List<Object> errors = new ArrayList<>();
        for (Object e : (List<?>) a.body()) {
          Map<?, ?> m = (Map<?, ?>) e;
          Map<String, Object> converted = new LinkedHashMap<>();
          converted.put("statusCode", m.get("errorCode"));
          converted.put("message", m.get("message"));
          converted.put("fields", m.get("fields") == null ? List.of() : m.get("fields"));
          errors.add(converted);
        }
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("success", false);
        failed.put("errors", errors);
        results.add(failed);
      }
    }
    json(ctx, 200, results);
  }

  private void upsert(RoutingContext ctx) {
    if (!authorized(ctx)) {
      json(ctx, 401, List.of(error("Session expired or invalid", "INVALID_SESSION_ID", null)));
      return;
    }
    if (limited(ctx)) {
      return;
    }
    Answer a = upsert(
        ctx.pathParam("object"),
        ctx.pathParam("field"),
        ctx.pathParam("value"),
        Json.MAPPER.convertValue(ctx.body().asJsonObject().getMap(), Map.class));
    json(ctx, a.status(), a.body());
  }

  private record Answer(int status, Object body) {}

  private Answer upsert(String object, String field, String value, Map<String, Object> body) {
    if (!FIELDS.containsKey(object)) {
      return new Answer(
          404, List.of(error("The requested resource does not exist", "NOT_FOUND", null)));
    }
    if (!EXTERNAL_ID.equals(field)) {
      return new Answer(
          404,
          List.of(error(
              "Provided external ID field does not exist or is not accessible: " + field,
              "NOT_FOUND",
              null)));
    }
    for (String f : body.keySet()) {
      if (!FIELDS.get(object).contains(f)) {
        return new Answer(
            400,
            List.of(error(
                "No such column '" + f + "' on sobject of type " + object,
                "INVALID_FIELD",
                List.of(f))));
      }
    }
    Map<String, Map<String, Object>> byExt =
        records.computeIfAbsent(object, k -> new ConcurrentHashMap<>());
    Map<String, Object> existing = byExt.get(value);
    List<String> missing = new ArrayList<>();
    for (String f : REQUIRED.get(object)) {
      Object v = body.containsKey(f) ? body.get(f) : existing == null ? null : existing.get(f);
      if (v == null || v.toString().isBlank()) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      return new Answer(
          400,
          List.of(
              error("Required fields are missing: " + missing, "REQUIRED_FIELD_MISSING", missing)));
    }
    boolean created = existing == null;
    Map<String, Object> rec = created ? new LinkedHashMap<>() : new LinkedHashMap<>(existing);
    if (created) {
      rec.put("Id", PREFIX.get(object) + String.format("%015d", ids.incrementAndGet()));
      rec.put(EXTERNAL_ID, value);
    }
    rec.putAll(body);
    byExt.put(value, rec);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", rec.get("Id"));
    answer.put("success", true);
    answer.put("errors", List.of());
    answer.put("created", created);
    return new Answer(created ? 201 : 200, answer);
  }

  private void composite(RoutingContext ctx) {
    if (!authorized(ctx)) {
      json(ctx, 401, List.of(error("Session expired or invalid", "INVALID_SESSION_ID", null)));
      return;
    }
    JsonNode req = Json.MAPPER.valueToTree(ctx.body().asJsonObject().getMap());
    boolean allOrNone = req.path("allOrNone").asBoolean(false);
    Map<String, Map<String, Map<String, Object>>> before = snapshot();
    Map<String, String> refs = new HashMap<>();
    List<Map<String, Object>> out = new ArrayList<>();
    boolean failed = false;
    for (JsonNode sub : req.path("compositeRequest")) {
      String ref = sub.path("referenceId").asText();
      if (failed) {
        out.add(sub(
            ref,
            400,
            List.of(error(
                "The transaction was rolled back since another operation in the same transaction failed.",
                "PROCESSING_HALTED",
                null))));
        continue;
      }
      String[] parts = sub.path("url").asText().replace(DATA + "/sobjects/", "").split("/");
      Map<String, Object> body = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = sub.path("body").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        String v = f.getValue().isTextual() ? f.getValue().asText() : null;
        if (v != null && v.startsWith("@{") && v.endsWith(".id}")) {
          body.put(f.getKey(), refs.get(v.substring(2, v.length() - 4)));
        } else {
          body.put(f.getKey(), Json.MAPPER.convertValue(f.getValue(), Object.class));
        }
      }
      Answer a = upsert(parts[0], parts[1], parts[2], body);
      out.add(sub(ref, a.status(), a.body()));
      if (a.status() >= 400) {
        failed = true;
        if (allOrNone) {
          for (int i = 0; i < out.size() - 1; i++) {
            out.set(
                i,
                sub(
                    (String) out.get(i).get("referenceId"),
                    400,
                    List.of(error(
                        "The transaction was rolled back since another operation in the same transaction failed.",
                        "PROCESSING_HALTED",
                        null))));
          }
        }
      } else {
        refs.put(ref, (String) ((Map<?, ?>) a.body()).get("id"));
      }
    }
    if (failed && allOrNone) {
      records.clear();
      records.putAll(before);
    }
    json(ctx, 200, Map.of("compositeResponse", out));
  }

  private Map<String, Map<String, Map<String, Object>>> snapshot() {
    Map<String, Map<String, Map<String, Object>>> copy = new ConcurrentHashMap<>();
    records.forEach((o, m) -> {
      Map<String, Map<String, Object>> inner = new ConcurrentHashMap<>();
      m.forEach((k, v) -> inner.put(k, new LinkedHashMap<>(v)));
      copy.put(o, inner);
    });
    return copy;
  }

  private static Map<String, Object> sub(String ref, int status, Object body) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("body", body);
    m.put("httpHeaders", Map.of());
    m.put("httpStatusCode", status);
    m.put("referenceId", ref);
    return m;
  }

  private static Map<String, Object> error(String message, String code, List<String> fields) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("message", message);
    e.put("errorCode", code);
    if (fields != null) {
      e.put("fields", fields);
    }
    return e;
  }

  Map<String, Object> record(String object, String leadId) {
    return records.getOrDefault(object, Map.of()).get(leadId);
  }

  int count(String object) {
    return records.getOrDefault(object, Map.of()).size();
  }
}
