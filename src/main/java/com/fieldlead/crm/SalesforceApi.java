package com.fieldlead.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.outbox.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Salesforce REST API: a lead is upserted as a Lead by the external-id field ({@code PATCH
 * /services/data/vNN.N/sobjects/Lead/{externalIdField}/{leadId}}: 201 created, 200 updated), several in one sObject
 * Collections upsert ({@code PATCH .../composite/sobjects/Lead/{externalIdField}}, up to 200, {@code allOrNone: false}); a converted lead as an
 * Account, a Contact and an Opportunity in one composite request ({@code allOrNone}: all three or none), each
 * upserted by the same external-id field, the Contact and the Opportunity linked to the Account by reference. Errors
 * are Salesforce's list of {@code {message, errorCode, fields}}: {@code INVALID_SESSION_ID} (401) asks for a refresh;
 * 400s (INVALID_FIELD, REQUIRED_FIELD_MISSING, ...) are rejections naming the fields; 403
 * {@code REQUEST_LIMIT_EXCEEDED}, 5xx and no answer are retried.
 */
final class SalesforceApi implements CrmApi {

  static final String LABEL = "Salesforce";
  /** sObject Collections take up to 200 records. */
  static final int MAX_BATCH = 200;

  private static final Map<String, String> OBJECTS =
      Map.of("account", "Account", "contact", "Contact", "opportunity", "Opportunity");

  private final CrmHttp http;
  private final String version;
  private final Clock clock;

  SalesforceApi(CrmHttp http, String version, Clock clock) {
    this.http = http;
    this.version = version;
    this.clock = clock;
  }

  @Override
  public Future<PushResult> push(String accessToken, String instanceUrl, Connection c, Lead lead) {
    try {
      return lead.qualification().conversion() == null
          ? upsertLead(accessToken, instanceUrl, c, lead)
          : upsertConversion(accessToken, instanceUrl, c, lead);
    } catch (FieldMapping.MappingException e) {
      return Future.succeededFuture(PushResult.mapping(e));
    }
  }

  @Override
  public int batchSize() {
    return MAX_BATCH;
  }

