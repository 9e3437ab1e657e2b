package com.fieldlead.externalid;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.lead.LeadService;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.store.LeadRepository;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Upsert by another system's id: the lead of the tenant whose {@code externalIds} carry {@code <system>: <id>} gets
 * the body's fields through the lead service's update path; without one, a lead is created through its create path
 * (validated, de-duplicated, scored, routed, SLA-clocked, alerted), with that external id. The same body again
 * changes nothing and says so. Fields the body leaves out are kept (a CRM pushes what it knows).
 */
final class ExternalIdUpserts {

  /** What an upsert did: {@code created}, {@code updated} or {@code unchanged}. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record Upserted(
      String result, Lead lead, List<LeadService.PossibleDuplicate> possibleDuplicates) {

    boolean created() {
      return "created".equals(result);
    }
  }

  /** Create-only members of a create body that an update must not carry. */
  private static final List<String> CREATE_ONLY =
      List.of(LeadFields.ID, LeadFields.HOT_AT_CAPTURE, LeadFields.SCAN);

  private final LeadService leads;
  private final LeadRepository repository;

  ExternalIdUpserts(LeadService leads, LeadRepository repository) {
    this.leads = leads;
    this.repository = repository;
  }

  Future<Upserted> upsert(Principal p, String system, String externalId, ObjectNode body) {
    JsonNode named = body.path(LeadFields.EXTERNAL_IDS).path(system);
    if (!named.isMissingNode() && !named.isNull() && !externalId.equals(named.asText())) {
      return Future.failedFuture(ProblemException.invalidField(
          "/" + LeadFields.EXTERNAL_IDS + "/" + system,
          "const",
          "must be the path's external id " + externalId + " (or left out)"));
    }
    return find(p, system, externalId)
        .compose(found -> found.isPresent()
            ? update(p, found.get(), system, externalId, body)
            : create(p, system, externalId, body)
                .recover(t -> t instanceof ProblemException e && e.code() == ErrorCode.CONFLICT
                    // another request created it meanwhile with other content: update that one
                    ? find(p, system, externalId)
                        .compose(again -> again.isPresent()
                            ? update(p, again.get(), system, externalId, body)
                            : Future.failedFuture(t))
                    : Future.failedFuture(t)));
  }

  /** The lead the caller sees with this external id; a deleted one is a 409 (it is not brought back). */
  Future<Optional<Lead>> find(Principal p, String system, String externalId) {
    return repository.findByExternalId(p.tenantId(), system, externalId).compose(all -> {
      Optional<Lead> live = all.stream().filter(l -> !l.deleted()).findFirst();
      if (live.isEmpty() && !all.isEmpty()) {
        return Future.failedFuture(new ProblemException(
            ErrorCode.CONFLICT,
            "the lead with " + system + " id " + externalId + " was deleted; it is not recreated"));
      }
      return live.isEmpty()
          ? Future.succeededFuture(Optional.<Lead>empty())
          : leads.get(p, live.get().id()).map(Optional::of);
    });
  }

  private Future<Upserted> create(Principal p, String system, String externalId, ObjectNode body) {
    ObjectNode fresh = body.deepCopy();
    if (!fresh.hasNonNull(LeadFields.ID)) {
      // the same id for the same external id: two first upserts at once make one lead
      String name = p.tenantId() + "\n" + system + "\n" + externalId;
      fresh.put(
          LeadFields.ID,
          UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    }
    fresh.set(LeadFields.EXTERNAL_IDS, externalIds(fresh, Map.of(), system, externalId));
    return leads
        .create(p, fresh)
        .map(c ->
            new Upserted(c.created() ? "created" : "unchanged", c.lead(), c.possibleDuplicates()));
  }

  private Future<Upserted> update(
      Principal p, Lead before, String system, String externalId, ObjectNode body) {
    JsonNode id = body.get(LeadFields.ID);
    if (id != null && !id.isNull() && !id.asText().equals(before.id())) {
      return Future.failedFuture(new ProblemException(
          ErrorCode.CONFLICT,
          "the lead with " + system + " id " + externalId + " is " + before.id() + ", not "
              + id.asText()));
    }
    ObjectNode patch = body.deepCopy();
    patch.remove(CREATE_ONLY);
    Map<String, String> known = before.bookkeeping().externalIds() == null
        ? Map.of()
        : before.bookkeeping().externalIds();
    patch.set(LeadFields.EXTERNAL_IDS, externalIds(body, known, system, externalId));
    return leads
        .update(p, before, patch)
        .map(after -> new Upserted(
            after.version() == before.version() ? "unchanged" : "updated", after, List.of()));
  }

  /** The lead's external ids, the body's, and the path's, in that order of precedence reversed. */
  private static ObjectNode externalIds(
      ObjectNode body, Map<String, String> known, String system, String externalId) {
    Map<String, String> all = new TreeMap<>(known);
    body.path(LeadFields.EXTERNAL_IDS).properties().forEach(e -> {
      if (e.getValue().isNull()) {
        all.remove(e.getKey());
      } else {
        all.put(e.getKey(), e.getValue().asText());
      }
    });
    all.put(system, externalId);
    ObjectNode out = body.objectNode();
    all.forEach(out::put);
    return out;
  }
}
