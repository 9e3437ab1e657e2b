package com.fieldlead.privacy;

import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.SearchKeys;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;

/**
 * Who a data-rights request is about: the leads of the tenant with the given id, or with the given email, and every
 * other lead of the tenant with the same email (the same person captured twice), tombstones included, with the
 * tombstones of the leads merged into them.
 */
final class Subjects {

  /** A request's subject: one of the two is set. */
  record Request(String leadId, String email) {}

  /** The person's leads, and the values that identify them in stored documents. */
  record Person(List<Lead> leads) {

    List<String> ids() {
      return leads.stream().map(Lead::id).toList();
    }

    List<String> emails() {
      return leads.stream()
          .map(l -> l.contact().email())
          .filter(e -> e != null && !e.isBlank())
          .map(SearchKeys::email)
          .distinct()
          .toList();
    }

    /** Email, phone (as stored and as typed), first, last and full name of every lead. */
    List<String> needles() {
      List<String> all = new ArrayList<>();
      for (Lead l : leads) {
        add(all, l.contact().email());
        add(all, l.contact().phone());
        add(all, l.contact().phoneRaw());
        add(all, l.contact().firstName());
        add(all, l.contact().lastName());
        add(all, SearchKeys.name(l.contact().firstName(), l.contact().lastName()));
      }
      return all;
    }

    /** What marks a stored document as about the person: lead ids, email, phones. */
    StoreSweep.Marks marks() {
      List<String> texts = new ArrayList<>(emails());
      for (Lead l : leads) {
        if (l.contact().phone() != null && l.contact().phone().length() >= 6) {
          texts.add(l.contact().phone().toLowerCase(Locale.ROOT));
        }
      }
      return new StoreSweep.Marks(ids(), texts.stream().distinct().toList());
    }

    private static void add(List<String> all, String s) {
      if (s != null && !s.isBlank()) {
        all.add(s);
      }
    }
  }

  private final MongoCollection<Document> leads;
  private final LeadModule module;

  Subjects(MongoStore store, LeadModule module) {
    this.leads = store.collection(LeadFields.LEADS);
    this.module = module;
  }

  /**
   * Adds to {@code all} the tombstones of the leads merged into its leads (the same person captured twice, maybe with
   * another email or phone), and theirs, until none is new.
   */
  private Future<Void> mergedInto(String tenantId, Map<String, Lead> all) {
    if (all.isEmpty()) {
      return Future.succeededFuture();
    }
    return MongoFutures.list(leads.find(Filters.and(
            Filters.eq(LeadFields.TENANT_ID, tenantId),
            Filters.in(LeadFields.MERGED_INTO, new ArrayList<>(all.keySet())))))
        .compose(docs -> {
          boolean grew = false;
          for (Document d : docs) {
            Lead l = LeadModule.fromStored(d);
            grew |= all.putIfAbsent(l.id(), l) == null;
          }
          return grew ? mergedInto(tenantId, all) : Future.succeededFuture();
        });
  }

  /** The person a request names in the tenant; 400 unless exactly one of lead id and email is given, 404 if none. */
  Future<Person> resolve(String tenantId, Request r) {
    boolean byId = r.leadId() != null && !r.leadId().isBlank();
    boolean byEmail = r.email() != null && !r.email().isBlank();
    if (byId == byEmail) {
      return Future.failedFuture(new ProblemException(
          ErrorCode.VALIDATION_FAILED,
          "give exactly one of leadId and email",
          List.of(new FieldError("/leadId", "oneOf", "give exactly one of leadId and email")),
          Map.of()));
    }
    Future<List<String>> emails = byId
        ? module.lead(tenantId, r.leadId()).map(l -> {
          Lead lead = l.orElseThrow(() -> ProblemException.notFound("lead " + r.leadId()));
          return lead.contact().email() == null
              ? List.<String>of()
              : List.of(lead.contact().email());
        })
        : Future.succeededFuture(List.of(r.email()));
    return emails.compose(es -> {
      List<Document> none = List.of();
      Future<List<Document>> sameEmail = es.isEmpty()
          ? Future.succeededFuture(none)
          : MongoFutures.list(leads.find(Filters.and(
              Filters.eq(LeadFields.TENANT_ID, tenantId),
              Filters.in(
                  LeadFields.EMAIL_NORM, es.stream().map(SearchKeys::email).toList()))));
      return sameEmail.compose(docs -> {
        Map<String, Lead> all = new LinkedHashMap<>();
        docs.forEach(d -> {
          Lead l = LeadModule.fromStored(d);
          all.put(l.id(), l);
        });
        Future<Void> named = byId && !all.containsKey(r.leadId())
            ? module.lead(tenantId, r.leadId()).map(l -> {
              l.ifPresent(x -> all.put(x.id(), x));
              return null;
            })
            : Future.succeededFuture();
        return named.compose(v -> mergedInto(tenantId, all)).map(v -> {
          if (all.isEmpty()) {
            throw ProblemException.notFound("lead with that email");
          }
          return new Person(List.copyOf(all.values()));
        });
      });
    });
  }
}
