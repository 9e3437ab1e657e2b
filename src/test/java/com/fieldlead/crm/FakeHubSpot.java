package com.fieldlead.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HubSpot answering as its CRM v3 API documents: the OAuth token endpoint ({@code /oauth/v1/token},
 * {@code expires_in} 1800), batch upsert of contacts and deals by a unique {@code idProperty}
 * ({@code results[].new}, {@code objectWriteTraceId} echoed; one invalid input refuses the whole batch), the v4 default
 * association (one, and in batches), 401 with {@code category}, 400 {@code VALIDATION_ERROR}
 * naming the property in its message, and scripted 429s ({@code errorType: RATE_LIMIT}, {@code policyName}, with or
 * without {@code Retry-After}).
 */
final class FakeHubSpot extends FakeProvider {

  static final String ID_PROPERTY = "fieldlead_id";
  private static final Map<String, Set<String>> PROPERTIES = Map.of(
      "contacts",
      Set.of(
          "email",
          "firstname",
          "lastname",
          "phone",
          "company",
          "jobtitle",
          "website",
          "country",
          "city"),
      "deals",
      Set.of("dealname", "amount", "closedate", "dealstage", "pipeline"));

  /** A scripted 429: its policy and Retry-After header (null: none). */
  record RateLimit(String policyName, String retryAfter) {}

  /** collection → idProperty value → properties (with hs_object_id). */
  final Map<String, Map<String, Map<String, String>>> records = new ConcurrentHashMap<>();

  final List<String> associations = new CopyOnWriteArrayList<>();
  final ConcurrentLinkedQueue<RateLimit> rateLimits = new ConcurrentLinkedQueue<>();
  /** While set, every upsert is answered this 429 (a burst that exhausted the limit). */
  volatile RateLimit holding;

  private final AtomicInteger ids = new AtomicInteger(1000);

  FakeHubSpot() {
    super("/oauth/v1/token", "hs-refresh-token");
  }

  @Override
  void routes(Router router) {
    router.post("/crm/v3/objects/:collection/batch/upsert").handler(this::upsert);
    router
        .put("/crm/v4/objects/deal/:dealId/associations/default/contact/:contactId")
        .handler(this::associate);
    router
        .post("/crm/v4/associations/:from/:to/batch/associate/default")
        .handler(this::associateBatch);
  }

  @Override
  void tokenExtras(ObjectNode answer, boolean firstGrant) {
    answer.put("token_type", "bearer");
    answer.put("expires_in", 1800);
    if (!firstGrant) {
      answer.put("refresh_token", refreshToken);
    }
  }

