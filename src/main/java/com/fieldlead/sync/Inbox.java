package com.fieldlead.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.json.Json;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.sync.port.LeadWrites;
import com.fieldlead.sync.protocol.ConflictRecord;
import com.fieldlead.sync.protocol.Kept;
import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.MutationResult;
import com.fieldlead.sync.protocol.SyncJson;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conflict inbox and the rejected-mutation list (sync invariants 5, 6): each user sees their own, a manager also
 * those of the teams they manage, an admin the tenant's. Resolving a conflict with the other side writes that value
 * to the lead (through the lead service, so scoring and routing react); dismissing just closes it. A push keeps its
 * rejected mutations and its conflicts here ({@link #reject}, {@link #keepConflicts}).
 */
final class Inbox {

  private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

  static final String OPEN = "open";
  static final String RESOLVED = "resolved";
  static final String DISMISSED = "dismissed";
  static final String CONFLICT = "conflict";
  static final String MUTATION = "mutation";

  private final SyncStores stores;
  private final LeadWrites leads;
  private final Clock clock;

  Inbox(SyncStores stores, LeadWrites leads, Clock clock) {
    this.stores = stores;
    this.leads = leads;
    this.clock = clock;
  }

  /**
   * Keeps a rejected mutation ({@code m} null: a body that was not a mutation) for review and answers its result. One
   * about an erased person ({@link #aboutErased}; when that cannot be told, it is taken to be) is rejected as such and
   * kept with only the mutation's ids, its operation and the fields' names, never their values: the person must not
   * come back through a phone that pushed before it pulled the erasure.
   */
  Future<MutationResult> reject(
      Principal p, String deviceId, JsonNode raw, Mutation m, Rejection r) {
    return aboutErased(p, m)
        .recover(e -> {
          LOG.warn(
              "erasure check failed; the rejection is kept redacted [tenant={}]", p.tenantId(), e);
          return Future.succeededFuture(true);
        })
        .compose(erased -> keep(p, deviceId, raw, m, erased ? Rejection.erased(r) : r, erased));
  }

  private Future<MutationResult> keep(
      Principal p, String deviceId, JsonNode raw, Mutation m, Rejection r, boolean erased) {
    String cmid = PushResults.clientMutationId(m);
    Document mutation = erased
        ? new Document("clientMutationId", cmid)
            .append("entityType", m.entityType())
            .append("entityId", m.entityId())
            .append("op", m.op() == null ? null : m.op().wire())
            .append("fields", new ArrayList<>(m.changes().keySet()))
            .append("redacted", true)
        : Document.parse(
            raw.isObject() ? raw.toString() : new Document("value", raw.toString()).toJson());
    Document doc = owned(p, deviceId, cmid)
        .append(MUTATION, mutation)
        .append("code", r.code.name())
        .append(
            "errors",
            r.errors.stream().map(e -> Document.parse(SyncJson.write(e))).toList());
    LOG.info(
        "sync mutation rejected [tenant={}, user={}, device={}, mutation={}, code={}]",
        p.tenantId(),
        p.userId(),
        deviceId,
        cmid,
        r.code);
    return stores.insertRejection(doc).map(PushResults.rejected(m, r));
  }

  /**
   * Whether {@code m} (null: a body that was not a mutation) is about an erased person: its lead, or the lead an
   * activity or task names, was erased, or the email it carries is an erased person's.
   */
  private Future<Boolean> aboutErased(Principal p, Mutation m) {
    if (m == null) {
      return Future.succeededFuture(false);
    }
    Map<String, Object> changes = m.changes();
    String leadId = PullService.LEAD.equals(m.entityType())
        ? m.entityId()
        : changes.get("leadId") instanceof String s ? s : null;
    String email =
        PullService.LEAD.equals(m.entityType()) && changes.get("email") instanceof String s
            ? s
            : null;
    if (leadId == null && email == null) {
      return Future.succeededFuture(false);
    }
    return leads.aboutErased(p.tenantId(), leadId, email);
  }

  /** Keeps the same-field conflicts of applied mutations ({@code results}) for review, with one insert. */
  Future<Void> keepConflicts(Principal p, String deviceId, List<MutationResult> results) {
    List<Document> docs = new ArrayList<>();
    for (MutationResult r : results) {
      for (ConflictRecord c : r.conflicts()) {
        docs.add(owned(p, deviceId, r.clientMutationId())
            .append(CONFLICT, Document.parse(SyncJson.write(c))));
      }
    }
    return stores.insertConflicts(docs);
  }

  /** A new open record of {@code p}'s, from {@code deviceId}, about mutation {@code cmid}. */
  private Document owned(Principal p, String deviceId, String cmid) {
    return new Document(SyncStores.ID, UUID.randomUUID().toString())
        .append(SyncStores.TENANT, p.tenantId())
        .append(SyncStores.USER, p.userId())
        .append(SyncStores.DEVICE, deviceId)
        .append(SyncStores.TEAMS, p.teamIds())
        .append(SyncStores.CLIENT_MUTATION_ID, cmid)
        .append(SyncStores.STATUS, OPEN)
        .append(SyncStores.AT, Date.from(clock.instant()));
  }

  /** What the caller may see of a user-owned sync record. */
  static Bson visibleTo(Principal p) {
    Bson tenant = Filters.eq(SyncStores.TENANT, p.tenantId());
    if (p.is(Role.ADMIN)) {
      return tenant;
    }
    if (p.is(Role.MANAGER) && !p.managedTeamIds().isEmpty()) {
      return Filters.and(
          tenant,
          Filters.or(
              Filters.eq(SyncStores.USER, p.userId()),
              Filters.in(SyncStores.TEAMS, p.managedTeamIds())));
    }
    return Filters.and(tenant, Filters.eq(SyncStores.USER, p.userId()));
  }

  Future<List<Map<String, Object>>> conflicts(
      Principal p, String status, String userId, int limit) {
    return list(stores.conflicts, p, status, userId, limit);
  }

  Future<List<Map<String, Object>>> rejections(
      Principal p, String status, String userId, int limit) {
    return list(stores.rejections, p, status, userId, limit);
  }

  private Future<List<Map<String, Object>>> list(
      MongoCollection<Document> collection, Principal p, String status, String userId, int limit) {
    List<Bson> and = new ArrayList<>(
        List.of(visibleTo(p), Filters.eq(SyncStores.STATUS, status == null ? OPEN : status)));
    if (userId != null) {
      and.add(Filters.eq(SyncStores.USER, userId));
    }
    return stores
        .list(collection, Filters.and(and), limit)
        .map(docs -> docs.stream().map(Inbox::view).toList());
  }

  /** Resolves an open conflict keeping {@code keep}; when that is the side the merge dropped, it is written now. */
  Future<Map<String, Object>> resolve(Principal p, String id, Kept keep) {
    return open(stores.conflicts, p, id).compose(doc -> {
      Document c = doc.get(CONFLICT, Document.class);
      Future<Void> write = Future.succeededFuture();
      if (keep != Kept.fromWire(c.getString("kept")) && "lead".equals(c.getString("entityType"))) {
        ObjectNode patch = Json.MAPPER.createObjectNode();
        patch.set(
            c.getString("field"),
            Json.MAPPER.valueToTree(keep == Kept.MINE ? c.get("mine") : c.get("theirs")));
        // the lead as it is now, no version check: one update is a batch of one
        write = leads
            .visible(p, c.getString("entityId"))
            .compose(lead -> leads.updateAll(p, List.of(lead), List.of(patch)))
            .compose(all -> all.get(0))
            .mapEmpty();
      }
      return write.compose(
          v -> close(stores.conflicts, p, id, RESOLVED, Updates.set("resolution", keep.wire())));
    });
  }

  Future<Map<String, Object>> dismissConflict(Principal p, String id) {
    return open(stores.conflicts, p, id)
        .compose(d -> close(stores.conflicts, p, id, DISMISSED, null));
  }

  Future<Map<String, Object>> dismissRejection(Principal p, String id) {
    return open(stores.rejections, p, id)
        .compose(d -> close(stores.rejections, p, id, DISMISSED, null));
  }

  private Future<Document> open(MongoCollection<Document> collection, Principal p, String id) {
    return stores
        .find(collection, Filters.and(visibleTo(p), Filters.eq(SyncStores.ID, id)))
        .map(found -> {
          Document d = found.orElseThrow(() -> ProblemException.notFound("sync record " + id));
          if (!OPEN.equals(d.getString(SyncStores.STATUS))) {
            throw new ProblemException(
                ErrorCode.CONFLICT,
                "sync record " + id + " is already " + d.getString(SyncStores.STATUS));
          }
          return d;
        });
  }

  private Future<Map<String, Object>> close(
      MongoCollection<Document> collection, Principal p, String id, String status, Bson extra) {
    List<Bson> sets = new ArrayList<>(List.of(
        Updates.set(SyncStores.STATUS, status),
        Updates.set("closedBy", p.userId()),
        Updates.set("closedAt", Date.from(clock.instant()))));
    if (extra != null) {
      sets.add(extra);
    }
    return stores.close(collection, id, OPEN, Updates.combine(sets)).compose(ok -> {
      if (!ok) {
        throw new ProblemException(
            ErrorCode.CONFLICT, "sync record " + id + " was closed meanwhile");
      }
      return stores.find(collection, Filters.eq(SyncStores.ID, id)).map(d -> view(d.orElseThrow()));
    });
  }

  static Map<String, Object> view(Document d) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", d.getString(SyncStores.ID));
    for (Map.Entry<String, Object> e : d.entrySet()) {
      String k = e.getKey();
      if (k.equals(SyncStores.ID) || k.equals(SyncStores.TENANT) || k.equals(SyncStores.TEAMS)) {
        continue;
      }
      out.put(k, e.getValue() instanceof Date date ? date.toInstant().toString() : e.getValue());
    }
    return out;
  }
}
