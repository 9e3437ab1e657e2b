package com.fieldlead.events;

import com.fieldlead.store.CallerTrace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * A {@link DomainEvent} as a BSON document, the same shape in a lead's {@code pendingEvents} and in the event log
 * (where {@code _id} is added). Instants are BSON dates; data values are stored as given (strings, numbers, booleans,
 * instants as dates).
 */
public final class DomainEventCodec {

  public static final String ID = "id";
  public static final String TENANT_ID = "tenantId";
  public static final String TYPE = "type";
  public static final String LEAD_ID = "leadId";
  public static final String DATA = "data";
  public static final String OCCURRED_AT = "occurredAt";
  public static final String RECIPIENTS = "recipients";
  public static final String TRACEPARENT = "traceparent";

  private DomainEventCodec() {}

  /**
   * The stored form. An event without a trace context takes the caller's (the request that writes it, when tracing
   * is on).
   */
  public static Document toDocument(DomainEvent e) {
    Document data = new Document();
    e.data().forEach((k, v) -> data.append(k, v instanceof Instant i ? Date.from(i) : v));
    Document d = new Document(ID, e.id())
        .append(TENANT_ID, e.tenantId())
        .append(TYPE, e.type())
        .append(LEAD_ID, e.leadId())
        .append(DATA, data)
        .append(OCCURRED_AT, Date.from(e.occurredAt()));
    if (e.recipients() != null) {
      d.append(RECIPIENTS, e.recipients());
    }
    String traceparent =
        e.traceparent() != null ? e.traceparent() : CallerTrace.currentTraceparent();
    if (traceparent != null) {
      d.append(TRACEPARENT, traceparent);
    }
    return d;
  }

  /** Every event's stored form, in order. */
  public static List<Document> toDocuments(List<DomainEvent> events) {
    List<Document> out = new ArrayList<>();
    events.forEach(e -> out.add(toDocument(e)));
    return out;
  }

  /** Back from the stored form (dates in {@code data} come back as instants). */
  public static DomainEvent fromDocument(Document d) {
    Map<String, Object> data = new LinkedHashMap<>();
    Document stored = d.get(DATA, Document.class);
    if (stored != null) {
      stored.forEach((k, v) -> data.put(k, v instanceof Date date ? date.toInstant() : v));
    }
    @SuppressWarnings("unchecked")
    List<String> recipients = (List<String>) d.get(RECIPIENTS);
    String id = d.getString(ID) != null ? d.getString(ID) : d.getString("_id");
    return new DomainEvent(
        id,
        d.getString(TENANT_ID),
        d.getString(TYPE),
        d.getString(LEAD_ID),
        data,
        d.getDate(OCCURRED_AT).toInstant(),
        recipients,
        d.getString(TRACEPARENT));
  }
}
