package com.fieldlead.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.activity.TaskService;
import com.fieldlead.attachment.AttachmentService;
import com.fieldlead.auth.AuditTrail;
import com.fieldlead.auth.Principal;
import com.fieldlead.json.Json;
import com.fieldlead.lead.LeadService;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Export and erasure of what is stored about a person (GDPR articles 15, 17 and 20; CCPA access and deletion). */
final class PrivacyService {

  private static final Logger LOG = LoggerFactory.getLogger(PrivacyService.class);
  private static final JsonWriterSettings RELAXED =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  /** Collections an erasure leaves alone: the leads (rewritten on their own) and its own records. */
  private static final Set<String> NOT_SWEPT =
      Set.of(LeadFields.LEADS, "audit_log", Suppressions.COLLECTION);

  /** Named sections of an export, by the collection their records come from. */
  private static final Map<String, String> SECTIONS = Map.of(
      "lead_history", "history",
      "activities", "activities",
      "tasks", "tasks",
      "attachment_records", "attachments",
      "notifications", "notifications",
      "webhook_deliveries", "webhookDeliveries");

  /**
   * The stored form's marker of a lead document, when the store has one (schema migrations): a bare tombstone keeps it
   * so that no migration mistakes it for a lead of an earlier release and rewrites it.
   */
  private static final String STORED_FORM = "_sv";

  /** What a lead's tombstone keeps after an erasure: ids, its place in sync and scope, and times. */
  private static final List<String> TOMBSTONE_KEEPS = List.of(
      "_id",
      LeadFields.ID,
      LeadFields.TENANT_ID,
      LeadFields.VERSION,
      LeadFields.STATUS,
      LeadFields.OWNER_ID,
      LeadFields.TEAM_ID,
      LeadFields.CAPTURED_BY,
      LeadFields.EVENT_ID,
      LeadFields.CREATED_AT,
      LeadFields.UPDATED_AT,
      LeadFields.DELETED_AT,
      LeadFields.MERGED_INTO,
      ChangeStamper.FIELD,
      STORED_FORM);

  /** What an erasure did. */
  record Erased(
      List<String> leadIds,
      Map<String, Integer> scrubbed,
      int suppressedEmails,
      long cancelledNotifications,
      Instant at) {}

  /** What lifting a suppression did. */
  record Lifted(boolean lifted, String reason, Instant at) {}

  private final Subjects subjects;
  private final StoreSweep sweep;
  private final Suppressions suppressions;
  private final LeadService leads;
  private final TaskService tasks;
  private final AttachmentService attachments;
  private final PendingNotices notices;
  private final AuditTrail audit;
  private final Clock clock;
  private final MongoCollection<Document> leadDocs;
  private final MongoCollection<Document> taskDocs;

  PrivacyService(
      MongoStore store,
      Subjects subjects,
      Suppressions suppressions,
      LeadService leads,
      TaskService tasks,
      AttachmentService attachments,
      PendingNotices notices,
      AuditTrail audit,
      Clock clock) {
    this.subjects = subjects;
    this.sweep = new StoreSweep(store);
    this.suppressions = suppressions;
    this.leads = leads;
    this.tasks = tasks;
    this.attachments = attachments;
    this.notices = notices;
    this.audit = audit;
    this.clock = clock;
    this.leadDocs = store.collection(LeadFields.LEADS);
    this.taskDocs = store.collection("tasks");
  }

  /** Fails as the export or erasure would for a person it cannot find (404) or tell apart (400); changes nothing. */
  Future<Void> check(Principal p, Subjects.Request r) {
    return subjects.resolve(p.tenantId(), r).mapEmpty();
  }

  /** Everything stored about the person, as one JSON document; the export itself is audited. */
  Future<ObjectNode> export(Principal p, Subjects.Request r) {
    return subjects
        .resolve(p.tenantId(), r)
        .compose(person -> sweep
            .find(p.tenantId(), person.marks())
            .compose(found -> audit
                .record(
                    p,
                    "person.exported",
                    "lead",
                    person.ids().get(0),
                    Map.of("leadIds", person.ids()))
                .map(v -> document(person, found))));
  }