  /**
   * Several leads: the unconverted ones in one sObject Collections upsert of Leads by the external-id field
   * ({@code allOrNone: false}: each record succeeds or fails alone, its errors naming its fields), the converted ones
   * one composite request each (their three records must land together). One lead goes as {@link #push}.
   */
  @Override
  public Future<List<PushResult>> pushAll(
      String accessToken, String instanceUrl, Connection c, List<Lead> leads) {
    if (leads.size() == 1) {
      return push(accessToken, instanceUrl, c, leads.get(0)).map(List::of);
    }
    PushResult[] out = new PushResult[leads.size()];
    List<Future<Void>> all = new ArrayList<>();
    List<Integer> plain = new ArrayList<>();
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < leads.size(); i++) {
      Lead lead = leads.get(i);
      int at = i;
      if (lead.qualification().conversion() != null) {
        all.add(push(accessToken, instanceUrl, c, lead).map(r -> {
          out[at] = r;
          return null;
        }));
        continue;
      }
      try {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("attributes", Map.of("type", "Lead"));
        record.putAll(FieldMapping.record(LABEL, "Lead", c.mapping(), lead));
        record.put(c.externalIdField(), lead.id());
        records.add(record);
        plain.add(i);
      } catch (FieldMapping.MappingException e) {
        out[i] = PushResult.mapping(e);
      }
    }
    if (!plain.isEmpty()) {
      all.add(upsertLeads(accessToken, instanceUrl, c, plain, records, out));
    }
    return Future.join(all).transform(x -> Future.succeededFuture(Arrays.asList(out)));
  }

  /** {@code PATCH .../composite/sobjects/Lead/{externalIdField}}: one result per record, in the records' order. */
  private Future<Void> upsertLeads(
      String token,
      String instanceUrl,
      Connection c,
      List<Integer> plain,
      List<Map<String, Object>> records,
      PushResult[] out) {
    String url = instanceUrl + "/services/data/" + version + "/composite/sobjects/Lead/"
        + URLEncoder.encode(c.externalIdField(), StandardCharsets.UTF_8);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("allOrNone", false);
    body.put("records", records);
    return http.json(HttpMethod.PATCH, url, token, body).map(r -> {
      if (r.status() != 200 || r.json() == null || !r.json().isArray()) {
        PushResult f = failure("Lead", r.status(), r.json(), r.text(), r.retryAfter(), r.error());
        plain.forEach(i -> out[i] = f);
        return null;
      }
      for (int k = 0; k < plain.size(); k++) {
        JsonNode result = r.json().get(k);
        int i = plain.get(k);
        if (result == null) {
          out[i] =
              PushResult.retry(200, "Salesforce answered no result for this record", null, null);
        } else if (result.path("success").asBoolean()) {
          boolean created = result.path("created").asBoolean();
          out[i] = PushResult.pushed(result.path("id").asText(null), created, created ? 201 : 200);
        } else {
          ArrayNode errors = Json.MAPPER.createArrayNode();
          result
              .path("errors")
              .forEach(e -> errors.add(Json.MAPPER
                  .createObjectNode()
                  .put("errorCode", e.path("statusCode").asText(null))
                  .put("message", e.path("message").asText(""))
                  .set("fields", e.path("fields"))));
          // a record's error is what a single upsert of it would have answered with 400
          out[i] = failure("Lead", 400, errors, result.toString(), null, null);
        }
      }
      return null;
    });
  }

  private String sobjectPath(Connection c, String object, String leadId) {
    return "/services/data/" + version + "/sobjects/" + object + "/" + c.externalIdField() + "/"
        + URLEncoder.encode(leadId, StandardCharsets.UTF_8);
  }

  private Future<PushResult> upsertLead(String token, String instanceUrl, Connection c, Lead lead) {
    Map<String, Object> body = FieldMapping.record(LABEL, "Lead", c.mapping(), lead);
    return http.json(HttpMethod.PATCH, instanceUrl + sobjectPath(c, "Lead", lead.id()), token, body)
        .map(r -> {
          if (r.status() == 201 || r.status() == 200) {
            return PushResult.pushed(
                r.json().path("id").asText(null), r.status() == 201, r.status());
          }
          if (r.status() == 204) { // API versions before 46.0 answer an update without a body
            return PushResult.pushed(
                lead.bookkeeping().crm() == null
                    ? null
                    : lead.bookkeeping().crm().id(),
                false,
                204);
          }
          return failure("Lead", r.status(), r.json(), r.text(), r.retryAfter(), r.error());
        });
  }

  private Future<PushResult> upsertConversion(
      String token, String instanceUrl, Connection c, Lead lead) {
    Map<String, Object> account = FieldMapping.record(LABEL, "Account", c.mapping(), lead);
    Map<String, Object> contact =
        new LinkedHashMap<>(FieldMapping.record(LABEL, "Contact", c.mapping(), lead));
    Map<String, Object> opportunity =
        new LinkedHashMap<>(FieldMapping.record(LABEL, "Opportunity", c.mapping(), lead));
    contact.put("AccountId", "@{account.id}");
    opportunity.put("AccountId", "@{account.id}");
    List<Map<String, Object>> requests = new ArrayList<>();
    requests.add(sub("account", sobjectPath(c, "Account", lead.id()), account));
    requests.add(sub("contact", sobjectPath(c, "Contact", lead.id()), contact));
    requests.add(sub("opportunity", sobjectPath(c, "Opportunity", lead.id()), opportunity));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("allOrNone", true);
    body.put("compositeRequest", requests);
    String url = instanceUrl + "/services/data/" + version + "/composite";
    return http.json(HttpMethod.POST, url, token, body).map(r -> {
      if (r.status() != 200 || r.json() == null || !r.json().has("compositeResponse")) {
        return failure(null, r.status(), r.json(), r.text(), r.retryAfter(), r.error());
      }
      String contactId = null;
      boolean created = false;
      for (JsonNode sub : r.json().path("compositeResponse")) {
        int status = sub.path("httpStatusCode").asInt();
        if (status >= 300) {
          JsonNode errors = sub.path("body");
          if (errors.isArray()
              && errors.size() > 0
              && "PROCESSING_HALTED".equals(errors.get(0).path("errorCode").asText())) {
            continue; // allOrNone: the others stop; the cause is the one that failed
          }
          String object = OBJECTS.get(sub.path("referenceId").asText());
          PushResult f = failure(object, status, errors, errors.toString(), null, null);
          return f.kind() == PushResult.Kind.REJECTED
              ? PushResult.rejected(status, object + ": " + f.error(), f.field(), f.body())
              : f;
        }
        if ("contact".equals(sub.path("referenceId").asText())) {
          contactId = sub.path("body").path("id").asText(null);
          created = status == 201;
        }
      }
      return PushResult.pushed(contactId, created, 200);
    });
  }

  private static Map<String, Object> sub(String ref, String url, Map<String, Object> body) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", "PATCH");
    m.put("url", url);
    m.put("referenceId", ref);
    m.put("body", body);
    return m;
  }

  /**
   * A Salesforce error answer as a push result: the first error's code, message and fields (named
   * {@code Object.Field} when the object is known).
   */
  PushResult failure(
      String object, int status, JsonNode json, String text, String retryAfter, String error) {
    if (status == 0) {
      return PushResult.retry(0, error, null, null);
    }
    JsonNode first = json != null && json.isArray() && json.size() > 0 ? json.get(0) : null;
    String code = first == null ? null : first.path("errorCode").asText(null);
    String message =
        first == null ? "HTTP " + status : code + ": " + first.path("message").asText();
    String body = text == null || text.length() <= 300 ? text : text.substring(0, 300);
    if (status == 401 || "INVALID_SESSION_ID".equals(code)) {
      return PushResult.unauthorized(status, message, body);
    }
    if (status == 429 || status >= 500 || "REQUEST_LIMIT_EXCEEDED".equals(code)) {
      return PushResult.retry(
          status, message, RetryPolicy.retryAfter(retryAfter, clock.instant()), body);
    }
    List<String> fields = new ArrayList<>();
    if (first != null) {
      first.path("fields").forEach(f -> fields.add(f.asText()));
    }
    return PushResult.rejected(
        status,
        fields.isEmpty() ? message : message + " (fields: " + String.join(", ", fields) + ")",
        fields.isEmpty()
            ? null
            : String.join(
                ",",
                fields.stream().map(f -> object == null ? f : object + "." + f).toList()),
        body);
  }
}
