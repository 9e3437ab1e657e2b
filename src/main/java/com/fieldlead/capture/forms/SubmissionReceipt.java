package com.fieldlead.capture.forms;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;

/**
 * The evidence an accepted submission leaves: which form, which lead, what became of it, when and from which client
 * address, its attribution, and, when consent was given, the statement's purpose, text and version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SubmissionReceipt(
    String id,
    String formId,
    String leadId,
    String outcome,
    Instant at,
    String address,
    Map<String, String> attribution,
    Consent consent) {

  /** The consent as given. */
  record Consent(
      String purpose, String version, String text, boolean granted, Instant at, String address) {}

  static SubmissionReceipt fromDocument(Document d) {
    Map<String, String> attribution = new LinkedHashMap<>();
    Document a = d.get("attribution", Document.class);
    if (a != null) {
      a.forEach((k, v) -> attribution.put(k, String.valueOf(v)));
    }
    Document c = d.get("consent", Document.class);
    return new SubmissionReceipt(
        d.getString("id"),
        d.getString(MongoFormRepository.FORM),
        d.getString("leadId"),
        d.getString("outcome"),
        d.getDate(MongoFormRepository.AT).toInstant(),
        d.getString("address"),
        attribution,
        c == null
            ? null
            : new Consent(
                c.getString("purpose"),
                c.getString("version"),
                c.getString("text"),
                Boolean.TRUE.equals(c.getBoolean("granted")),
                c.getDate("at").toInstant(),
                c.getString("address")));
  }
}