  private ObjectNode document(Subjects.Person person, Map<String, List<Document>> found) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("exportedAt", clock.instant().toString());
    out.set("leads", Json.MAPPER.valueToTree(person.leads()));
    ArrayNode consents = out.putArray("consents");
    for (Lead l : person.leads()) {
      if (l.qualification().consents() != null) {
        l.qualification().consents().forEach(c -> {
          ObjectNode node = Json.MAPPER.valueToTree(c);
          node.put("leadId", l.id());
          consents.add(node);
        });
      }
    }
    SECTIONS.values().stream().sorted().forEach(out::putArray);
    ObjectNode other = out.putObject("otherRecords");
    found.forEach((collection, docs) -> {
      if (collection.equals(LeadFields.LEADS)) {
        return; // the leads are above, as the API shows them
      }
      ArrayNode into = SECTIONS.containsKey(collection)
          ? (ArrayNode) out.get(SECTIONS.get(collection))
          : other.putArray(collection);
      docs.forEach(d -> into.add(json(d)));
    });
    return out;
  }

  private static JsonNode json(Document d) {
    try {
      return Json.MAPPER.readTree(d.toJson(RELAXED));
    } catch (Exception e) {
      throw new IllegalStateException("cannot export a stored document", e);
    }
  }

  /** Erases the person (see README, "Data rights"); answers what was done. */
  Future<Erased> erase(Principal p, Subjects.Request r) {
    Instant at = clock.instant();
    return subjects.resolve(p.tenantId(), r).compose(person -> {
      // queued pushes naming the person stop first, and once more when the leads are tombstones
      // (an alert planned meanwhile from an event of the live lead)
      long[] cancelled = {0};
      Future<Void> chain = cancelNotices(p.tenantId(), person, cancelled);
      for (Lead lead : person.leads()) {
        chain = chain.compose(v -> retire(p, lead)).compose(v -> rewrite(p.tenantId(), lead, at));
      }
      return chain
          .compose(v -> cancelNotices(p.tenantId(), person, cancelled))
          .compose(v -> scrubEverywhere(p.tenantId(), person))
          .compose(scrubbed -> suppressAll(p.tenantId(), person, at)
              .compose(n -> audit
                  .record(
                      p,
                      "person.erased",
                      "lead",
                      person.ids().get(0),
                      Map.of("leadIds", person.ids(), "suppressedEmails", n))
                  .map(x -> new Erased(person.ids(), scrubbed, n, cancelled[0], at))))
          .onSuccess(e -> LOG.info(
              "person erased [tenant={}, leads={}, scrubbed={}]",
              p.tenantId(),
              e.leadIds(),
              e.scrubbed()));
    });
  }

  private Future<Void> cancelNotices(String tenantId, Subjects.Person person, long[] total) {
    return notices.cancelAbout(tenantId, person.ids()).map(n -> {
      total[0] += n;
      return null;
    });
  }

  /** A live lead's attachments and open tasks deleted, then the lead itself, as their own deletes do (sync sees it). */
  private Future<Void> retire(Principal p, Lead lead) {
    if (lead.deleted()) {
      return Future.succeededFuture();
    }
    return attachments
        .list(p, lead.id())
        .compose(list -> {
          Future<Void> each = Future.succeededFuture();
          for (var a : list) {
            each = each.compose(v -> attachments.delete(p, lead.id(), a.id()));
          }
          return each;
        })
        .compose(v -> MongoFutures.list(taskDocs.find(Filters.and(
            Filters.eq("tenantId", p.tenantId()),
            Filters.eq("leadId", lead.id()),
            Filters.ne("deleted", true)))))
        .compose(open -> {
          Future<Void> each = Future.succeededFuture();
          for (Document t : open) {
            each = each.compose(v -> tasks.delete(
                p, t.getString("id"), t.get("version", Number.class).longValue()));
          }
          return each;
        })
        .compose(v -> leads.delete(p, lead.id(), null));
  }

  /**
   * The lead's document made a bare tombstone: ids, scope, times and its sync stamp stay (phones that saw it pull the
   * tombstone); its fields, search keys, field metadata, last write, sync state, scan and events go.
   */
  private Future<Void> rewrite(String tenantId, Lead lead, Instant at) {
    return MongoFutures.first(leadDocs.find(Filters.and(
            Filters.eq(LeadFields.TENANT_ID, tenantId), Filters.eq(LeadFields.ID, lead.id()))))
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.succeededFuture();
          }
          Document d = found.get();
          Document bare = new Document();
          for (String k : TOMBSTONE_KEEPS) {
            if (d.containsKey(k)) {
              bare.put(k, d.get(k));
            }
          }
          if (bare.get(LeadFields.DELETED_AT) == null) {
            bare.put(LeadFields.DELETED_AT, Date.from(at));
          }
          bare.put("erasedAt", Date.from(at));
          return sweep.replace(LeadFields.LEADS, bare);
        });
  }

  private Future<Map<String, Integer>> scrubEverywhere(String tenantId, Subjects.Person person) {
    Scrubber scrubber = new Scrubber(person.needles());
    return sweep.find(tenantId, person.marks()).compose(found -> {
      Map<String, Integer> counts = new LinkedHashMap<>();
      List<Future<Void>> writes = new ArrayList<>();
      found.forEach((collection, docs) -> {
        if (NOT_SWEPT.contains(collection)) {
          return;
        }
        for (Document d : docs) {
          if (scrubber.scrub(collection, d)) {
            counts.merge(collection, 1, Integer::sum);
            writes.add(sweep.replace(collection, d));
          }
        }
      });
      return Future.all(writes).map(counts);
    });
  }

  /**
   * Lifts the suppression of an erased email, so that captures with it are accepted again; audited as
   * {@code person.suppression_lifted} with the kept hash as target (whoever holds the email can match the entry; the
   * log holds no email). A 404 when the tenant has no suppression of that email. The erased leads stay erased.
   */
  Future<Lifted> lift(Principal p, String email, String reason) {
    Instant at = clock.instant();
    return suppressions
        .lift(p.tenantId(), email)
        .compose(hash -> hash.isEmpty()
            ? Future.failedFuture(ProblemException.notFound("suppression of that email"))
            : audit
                .record(
                    p,
                    "person.suppression_lifted",
                    "suppression",
                    hash.get(),
                    Map.of("reason", reason))
                .map(v -> new Lifted(true, reason, at)))
        .onSuccess(
            l -> LOG.info("suppression lifted [tenant={}, reason={}]", p.tenantId(), l.reason()));
  }

  private Future<Integer> suppressAll(String tenantId, Subjects.Person person, Instant at) {
    List<String> emails = person.emails();
    Future<Void> chain = Future.succeededFuture();
    for (String e : emails) {
      chain = chain.compose(v -> suppressions.suppress(tenantId, e, at).mapEmpty());
    }
    return chain.map(emails.size());
  }
}
