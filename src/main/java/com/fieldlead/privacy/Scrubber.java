package com.fieldlead.privacy;

import com.fieldlead.lead.SearchKeys;
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

  /** Scrubs {@code doc} of {@code collection} in place; answers whether anything changed. */
  boolean scrub(String collection, Document doc) {
    boolean[] changed = {false};
    scrubMap(doc, FIELD_COPIES.contains(collection), changed);
    return changed[0];
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
