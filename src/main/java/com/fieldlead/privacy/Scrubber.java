package com.fieldlead.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.SearchKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * Takes a person's data out of a stored document, in place: pure. Strings that contain the person's email, phone or
 * name (compared as search keys: case- and accent-insensitive) become {@value #ERASED}; so do free-text fields (a
 * note's text, a call's summary, a task's title) and, in the records that copy a lead's fields (history entries, sync
 * conflicts, rejections and stored push results), every value that is not an id, a code or a time. Locations are
 * removed.
 */
final class Scrubber {

  static final String ERASED = "[erased]";
  private static final String RESULT_JSON = "resultJson";
  private static final String PERSON_ERASED = "PERSON_ERASED";

  /** Collections whose documents copy a lead's fields wholesale. */
  static final Set<String> FIELD_COPIES =
      Set.of("lead_history", "sync_conflicts", "sync_rejections", "sync_mutations");

  private static final Set<String> FREE_TEXT = Set.of(
      "summary",
      "subject",
      "text",
      "address",
      "title",
      "notes",
      "note",
      "statusReason",
      "body",
      "message",
      "raw",
      "responseBody");

  /** Keys whose values identify or classify, never describe the person; kept as they are. */
  private static final Set<String> STRUCTURAL = Set.of(
      "_id",
      "id",
      "tenantId",
      "leadId",
      "entityId",
      "entityType",
      "userId",
      "deviceId",
      "teamId",
      "teamIds",
      "ownerId",
      "assigneeId",
      "createdBy",
      "capturedBy",
      "by",
      "device",
      "status",
      "code",
      "field",
      "action",
      "type",
      "kind",
      "op",
      "operation",
      "clientMutationId",
      "mutationId",
      "subscriptionId",
      "eventId",
      "eventType",
      "otherLeadId",
      "mergedInto",
      "conflictId",
      "rejectionId",
      "taskId",
      "activityId",
      "attachmentId");

  private final List<String> needles;

  /** @param needles the person's email, phone and names, in any case (blank ones are ignored) */
  Scrubber(List<String> needles) {
    List<String> keys = new ArrayList<>();
    for (String n : needles) {
      String k = SearchKeys.text(n);
      if (k.length() >= 2 && !keys.contains(k)) {
        keys.add(k);
      }
    }
    this.needles = List.copyOf(keys);
  }

  /** Whether {@code s} names the person. */
  boolean names(String s) {
    String k = SearchKeys.text(s);
    for (String n : needles) {
      if (k.contains(n)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Scrubs {@code doc} of {@code collection} in place; answers whether anything changed. A webhook delivery not sent yet
   * is given up ({@code failed}: its body is gone). A phone's stored push result
   * ({@code sync_mutations.resultJson}) becomes a {@code PERSON_ERASED} rejection of the same mutation, so that a
   * phone retrying the push gets an answer it understands (a duplicate of that rejection), not an unreadable one.
   */
  boolean scrub(String collection, Document doc) {
    boolean[] changed = {false};
    String erasedResult =
        "sync_mutations".equals(collection) && doc.get(RESULT_JSON) instanceof String json
            ? erasedResult(json)
            : null;
    scrubMap(doc, FIELD_COPIES.contains(collection), changed);
    if (erasedResult != null && changed[0]) {
      doc.put(RESULT_JSON, erasedResult);
    }
    if ("webhook_deliveries".equals(collection)
        && changed[0]
        && "pending".equals(doc.get("status"))) {
      // not sent after all: its body is gone (the delivery log keeps the attempt's metadata)
      doc.put("status", "failed");
      doc.put("error", "the person's data was erased; not sent");
    }
    return changed[0];
  }

  /** The push result of the same mutation, rejected {@code PERSON_ERASED}, with none of the person's values. */
  static String erasedResult(String resultJson) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    try {
      JsonNode was = Json.MAPPER.readTree(resultJson);
      for (String id : List.of("clientMutationId", "entityType", "entityId")) {
        if (was.hasNonNull(id)) {
          out.put(id, was.get(id).asText());
        }
      }
    } catch (IOException e) {
      // unreadable already: the rejection below still answers the retry
    }
    out.put("result", "rejected");
    out.put("code", PERSON_ERASED);
    out.putArray("errors")
        .addObject()
        .put("field", "/entityId")
        .put("code", PERSON_ERASED)
        .put("message", "the person's data was erased");
    return out.toString();
  }

  private void scrubMap(Map<String, Object> map, boolean copies, boolean[] changed) {
    for (String key : new ArrayList<>(map.keySet())) {
      Object value = map.get(key);
      if ("location".equals(key)) {
        map.remove(key);
        changed[0] = true;
        continue;
      }
      Object next = scrubValue(key, value, copies, changed);
      if (next != value) {
        map.put(key, next);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Object scrubValue(String key, Object value, boolean copies, boolean[] changed) {
    if (value instanceof String s) {
      boolean erase = !ERASED.equals(s)
          && (names(s)
              || (FREE_TEXT.contains(key) && !s.isEmpty())
              || (copies && !STRUCTURAL.contains(key)));
      if (erase) {
        changed[0] = true;
        return ERASED;
      }
      return value;
    }
    if (value instanceof Map<?, ?> m) {
      scrubMap((Map<String, Object>) m, copies, changed);
      return value;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(scrubValue(key, item, copies, changed));
      }
      return out;
    }
    return value;
  }
}