  private void upsert(RoutingContext ctx) {
    if (!authorized(ctx)) {
      json(
          ctx,
          401,
          Map.of(
              "status", "error",
              "message",
                  "Authentication credentials not found. This API supports OAuth 2.0 authentication.",
              "correlationId", UUID.randomUUID().toString(),
              "category", "INVALID_AUTHENTICATION"));
      return;
    }
    RateLimit limit = holding != null ? holding : rateLimits.poll();
    if (limit != null) {
      if (limit.retryAfter() != null) {
        ctx.response().putHeader("Retry-After", limit.retryAfter());
      }
      json(
          ctx,
          429,
          Map.of(
              "status",
              "error",
              "message",
              "You have reached your " + limit.policyName().toLowerCase() + " limit.",
              "errorType",
              "RATE_LIMIT",
              "correlationId",
              UUID.randomUUID().toString(),
              "policyName",
              limit.policyName()));
      return;
    }
    String collection = ctx.pathParam("collection");
    JsonNode body = Json.MAPPER.valueToTree(ctx.body().asJsonObject().getMap());
    List<Map<String, Object>> results = new ArrayList<>();
    for (JsonNode input : body.path("inputs")) {
      if (!ID_PROPERTY.equals(input.path("idProperty").asText())) {
        validation(ctx, input.path("idProperty").asText(), "PROPERTY_DOESNT_EXIST");
        return;
      }
      Iterator<String> names = input.path("properties").fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!PROPERTIES.getOrDefault(collection, Set.of()).contains(name)) {
          validation(ctx, name, "PROPERTY_DOESNT_EXIST");
          return;
        }
      }
    }
    for (JsonNode input : body.path("inputs")) {
      Map<String, Map<String, String>> byId =
          records.computeIfAbsent(collection, k -> new ConcurrentHashMap<>());
      String key = input.path("id").asText();
      Map<String, String> existing = byId.get(key);
      boolean created = existing == null;
      Map<String, String> props = created ? new LinkedHashMap<>() : new LinkedHashMap<>(existing);
      if (created) {
        props.put("hs_object_id", Integer.toString(ids.incrementAndGet()));
        props.put(ID_PROPERTY, key);
      }
      input
          .path("properties")
          .fields()
          .forEachRemaining(f -> props.put(f.getKey(), f.getValue().asText()));
      byId.put(key, props);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("id", props.get("hs_object_id"));
      result.put("properties", props);
      result.put("createdAt", "2026-06-10T10:00:00.000Z");
      result.put("updatedAt", "2026-06-10T10:00:00.000Z");
      result.put("archived", false);
      result.put("new", created);
      if (input.hasNonNull("objectWriteTraceId")) {
        result.put("objectWriteTraceId", input.path("objectWriteTraceId").asText());
      }
      results.add(result);
    }
    json(
        ctx,
        200,
        Map.of(
            "status", "COMPLETE",
            "results", results,
            "startedAt", "2026-06-10T10:00:00.000Z",
            "completedAt", "2026-06-10T10:00:00.100Z"));
  }

  /** HubSpot's 400 for a bad property: the details as JSON inside {@code message}. */
  private static void validation(RoutingContext ctx, String name, String error) {
    String detail = "[{\"isValid\":false,\"message\":\"Property \\\"" + name
        + "\\\" does not exist\",\"error\":\"" + error + "\",\"name\":\"" + name
        + "\",\"localizedErrorMessage\":\"Property \\\"" + name + "\\\" does not exist\"}]";
    json(
        ctx,
        400,
        Map.of(
            "status",
            "error",
            "message",
            "Property values were not valid: " + detail,
            "correlationId",
            UUID.randomUUID().toString(),
            "category",
            "VALIDATION_ERROR"));
  }

  private void associate(RoutingContext ctx) {
    if (!authorized(ctx)) {
      json(
          ctx,
          401,
          Map.of("status", "error", "message", "expired", "category", "EXPIRED_AUTHENTICATION"));
      return;
    }
    associations.add(ctx.pathParam("dealId") + "->" + ctx.pathParam("contactId"));
    json(ctx, 200, Map.of("status", "COMPLETE", "results", List.of()));
  }

  /** The v4 batch default association: {@code inputs[].from.id} to {@code inputs[].to.id}. */
  private void associateBatch(RoutingContext ctx) {
    if (!authorized(ctx)) {
      json(
          ctx,
          401,
          Map.of("status", "error", "message", "expired", "category", "EXPIRED_AUTHENTICATION"));
      return;
    }
    JsonNode body = Json.MAPPER.valueToTree(ctx.body().asJsonObject().getMap());
    List<Map<String, Object>> results = new ArrayList<>();
    for (JsonNode input : body.path("inputs")) {
      String from = input.path("from").path("id").asText();
      String to = input.path("to").path("id").asText();
      associations.add(from + "->" + to);
      results.add(Map.of(
          "from",
          Map.of("id", from),
          "to",
          Map.of("id", to),
          "associationSpec",
          Map.of("associationCategory", "HUBSPOT_DEFINED", "associationTypeId", 3)));
    }
    json(ctx, 200, Map.of("status", "COMPLETE", "results", results));
  }

  Map<String, String> record(String collection, String leadId) {
    return records.getOrDefault(collection, Map.of()).get(leadId);
  }

  int count(String collection) {
    return records.getOrDefault(collection, Map.of()).size();
  }
}
