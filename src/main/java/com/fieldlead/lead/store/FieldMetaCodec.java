package com.fieldlead.lead.store;

import com.fieldlead.lead.model.LeadFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * How a lead's {@code fieldMeta} is stored: each distinct stamp (version, time, user, device) once, and per field the
 * number of its stamp, instead of a stamp per field. A capture stamps its thirty-odd fields alike, so the stored form
 * is about 500 bytes instead of 3.5 KB (about half of a stored lead), which every write, read and compaction of the
 * lead pays for. The record and the API keep the per-field map; only the stored document changes. A document written
 * before this form (a stamp per field) is read as it is.
 */
final class FieldMetaCodec {

  /** The distinct stamps, in order of first use. */
  static final String STAMPS = "_stamps";
  /** Field name to the index of its stamp in {@link #STAMPS}, in the map's order. */
  static final String FIELDS = "_fields";

  private FieldMetaCodec() {}

  /** {@code doc} with its {@code fieldMeta} (a stamp per field) replaced by the stored form; in place. */
  static Document compact(Document doc) {
    Object meta = doc.get(LeadFields.FIELD_META);
    // nested values are plain maps in a document about to be written, documents in one read back
    if (meta instanceof Map<?, ?> perField && !perField.containsKey(STAMPS)) {
      doc.put(LeadFields.FIELD_META, compactMeta(perField));
    }
    return doc;
  }

  /** {@code doc} with a stored-form {@code fieldMeta} expanded to a stamp per field; in place. */
  static Document expand(Document doc) {
    Object meta = doc.get(LeadFields.FIELD_META);
    if (meta instanceof Map<?, ?> stored && stored.containsKey(STAMPS)) {
      doc.put(LeadFields.FIELD_META, expandMeta(stored));
    }
    return doc;
  }

  static Document compactMeta(Map<?, ?> perField) {
    List<Object> stamps = new ArrayList<>();
    Map<Object, Integer> numbers = new HashMap<>();
    Document fields = new Document();
    perField.forEach((field, stamp) -> {
      Integer n = numbers.get(stamp);
      if (n == null) {
        n = stamps.size();
        stamps.add(stamp);
        numbers.put(stamp, n);
      }
      fields.append((String) field, n);
    });
    return new Document(STAMPS, stamps).append(FIELDS, fields);
  }

  static Document expandMeta(Map<?, ?> stored) {
    List<?> stamps = (List<?>) stored.get(STAMPS);
    Map<?, ?> fields = (Map<?, ?>) stored.get(FIELDS);
    Document perField = new Document();
    if (fields != null) {
      fields.forEach(
          (field, n) -> perField.append((String) field, stamps.get(((Number) n).intValue())));
    }
    return perField;
  }
}
