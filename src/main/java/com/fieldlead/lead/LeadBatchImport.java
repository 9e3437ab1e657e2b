package com.fieldlead.lead;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.ids.Uuids;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.SearchKeys;
import com.fieldlead.lead.store.LeadCatalogRepository;
import com.fieldlead.lead.store.LeadRepository;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Imports a batch of lead bodies (a file import: CSV) through the create path of a capture: each body is validated and
 * normalised as {@code POST /v1/leads} does, the new leads are stored together ({@link LeadWriter#createMany}: one
 * insert, one history insert) and meet the change listeners together (routing, SLA clocks, scoring, alerts). Likely
 * duplicates (in the tenant, or earlier in the batch) follow a {@link DuplicatePolicy}. A dry run answers the same
 * outcomes and writes nothing.
 */
public final class LeadBatchImport {

  /** What to do with a row that is a likely duplicate of a lead of the tenant. */
  public enum DuplicatePolicy {
    /** Leave the existing lead alone; the row is reported as skipped. */
    SKIP,
    /** Write the row's fields over the existing lead (one the caller may see), as an edit. */
    UPDATE,
    /** Create the row anyway; its likely duplicates are reported. */
    CREATE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The policy of a wire name ({@code skip}, {@code update}, {@code create}). */
    public static DuplicatePolicy fromWire(String value) {
      return DuplicatePolicy.valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  /** Row outcomes. */
  public static final String CREATED = "created";

  public static final String UPDATED = "updated";
  public static final String SKIPPED = "skipped";
  public static final String INVALID = "invalid";

  /** One row's outcome: created, updated, skipped (a duplicate) or invalid (with the field errors). */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record RowResult(
      String outcome,
      String id,
      List<LeadService.PossibleDuplicate> duplicates,
      List<FieldError> errors) {
    public RowResult {
      duplicates = duplicates == null ? List.of() : List.copyOf(duplicates);
      errors = errors == null ? List.of() : List.copyOf(errors);
    }
  }

  private final LeadService service;
  private final LeadRepository leads;
  private final LeadCatalogRepository catalog;
  private final LeadAccess access;
  private final LeadWriter writer;
  private final UserDirectory directory;

  LeadBatchImport(
      LeadService service,
      LeadRepository leads,
      LeadCatalogRepository catalog,
      LeadAccess access,
      LeadWriter writer,
      UserDirectory directory) {
    this.service = service;
    this.leads = leads;
    this.catalog = catalog;
    this.access = access;
    this.writer = writer;
    this.directory = directory;
  }

  /**
   * Imports {@code bodies} (lead bodies as {@code POST /v1/leads} takes them, already checked against its schema) for
   * {@code p}; answers one result per body, in order. A body without an owner is left for routing to place (a
   * capture that no rep made). Fails only when the store fails; bad rows are {@link #INVALID}.
   */
  public Future<List<RowResult>> run(
      Principal p, List<ObjectNode> bodies, DuplicatePolicy policy, boolean dryRun) {
    return run(p, bodies, policy, dryRun, new Pipeline());
  }

  /**
   * The batches of one file, two of them in flight at a time. A batch decides its rows' duplicates only after the
   * batch before it has decided, and sees the keys of the rows that batch creates (not stored yet, perhaps); it
   * updates existing leads only after that batch is written. The caller starts a batch only once the batch two before
   * it is done, so everything earlier is in the store, where the duplicate look-up finds it. Used on one Vert.x
   * context.
   */
  public static final class Pipeline {
    /** The keys (email:, phone:, name_company:) of the rows the last batch started creates, once it has decided. */
    private Future<Map<String, String>> decided = Future.succeededFuture(Map.of());
    /** The last batch started, written (or failed). */
    private Future<Void> written = Future.succeededFuture();
  }

  /**
   * {@link #run(Principal, List, DuplicatePolicy, boolean)} of one batch of a file whose batches go through
   * {@code pipeline}, in file order.
   */
  public Future<List<RowResult>> run(
      Principal p,
      List<ObjectNode> bodies,
      DuplicatePolicy policy,
      boolean dryRun,
      Pipeline pipeline) {
    Objects.requireNonNull(policy, "policy");
    Future<Map<String, String>> decidedBefore =
        pipeline.decided.recover(e -> Future.succeededFuture(Map.of()));
    Future<Void> writtenBefore = pipeline.written.recover(e -> Future.succeededFuture());
    Promise<Map<String, String>> decidedHere = Promise.promise();
    Promise<Void> writtenHere = Promise.promise();
    pipeline.decided = decidedHere.future();
    pipeline.written = writtenHere.future();
    Order order = new Order(decidedBefore, writtenBefore, decidedHere);
    return runInOrder(p, bodies, policy, dryRun, order).onComplete(ar -> {
      decidedHere.tryComplete(Map.of());
      writtenHere.tryComplete();
    });
  }

  /** Where a batch waits for the one before it, and where it says it has decided. */
  private record Order(
      Future<Map<String, String>> decidedBefore,
      Future<Void> writtenBefore,
      Promise<Map<String, String>> decidedHere) {}

  private Future<List<RowResult>> runInOrder(
      Principal p, List<ObjectNode> bodies, DuplicatePolicy policy, boolean dryRun, Order order) {
    return catalog.recentSettings(p.tenantId()).compose(settings -> {
      LeadService.Lookups lookups = new LeadService.Lookups(catalog, directory);
      List<String> ids = new ArrayList<>();
      List<Future<Lead>> prepared = new ArrayList<>();
      for (ObjectNode body : bodies) {
        boolean given = body.hasNonNull(LeadFields.ID);
        String id = given ? body.get(LeadFields.ID).asText() : UUID.randomUUID().toString();
        // only an id the file gives can exist already; a fresh one is not looked up
        ids.add(given ? id : null);
        Future<Lead> one;
        try {
          one = Uuids.isUuid(id)
              ? service.candidate(p, id, body, settings, lookups, true)
              : Future.failedFuture(
                  ProblemException.invalidField("/id", "format", "id must be a UUID"));
        } catch (RuntimeException e) {
          one = Future.failedFuture(e);
        }
        prepared.add(one);
      }
      return service
          .notErased(p.tenantId(), prepared)
          .compose(checked -> existing(p, ids, checked)
              .compose(byId -> decide(p, bodies, checked, byId, policy, dryRun, order)));
    });
  }

  /** The leads of the tenant that rows' ids name already (a second import of an export, say). */
  private Future<Map<String, Lead>> existing(
      Principal p, List<String> ids, List<Future<Lead>> prepared) {
    List<String> named = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i) != null && prepared.get(i).succeeded()) {
        named.add(ids.get(i));
      }
    }
    if (named.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return leads
        .findMany(p.tenantId(), named)
        .map(found -> found.stream()
            .filter(l -> !l.deleted())
            .collect(Collectors.toMap(Lead::id, l -> l, (a, b) -> a)));
  }

  private Future<List<RowResult>> decide(
      Principal p,
      List<ObjectNode> bodies,
      List<Future<Lead>> prepared,
      Map<String, Lead> byId,
      DuplicatePolicy policy,
      boolean dryRun,
      Order order) {
    int n = bodies.size();
    List<RowResult> out = new ArrayList<>(Collections.nCopies(n, null));
    List<Lead> candidates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Future<Lead> one = prepared.get(i);
      if (one.failed()) {
        out.set(i, invalid(one.cause(), null));
      } else {
        candidates.add(one.result());
      }
    }
    Future<Map<String, List<String>>> stored =
        policy == DuplicatePolicy.CREATE || candidates.isEmpty()
            ? Future.succeededFuture(Map.of())
            : leads.likelyDuplicatesOfAny(p.tenantId(), candidates).map(LeadBatchImport::byKey);
    return Future.all(stored, order.decidedBefore()).compose(x -> {
      Map<String, List<String>> known = stored.result();
      // the rows the batch before creates: perhaps not stored yet, so not in what the look-up found
      Map<String, String> carried = order.decidedBefore().result();
      Map<String, String> seen = new HashMap<>();
      List<Integer> toCreate = new ArrayList<>();
      List<Integer> toUpdate = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (out.get(i) != null) {
          continue;
        }
        Lead lead = prepared.get(i).result();
        List<LeadService.PossibleDuplicate> found = new ArrayList<>();
        if (byId.containsKey(lead.id())) {
          found.add(new LeadService.PossibleDuplicate(lead.id(), "id"));
        }
        found.addAll(matches(lead, known));
        if (policy != DuplicatePolicy.CREATE) {
          for (String key : keys(lead)) {
            String reason = key.substring(0, key.indexOf(':'));
            for (String earlier : new String[] {carried.get(key), seen.get(key)}) {
              if (earlier != null && found.stream().noneMatch(d -> d.id().equals(earlier))) {
                found.add(new LeadService.PossibleDuplicate(earlier, reason));
              }
            }
          }
        }
        boolean idTaken = byId.containsKey(lead.id());
        if (found.isEmpty() || (policy == DuplicatePolicy.CREATE && !idTaken)) {
          keys(lead).forEach(k -> seen.putIfAbsent(k, lead.id()));
          toCreate.add(i);
          out.set(i, new RowResult(CREATED, lead.id(), found, List.of()));
        } else if (policy == DuplicatePolicy.UPDATE) {
          toUpdate.add(i);
          out.set(i, new RowResult(UPDATED, found.get(0).id(), found, List.of()));
        } else {
          out.set(i, new RowResult(SKIPPED, lead.id(), found, List.of()));
        }
      }
      order.decidedHere().tryComplete(seen);
      if (dryRun) {
        return Future.succeededFuture(out);
      }
      // an update may be of a lead the batch before creates: after that batch is written
      return create(p, bodies, prepared, toCreate, out)
          .compose(v -> order.writtenBefore())
          .compose(v -> update(p, bodies, toUpdate, out))
          .map(out);
    });
  }

  private Future<Void> create(
      Principal p,
      List<ObjectNode> bodies,
      List<Future<Lead>> prepared,
      List<Integer> rows,
      List<RowResult> out) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Lead> fresh = rows.stream().map(i -> prepared.get(i).result()).toList();
    List<String> hashes =
        rows.stream().map(i -> Canonical.hash(bodies.get(i), p.userId())).toList();
    return writer.createMany(p, fresh, hashes).map(stored -> {
      for (int k = 0; k < rows.size(); k++) {
        if (stored.get(k) == null) { // the id was taken meanwhile
          int i = rows.get(k);
          out.set(
              i,
              new RowResult(
                  SKIPPED,
                  fresh.get(k).id(),
                  List.of(new LeadService.PossibleDuplicate(fresh.get(k).id(), "id")),
                  List.of()));
        }
      }
      return null;
    });
  }

  /**
   * Each row over its first duplicate, one after another (two rows may name the same lead): an edit through the
   * caller's visibility, version-checked. A duplicate the caller may not see is skipped, as is a lead that changed
   * under the import (412).
   */
  private Future<Void> update(
      Principal p, List<ObjectNode> bodies, List<Integer> rows, List<RowResult> out) {
    Future<Void> chain = Future.succeededFuture();
    for (int i : rows) {
      RowResult planned = out.get(i);
      ObjectNode patch = bodies.get(i).deepCopy();
      patch.remove(LeadFields.ID);
      chain = chain.compose(v -> access
          .visibleLead(p, planned.id())
          .compose(before -> service.update(p, before, patch))
          .map(after -> planned)
          .recover(e -> Future.succeededFuture(
              e instanceof ProblemException pe && pe.code().status() == 400
                  ? invalid(pe, planned.id())
                  : new RowResult(SKIPPED, planned.id(), planned.duplicates(), List.of())))
          .map(result -> {
            out.set(i, result);
            return null;
          }));
    }
    return chain;
  }

  /** Stored leads by the keys they are likely duplicates by (email:, phone:, name_company:). */
  private static Map<String, List<String>> byKey(List<Lead> found) {
    Map<String, List<String>> out = new HashMap<>();
    for (Lead l : found) {
      for (String key : keys(l)) {
        out.computeIfAbsent(key, k -> new ArrayList<>()).add(l.id());
      }
    }
    return out;
  }

  /** The stored leads {@code lead} is a likely duplicate of (at most ten, each once, with the first reason). */
  private static List<LeadService.PossibleDuplicate> matches(
      Lead lead, Map<String, List<String>> known) {
    Map<String, String> reasons = new LinkedHashMap<>();
    for (String key : keys(lead)) {
      for (String id : known.getOrDefault(key, List.of())) {
        if (!id.equals(lead.id())) {
          reasons.putIfAbsent(id, key.substring(0, key.indexOf(':')));
        }
      }
    }
    return reasons.entrySet().stream()
        .limit(10)
        .map(e -> new LeadService.PossibleDuplicate(e.getKey(), e.getValue()))
        .toList();
  }

  /** A row refused with a 4xx: its field errors; anything else (the store failed) fails the batch. */
  private static RowResult invalid(Throwable cause, String id) {
    if (cause instanceof ProblemException pe && pe.code().status() < 500) {
      List<FieldError> errors = pe.errors().isEmpty()
          ? List.of(new FieldError("/", pe.code().name().toLowerCase(Locale.ROOT), pe.getMessage()))
          : pe.errors();
      return new RowResult(INVALID, id, List.of(), errors);
    }
    throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
  }

  /** The keys two leads are likely duplicates by (as {@link LeadRepository#likelyDuplicates} matches). */
  private static List<String> keys(Lead l) {
    List<String> keys = new ArrayList<>();
    String email = SearchKeys.email(l.contact().email());
    if (!email.isEmpty()) {
      keys.add("email:" + email);
    }
    if (l.contact().phone() != null && Boolean.TRUE.equals(l.contact().phoneValid())) {
      keys.add("phone:" + l.contact().phone());
    }
    String name = SearchKeys.name(l.contact().firstName(), l.contact().lastName());
    String company = SearchKeys.text(l.organization().company());
    if (!name.isEmpty() && !company.isEmpty()) {
      keys.add("name_company:" + name + "|" + company);
    }
    return keys;
  }
}
