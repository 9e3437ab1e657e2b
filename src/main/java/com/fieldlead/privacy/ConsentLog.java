package com.fieldlead.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.SearchKeys;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The tenant's consent log: every consent statement on its leads (append-only on the lead, see the lead API), one
 * entry per statement with the lead's id, newest first. It is read from the leads themselves, so it can never
 * disagree with them; erased people's statements are gone with the rest of their data.
 */
final class ConsentLog {

  /** What a query filters on; null members do not filter. */
  record Query(
      String leadId,
      String email,
      String purpose,
      Boolean granted,
      Instant since,
      Instant until,
      int limit) {}

  /** One statement, with the lead it is on. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(
      String leadId,
      String purpose,
      Boolean granted,
      Instant at,
      String method,
      String textVersion,
      String source,
      String address,
      String capturedBy) {}

  private final MongoCollection<Document> leads;

  ConsentLog(MongoStore store) {
    this.leads = store.collection(LeadFields.LEADS);
  }

  /**
   * The statements matching {@code q}, newest first. Without a lead or email it reads the consents of every live lead
   * of the tenant that has any (a pass over the tenant's leads, projected to their consents: for audits and
   * reports, not for a hot path).
   */
  Future<List<Entry>> query(String tenantId, Query q) {
    List<Bson> and = new ArrayList<>();
    and.add(Filters.eq(LeadFields.TENANT_ID, tenantId));
    and.add(Filters.eq(LeadFields.DELETED_AT, null));
    and.add(Filters.exists(LeadFields.CONSENTS));
    if (q.leadId() != null) {
      and.add(Filters.eq(LeadFields.ID, q.leadId()));
    }
    if (q.email() != null) {
      and.add(Filters.eq(LeadFields.EMAIL_NORM, SearchKeys.email(q.email())));
    }
    return MongoFutures.list(leads
            .find(Filters.and(and))
            .projection(Projections.include(
                LeadFields.ID, LeadFields.TENANT_ID, LeadFields.VERSION, LeadFields.CONSENTS)))
        .map(docs -> {
          List<Entry> out = new ArrayList<>();
          for (Document d : docs) {
            Lead lead = LeadModule.fromStored(d);
            if (lead.qualification().consents() == null) {
              continue;
            }
            for (Lead.Consent c : lead.qualification().consents()) {
              if (matches(c, q)) {
                out.add(new Entry(
                    lead.id(),
                    c.purpose(),
                    c.granted(),
                    c.at(),
                    c.method(),
                    c.textVersion(),
                    c.source(),
                    c.address(),
                    c.capturedBy()));
              }
            }
          }
          out.sort(Comparator.comparing(Entry::at, Comparator.nullsLast(Comparator.reverseOrder()))
              .thenComparing(Entry::leadId));
          return out.size() > q.limit() ? List.copyOf(out.subList(0, q.limit())) : out;
        });
  }

  private static boolean matches(Lead.Consent c, Query q) {
    return (q.purpose() == null || q.purpose().equals(c.purpose()))
        && (q.granted() == null || q.granted().equals(c.granted()))
        && (q.since() == null || (c.at() != null && !c.at().isBefore(q.since())))
        && (q.until() == null || (c.at() != null && c.at().isBefore(q.until())));
  }
}
