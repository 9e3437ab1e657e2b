package com.fieldlead.lead.model;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applying a JSON merge patch to a lead's writable fields, and the per-field difference between two states (for the
 * history, the per-field change metadata and, later, per-field merges of offline edits). Pure.
 */
public final class LeadChanges {

  /** One changed top-level field with its old and new JSON values ({@code null} node when absent). */
  public record Change(String field, JsonNode before, JsonNode after) {}

  private LeadChanges() {}

  /**
   * {@code base} with the fields of {@code patch} set (JSON null removes a field). Server-owned and unknown fields are
   * rejected naming the field; values of the wrong JSON type are rejected naming the field.
   *
   * @param allowId whether {@code id} may appear (create)
   */
  public static Lead apply(Lead base, ObjectNode patch, boolean allowId) {
    List<FieldError> errors = new ArrayList<>();
    for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (allowId && f.equals(LeadFields.ID)) {
        continue;
      }
      if (f.equals(LeadFields.HOT_AT_CAPTURE) || f.equals(LeadFields.SCAN)) {
        errors.add(new FieldError(
            "/" + f, "createOnly", f + " can only be given when the lead is captured"));
      } else if (LeadFields.SERVER_OWNED.contains(f)) {
        errors.add(
            new FieldError("/" + f, "readOnly", f + " is set by the server and cannot be written"));
      } else if (!LeadFields.WRITABLE.contains(f)) {
        errors.add(new FieldError("/" + f, "unknown", "unknown field '" + f + "'"));
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.VALIDATION_FAILED, errors.get(0).message(), errors, Map.of());
    }
    // only the patched fields are read from JSON; the others keep the base's very values
    Object[] args = LeadComponents.values(base);
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String f = e.getKey();
      if (allowId && f.equals(LeadFields.ID)) {
        continue;
      }
      int at = LeadComponents.position(f);
      args[at] = e.getValue().isNull() ? null : read(f, at, e.getValue());
      if (f.equals(
          LeadFields
              .PHONE)) { // a new phone is normalised again: forget what was derived from the old
        // one
        args[LeadComponents.position(LeadFields.PHONE_RAW)] = null;
        args[LeadComponents.position(LeadFields.PHONE_VALID)] = null;
      }
    }
    return LeadComponents.of(args);
  }

  /** One patched field's JSON as its component's type; a type error names the field (and the path inside it). */
  private static Object read(String field, int at, JsonNode value) {
    try {
      return READERS[at].readValue(value);
    } catch (JsonMappingException e) {
      StringBuilder path = new StringBuilder("/").append(field);
      e.getPath()
          .forEach(r -> path.append('/')
              .append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex())));
      throw ProblemException.invalidField(path.toString(), "type", e.getOriginalMessage());
    } catch (IOException e) {
      throw ProblemException.invalidField("/" + field, "invalid", e.getMessage());
    }
  }

  /**
   * {@code after} with the changes of a history entry undone: each delta's field set back to its {@code before} value
   * (fields that are not lead fields are skipped). The lead a write was made over, as far as the write's listeners can
   * tell: every field it changed holds its old value again.
   */
  public static Lead undo(Lead after, List<LeadHistoryEntry.FieldDelta> deltas) {
    Object[] args = LeadComponents.values(after);
    for (LeadHistoryEntry.FieldDelta d : deltas) {
      int at = LeadComponents.position(d.field());
      if (at >= 0) {
        args[at] =
            d.before() == null ? null : read(d.field(), at, Json.MAPPER.valueToTree(d.before()));
      }
    }
    return LeadComponents.of(args);
  }

  /** A reader per lead field, in {@link LeadComponents#names()} order: the field's JSON as its declared type. */
  private static final ObjectReader[] READERS = readers();

  private static ObjectReader[] readers() {
    var out = new ObjectReader[LeadComponents.count()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Json.MAPPER.readerFor(Json.MAPPER.constructType(LeadComponents.type(i)));
    }
    return out;
  }

  /** The writable fields that differ between {@code before} (null: nothing) and {@code after}. */
  public static List<Change> diff(Lead before, Lead after) {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < WRITABLE_POSITIONS.length; i++) {
      Object x = before == null ? null : LeadComponents.value(before, WRITABLE_POSITIONS[i]);
      Object y = LeadComponents.value(after, WRITABLE_POSITIONS[i]);
      if (Objects.equals(x, y)) {
        continue; // equal values write equal JSON: only the fields that differ are turned into
        // trees
      }
      JsonNode xs = x == null ? NullNode.instance : Json.MAPPER.valueToTree(x);
      JsonNode ys = y == null ? NullNode.instance : Json.MAPPER.valueToTree(y);
      if (!Objects.equals(xs, ys)) {
        changes.add(new Change(LeadFields.WRITABLE.get(i), xs, ys));
      }
    }
    return changes;
  }

  /** The record position of each writable field, in {@link LeadFields#WRITABLE} order. */
  private static final int[] WRITABLE_POSITIONS = LeadFields.WRITABLE.stream()
      .mapToInt(f -> {
        int at = LeadComponents.position(f);
        if (at < 0) {
          throw new IllegalStateException("writable field " + f + " is not a lead field");
        }
        return at;
      })
      .toArray();

  /** {@code meta} with each changed field stamped by this write. */
  public static Map<String, Lead.FieldChange> touch(
      Map<String, Lead.FieldChange> meta,
      List<Change> changes,
      long version,
      Instant at,
      String by,
      String device) {
    Map<String, Lead.FieldChange> out = new LinkedHashMap<>(meta == null ? Map.of() : meta);
    for (Change c : changes) {
      out.put(c.field(), new Lead.FieldChange(version, at, by, device));
    }
    return out;
  }
}
