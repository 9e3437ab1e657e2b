package com.fieldlead.lead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.ids.Uuids;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadChanges;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadHistoryEntry;
import com.fieldlead.lead.model.LeadQuery;
import com.fieldlead.lead.model.LeadRules;
import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.lead.model.QualifierCheck;
import com.fieldlead.lead.model.QualifierQuestion;
import com.fieldlead.lead.model.SearchKeys;
import com.fieldlead.lead.store.CursorCodec;
import com.fieldlead.lead.store.LeadCatalogRepository;
import com.fieldlead.lead.store.LeadRepository;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** Creating, reading, changing, deleting and listing leads, with the caller's visibility and the tenant's rules. */
public final class LeadService {

  /** A created (or idempotently re-created) lead and its likely duplicates. */
  public record Created(Lead lead, boolean created, List<PossibleDuplicate> possibleDuplicates) {}

  /** A likely duplicate: email, phone or name_company. */
  public record PossibleDuplicate(String id, String reason) {}

  /** One page of a lead list, with the total when asked for; {@code nextCursor} is null on the last page. */
  public record LeadPage(List<Lead> items, String nextCursor, Long total) {}

  private final LeadRepository leads;
  private final LeadCatalogRepository catalog;
  private final LeadAccess access;
  private final LeadWriter writer;
  private final Supplier<CursorCodec> cursors;
  private final UserDirectory directory;
  private final Supplier<CaptureScanReader> scans;

  private final Supplier<ErasedPeople> erased;

  LeadService(
      LeadRepository leads,
      LeadCatalogRepository catalog,
      LeadAccess access,
      LeadWriter writer,
      Supplier<CursorCodec> cursors,
      UserDirectory directory,
      Supplier<CaptureScanReader> scans,
      Supplier<ErasedPeople> erased) {
    this.erased = erased;
    this.directory = directory;
    this.scans = scans;
    this.leads = leads;
    this.catalog = catalog;
    this.access = access;
    this.writer = writer;
    this.cursors = cursors;
  }

  /**
   * Creates a lead from a client body ({@code POST /v1/leads}, a web form, an upsert): {@link #createAll} of one, with
   * the likely duplicates of a lead created now. The same id and body again by the same caller answers the stored
   * lead.
   */
  public Future<Created> create(Principal p, ObjectNode body) {
    return store(p, List.of(body))
        .compose(all -> all.get(0))
        .compose(s -> s.insertedNow()
            ? duplicatesOf(s.answer().lead())
                .map(dups -> new Created(s.answer().lead(), true, dups))
            : Future.succeededFuture(s.answer()));
  }

  /**
   * Finishes the lead's last client write when its first attempt stopped after storing it (its instance died before
   * the listeners and the history entry): a sync takeover calls this before it processes the mutation again, so the
   * takeover does everything the first attempt would have ({@link LeadWriter#settle}). Answers whether anything was
   * finished. Only a write of this user from {@code deviceId} is finished (the taken-over mutation's device).
   */
  public Future<Boolean> settle(Principal p, String deviceId, String leadId) {
    return writer.settle(p.tenantId(), p.userId(), deviceId, leadId);
  }

  /**
   * The same create again. When the first attempt stored the lead but stopped before its create history entry (its
   * instance died, or the store failed), the steps it missed run now, as the first attempt would have run them: the
   * change listeners (routing and the assignment record, the SLA clock, scoring, phone nudges), then the history
   * entry; the answer then says created. Otherwise nothing is written and the stored lead is answered.
   */
  private Future<Created> replay(Principal p, String id, String hash) {
    return leads.createHash(p.tenantId(), id).compose(stored -> {
      if (stored.isPresent() && stored.get().equals(hash)) {
        return leads
            .find(p.tenantId(), id)
            .map(Optional::orElseThrow)
            .compose(lead -> settled(p, lead)
                .compose(done -> done
                    ? Future.succeededFuture(new Created(lead, false, List.of()))
                    : writer
                        .notifyChanged(null, lead, p.userId())
                        .compose(v -> catalog.appendHistory(p.tenantId(), createEntry(p, lead)))
                        .compose(v -> writer.latest(lead))
                        .map(latest -> new Created(latest, true, List.of()))));
      }
      return Future.failedFuture(new ProblemException(
          ErrorCode.CONFLICT, "a lead with id " + id + " already exists with other content"));
    });
  }

  /** Whether a stored lead's create finished: its create history entry (version 1, written last) is there. */
  private Future<Boolean> settled(Principal p, Lead lead) {
    return catalog
        .history(p.tenantId(), lead.id(), 2L, 10)
        .map(entries -> entries.stream().anyMatch(e -> "create".equals(e.action())));
  }

  /** The create entry of a lead stored by an attempt that did not finish: version 1, whatever listeners wrote since. */
  private static LeadHistoryEntry createEntry(Principal p, Lead lead) {
    LeadHistoryEntry e = LeadWriter.created(p, lead);
    return new LeadHistoryEntry(
        e.leadId(), 1, e.at(), e.by(), e.device(), e.action(), e.changes(), e.otherLeadId());
  }

  /** A validated, normalised new lead (version 1) built from {@code body}; nothing is stored. */
  Future<Lead> prepareNew(Principal p, String id, ObjectNode given) {
    return catalog
        .recentSettings(p.tenantId())
        .compose(settings -> prepareNew(p, id, given, settings));
  }

  private Future<Lead> prepareNew(Principal p, String id, ObjectNode given, LeadSettings settings) {
    return candidate(p, id, given, settings, new Lookups(catalog, directory), p.is(Role.BOOTH))
        .compose(this::notErased);
  }

  /**
   * As {@link #prepareNew(Principal, String, ObjectNode)} with the settings and lookups of a batch, except the check
   * against erased people, which a batch makes once for all its leads ({@link #notErased(String, List)}); with {@code
   * leaveOwnerless} a body without an owner gets none (routing places it), as a booth capture does.
   */
  Future<Lead> candidate(
      Principal p,
      String id,
      ObjectNode given,
      LeadSettings settings,
      Lookups lookups,
      boolean leaveOwnerless) {
    ObjectNode fields = given.has(LeadFields.HOT_AT_CAPTURE) || given.has(LeadFields.SCAN)
        ? given.deepCopy()
        : given;
    Lead.HotOverride hotMark =
        hotAtCapture(p, fields.remove(LeadFields.HOT_AT_CAPTURE), writer.now());
    JsonNode scan = fields.remove(LeadFields.SCAN);
    Instant now = writer.now();
    Lead base = Lead.builder()
        .id(id)
        .tenantId(p.tenantId())
        .version(1)
        .capturedBy(p.userId())
        .receivedAt(now)
        .status(settings.initialStatus())
        .score(Lead.DEFAULT_SCORE)
        .temperature(Lead.DEFAULT_TEMPERATURE)
        .scoreExplanation(List.of())
        .createdAt(now)
        .createdBy(p.userId())
        .updatedAt(now)
        .build();
    Lead typed = LeadChanges.apply(base, fields, true);
    // a scanned payload fills what the phone left empty; it is then validated like typed input
    Future<Lead> read = scan == null || scan.isNull()
        ? Future.succeededFuture(typed)
        : scans.get().fill(p, typed, scan);
    return read.compose(applied -> {
          String owner = applied.routing().ownerId() != null
              ? applied.routing().ownerId()
              : (leaveOwnerless ? null : p.userId());
          // someone else's lead without a team takes the owner's team (a manager's lead for a rep
          // stays theirs to manage)
          Future<String> team = applied.routing().teamId() != null
              ? Future.succeededFuture(applied.routing().teamId())
              : owner != null && !owner.equals(p.userId())
                  ? lookups.references().teamOf(p, LeadRules.trim(owner))
                  : Future.succeededFuture(
                      p.teamIds().isEmpty() ? null : p.teamIds().get(0));
          return team.compose(t -> {
            checkAssignment(p, null, owner, t);
            Lead candidate = LeadRules.normalise(
                withServerFields(applied, owner, t, now, p), settings.defaultRegion());
            return validate(p, candidate, null, settings, lookups);
          });
        })
        .map(valid -> hotMark == null
            ? stamped(valid, p, now)
            : stamped(valid, p, now).withHotOverride(hotMark));
  }

  /**
   * {@code lead}, unless its email is that of a person erased at their request: then 409 naming {@code /email}, and
   * nothing is stored (the erasure keeps only a salted hash of the email for this check).
   */
  private Future<Lead> notErased(Lead lead) {
    if (!hasEmail(lead)) {
      return Future.succeededFuture(lead);
    }
    return erased.get().erased(lead.tenantId(), null, lead.contact().email()).map(gone -> {
      if (gone) {
        throw erasedPerson();
      }
      return lead;
    });
  }

  /**
   * The leads a batch prepared ({@link #candidate}), each one whose email is an erased person's replaced by the
   * refusal {@link #notErased(Lead)} answers: one look-up for the batch, not one per lead. Waits for every
   * preparation to end; a failed one stays as it failed.
   */
  Future<List<Future<Lead>>> notErased(String tenantId, List<Future<Lead>> prepared) {
    return Future.join(prepared).transform(x -> {
      List<String> emails = new ArrayList<>();
      for (Future<Lead> f : prepared) {
        if (f.succeeded() && hasEmail(f.result())) {
          emails.add(f.result().contact().email());
        }
      }
      if (emails.isEmpty()) {
        return Future.succeededFuture(prepared);
      }
      return erased.get().erasedEmails(tenantId, emails).map(gone -> {
        List<Future<Lead>> out = new ArrayList<>(prepared.size());
        for (Future<Lead> f : prepared) {
          out.add(
              f.succeeded()
                      && hasEmail(f.result())
                      && gone.contains(f.result().contact().email())
                  ? Future.failedFuture(erasedPerson())
                  : f);
        }
        return out;
      });
    });
  }

  private static boolean hasEmail(Lead lead) {
    return lead != null
        && lead.contact().email() != null
        && !lead.contact().email().isBlank();
  }

  private static ProblemException erasedPerson() {
    return new ProblemException(
        ErrorCode.CONFLICT,
        "this email belongs to a person whose data was erased at their request; it is not"
            + " stored again",
        List.of(new FieldError("/email", ErasedPeople.SUPPRESSED, "was erased; not stored again")),
        Map.of());
  }

  /**
   * Creates leads from client bodies together (a sync push's captures): one settings read, one check against erased
   * people, one stamped insert, the change listeners for all of them, one history insert. Answers, per body in order,
   * the lead created, or the stored lead of the same create made before ({@link #replay}: created when this call
   * finished it), or the refusal (an invalid body, 403, a capture of an erased person, an id taken by other content:
   * 409). Likely duplicates are not looked up (a push answers the lead, not the list: the duplicate review happens on
   * the server's side). Fails only on an unexpected failure (the store, a preparer).
   */
  public Future<List<Future<Created>>> createAll(Principal p, List<ObjectNode> bodies) {
    return store(p, bodies)
        .map(all -> all.stream().map(f -> f.map(Stored::answer)).toList());
  }

  /** A create's answer, and whether this call inserted the lead (not a replay). */
  private record Stored(Created answer, boolean insertedNow) {}

  /** {@link #createAll}, saying which leads were inserted now (those {@link #create} looks up duplicates of). */
  private Future<List<Future<Stored>>> store(Principal p, List<ObjectNode> bodies) {
    List<String> ids = new ArrayList<>();
    for (ObjectNode body : bodies) {
      ids.add(
          body.hasNonNull(LeadFields.ID)
              ? body.get(LeadFields.ID).asText()
              : UUID.randomUUID().toString());
    }
    return catalog.recentSettings(p.tenantId()).compose(settings -> {
      Lookups lookups = new Lookups(catalog, directory);
      List<Future<Lead>> candidates = new ArrayList<>();
      for (int i = 0; i < bodies.size(); i++) {
        Future<Lead> one;
        try {
          one = Uuids.isUuid(ids.get(i))
              ? candidate(p, ids.get(i), bodies.get(i), settings, lookups, p.is(Role.BOOTH))
              : Future.failedFuture(
                  ProblemException.invalidField("/id", "format", "id must be a UUID"));
        } catch (RuntimeException e) {
          one = Future.failedFuture(e);
        }
        candidates.add(one);
      }
      return notErased(p.tenantId(), candidates).compose(checked -> {
        List<Integer> picked = new ArrayList<>();
        List<Lead> fresh = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
          if (checked.get(i).succeeded()) {
            picked.add(i);
            fresh.add(checked.get(i).result());
            hashes.add(Canonical.hash(bodies.get(i), p.userId()));
          }
        }
        Future<List<Lead>> inserted = fresh.isEmpty()
            ? Future.succeededFuture(List.of())
            : writer.createMany(p, fresh, hashes);
        return inserted.compose(stored -> {
          List<Future<Stored>> out = new ArrayList<>();
          for (Future<Lead> refusal : checked) {
            out.add(refusal.map(x -> (Stored) null)); // replaced below where it succeeded
          }
          for (int k = 0; k < picked.size(); k++) {
            Lead lead = stored.get(k);
            int i = picked.get(k);
            out.set(
                i,
                lead != null
                    ? Future.succeededFuture(new Stored(new Created(lead, true, List.of()), true))
                    : replay(p, ids.get(i), hashes.get(k)).map(c -> new Stored(c, false)));
          }
          return Future.join(out).transform(x -> Future.succeededFuture(out));
        });
      });
    });
  }

  /**
   * The create-only booth mark: {@code hotAtCapture: true} from booth staff or a rep makes the lead hot whatever its
   * score (recorded with who and when, shown in the explanation); false or absent means no mark.
   */
  private static Lead.HotOverride hotAtCapture(Principal p, JsonNode value, Instant now) {
    if (value == null || value.isNull() || (value.isBoolean() && !value.booleanValue())) {
      return null;
    }
    if (!value.isBoolean()) {
      throw ProblemException.invalidField(
          "/" + LeadFields.HOT_AT_CAPTURE, "type", "hotAtCapture is true or false");
    }
    if (!p.is(Role.BOOTH) && !p.is(Role.REP)) {
      throw ProblemException.forbidden("only booth staff and reps mark a lead hot at capture");
    }
    return new Lead.HotOverride(p.userId(), now);
  }

  private static Lead withServerFields(
      Lead a, String owner, String team, Instant now, Principal p) {
    Instant captured = a.capture().capturedAt() != null ? a.capture().capturedAt() : now;
    return a.toBuilder()
        .version(1)
        .phoneRaw(null)
        .phoneValid(null)
        .capturedBy(p.userId())
        .capturedAt(captured)
        .deviceCapturedAt(a.capture().capturedAt())
        .receivedAt(now)
        .stageHistory(List.of(new Lead.StageChange(
            null, a.qualification().status(), p.userId(), now, a.qualification().statusReason())))
        .ownerId(owner)
        .teamId(team)
        .marketingOptOut(null)
        .conversion(null)
        .fieldMeta(null)
        .createdAt(now)
        .createdBy(p.userId())
        .updatedAt(now)
        .deletedAt(null)
        .mergedInto(null)
        .build();
  }

  private static Lead stamped(Lead l, Principal p, Instant now) {
    return l.toBuilder()
        .fieldMeta(
            LeadChanges.touch(null, LeadChanges.diff(null, l), 1, now, p.userId(), p.deviceId()))
        .deletedAt(null)
        .mergedInto(null)
        .build();
  }

  /**
   * Rules of a candidate state that need the store: the tenant's statuses, the event exists in this tenant, the
   * answers fit the questions of the lead's event or campaign. Fails with a 400 naming every bad field.
   */
  Future<Lead> validate(Principal p, Lead candidate, Lead previous, LeadSettings settings) {
    return validate(p, candidate, previous, settings, new Lookups(catalog, directory));
  }

  /**
   * The catalog reads validation needs (does the event exist, which questions apply), each read once per
   * {@code Lookups}: the captures of one push share their event and its questions. Used on one Vert.x context.
   */
  static final class Lookups {
    private final LeadCatalogRepository catalog;
    private final Map<String, Future<Boolean>> events = new HashMap<>();
    private final Map<String, Future<List<QualifierQuestion>>> questions = new HashMap<>();
    private final LeadReferences references;

    Lookups(LeadCatalogRepository catalog, UserDirectory directory) {
      this.catalog = catalog;
      this.references = new LeadReferences(directory);
    }

    LeadReferences references() {
      return references;
    }

    Future<Boolean> eventExists(String tenantId, String eventId) {
      return events.computeIfAbsent(
          eventId, e -> catalog.recentEvent(tenantId, e).map(Optional::isPresent));
    }

    Future<List<QualifierQuestion>> questions(String tenantId, String eventId, String campaign) {
      return questions.computeIfAbsent(
          eventId + "\u0000" + campaign, k -> catalog.recentQuestions(tenantId, eventId, campaign));
    }
  }

  private Future<Lead> validate(
      Principal p, Lead candidate, Lead previous, LeadSettings settings, Lookups lookups) {
    List<FieldError> errors =
        new ArrayList<>(LeadRules.check(candidate, previous, settings, writer.now()));
    boolean eventChanged = candidate.capture().eventId() != null
        && (previous == null
            || !candidate.capture().eventId().equals(previous.capture().eventId()));
    Future<Boolean> eventOk = eventChanged
        ? lookups.eventExists(p.tenantId(), candidate.capture().eventId())
        : Future.succeededFuture(true);
    boolean answersChanged = previous == null
        || !Objects.equals(
            previous.qualification().answers(), candidate.qualification().answers())
        || !Objects.equals(previous.capture().eventId(), candidate.capture().eventId())
        || !Objects.equals(previous.capture().campaign(), candidate.capture().campaign());
    Future<List<QualifierQuestion>> questions = answersChanged
            && candidate.qualification().answers() != null
            && !candidate.qualification().answers().isEmpty()
        ? lookups.questions(
            p.tenantId(), candidate.capture().eventId(), candidate.capture().campaign())
        : Future.succeededFuture(List.of());
    Future<List<FieldError>> references = lookups.references().check(p, candidate, previous);
    return Future.all(eventOk, questions, references).map(all -> {
      errors.addAll(references.result());
      if (!eventOk.result()) {
        errors.add(new FieldError(
            "/eventId",
            "unknown",
            "no event " + candidate.capture().eventId() + " in your tenant"));
      }
      if (answersChanged) {
        errors.addAll(QualifierCheck.check(
            candidate.qualification().answers(),
            questions.result(),
            candidate.capture().eventId(),
            candidate.capture().campaign()));
      }
      if (!errors.isEmpty()) {
        throw new ProblemException(
            ErrorCode.VALIDATION_FAILED,
            errors.get(0).field() + ": " + errors.get(0).message(),
            errors,
            Map.of());
      }
      return candidate;
    });
  }

  /** Reps and booths keep leads to themselves; managers assign within the teams they manage; admins anywhere. */
  static void checkAssignment(Principal p, Lead before, String owner, String team) {
    boolean ownerChanged = before == null
        ? owner != null && !owner.equals(p.userId())
        : !Objects.equals(before.routing().ownerId(), owner);
    boolean teamChanged = before == null
        ? team != null && !p.teamIds().contains(team)
        : !Objects.equals(before.routing().teamId(), team);
    if (p.is(Role.ADMIN) || (!ownerChanged && !teamChanged)) {
      return;
    }
    if (p.is(Role.MANAGER)) {
      if (teamChanged
          && team != null
          && !p.managedTeamIds().contains(team)
          && !p.teamIds().contains(team)) {
        throw ProblemException.forbidden(
            "managers assign leads to the teams they manage; not to " + team);
      }
      return;
    }
    throw ProblemException.forbidden(
        "only managers and admins assign leads to other users or teams");
  }

  Future<List<PossibleDuplicate>> duplicatesOf(Lead lead) {
    return leads
        .likelyDuplicates(lead.tenantId(), lead, 10)
        .map(found -> found.stream()
            .map(d -> new PossibleDuplicate(d.id(), reason(lead, d)))
            .toList());
  }

  static String reason(Lead a, Lead b) {
    if (!SearchKeys.email(a.contact().email()).isEmpty()
        && SearchKeys.email(a.contact().email())
            .equals(SearchKeys.email(b.contact().email()))) {
      return "email";
    }
    if (a.contact().phone() != null
        && Boolean.TRUE.equals(a.contact().phoneValid())
        && a.contact().phone().equals(b.contact().phone())) {
      return "phone";
    }
    return "name_company";
  }

  public Future<Lead> get(Principal p, String id) {
    return access.visibleLead(p, id);
  }

  /**
   * Applies a merge patch if {@code ifMatch} is the current version ({@code PATCH /v1/leads/{id}}): {@link #updateAll}
   * of one. A patch that changes nothing is a no-op.
   */
  public Future<Lead> update(Principal p, String id, Long ifMatch, ObjectNode patch) {
    return access.visibleLead(p, id).compose(before -> {
      LeadWriter.checkVersion(before, ifMatch);
      return update(p, before, patch);
    });
  }

  /**
   * Applies a merge patch to {@code before}, a lead the caller has just read through their visibility (a sync push
   * merging field by field, an upsert, an import row): {@link #updateAll} of one.
   */
  public Future<Lead> update(Principal p, Lead before, ObjectNode patch) {
    return updateAll(p, List.of(before), List.of(patch)).compose(all -> all.get(0));
  }

  /**
   * Applies merge patches to leads the caller has just read through their visibility (one, or several different ones
   * a sync push merged field by field), each write version-checked against the lead as read. Answers, per lead in
   * order, the lead as stored now, or the refusal: a tombstone or another tenant's lead (404), an invalid or forbidden
   * edit (400, 403), a lead changed since it was read (stale: 412). The edits are written together ({@link
   * LeadWriter#writeAll}: edits of fields only in one bulk write, an edit of the status, owner, team or event with a
   * find-and-modify of its own, one history insert). A patch that changes nothing writes nothing. Fails only on an
   * unexpected failure (the store).
   */
  public Future<List<Future<Lead>>> updateAll(
      Principal p, List<Lead> befores, List<ObjectNode> patches) {
    return catalog.recentSettings(p.tenantId()).compose(settings -> {
      List<Future<Lead>> edits = new ArrayList<>();
      for (int i = 0; i < befores.size(); i++) {
        Lead before = befores.get(i);
        edits.add(
            before.deleted() || !before.tenantId().equals(p.tenantId())
                ? Future.failedFuture(ProblemException.notFound("lead " + before.id()))
                : edited(p, before, patches.get(i), settings));
      }
      return Future.join(edits).transform(x -> {
        List<Future<Lead>> out = new ArrayList<>(edits); // the refusals stay as they failed
        List<Integer> changed = new ArrayList<>();
        List<LeadWriter.Write> writes = new ArrayList<>();
        for (int i = 0; i < befores.size(); i++) {
          if (edits.get(i).failed()) {
            continue;
          }
          Lead before = befores.get(i);
          Lead valid = edits.get(i).result();
          if (LeadChanges.diff(before, valid).isEmpty()) {
            out.set(i, Future.succeededFuture(before)); // nothing to write
          } else {
            changed.add(i);
            writes.add(LeadWriter.Write.edit(before, valid));
          }
        }
        Future<List<Lead>> written = writes.isEmpty()
            ? Future.succeededFuture(List.of())
            : writer.writeAll(p, writes, settings);
        return written.map(stored -> {
          for (int k = 0; k < changed.size(); k++) {
            Lead now = stored.get(k);
            out.set(
                changed.get(k),
                now != null
                    ? Future.succeededFuture(now)
                    : Future.failedFuture(
                        LeadWriter.stale(writes.get(k).before().id())));
          }
          return out;
        });
      });
    });
  }

  /** {@code before} with the patch applied, assignment rules checked, normalised and validated; nothing stored. */
  private Future<Lead> edited(Principal p, Lead before, ObjectNode patch, LeadSettings settings) {
    try {
      Lead applied = LeadChanges.apply(before, patch, false);
      Lookups lookups = new Lookups(catalog, directory);
      return teamFollowingOwner(p, before, applied, lookups).compose(withTeam -> {
        checkAssignment(
            p, before, withTeam.routing().ownerId(), withTeam.routing().teamId());
        return validate(
            p, LeadRules.normalise(withTeam, settings.defaultRegion()), before, settings, lookups);
      });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * {@code applied} with the team of its new owner when an edit gives the lead another owner and leaves the team,
   * and the new owner is not in that team (the lead would otherwise stay with a team its owner is not part of).
   */
  private static Future<Lead> teamFollowingOwner(
      Principal p, Lead before, Lead applied, Lookups lookups) {
    String owner = LeadRules.trim(applied.routing().ownerId());
    if (owner == null
        || owner.equals(before.routing().ownerId())
        || !Objects.equals(before.routing().teamId(), applied.routing().teamId())) {
      return Future.succeededFuture(applied);
    }
    return lookups
        .references()
        .user(p.tenantId(), owner)
        .map(found -> found
            .filter(u -> applied.routing().teamId() == null
                || !u.teamIds().contains(applied.routing().teamId())
                    && !u.managedTeamIds().contains(applied.routing().teamId()))
            .map(u -> LeadReferences.teamOf(p, u))
            .map(team -> applied.withOwner(applied.routing().ownerId(), team))
            .orElse(applied));
  }

  /** Soft delete: the lead stays as a tombstone ({@code deletedAt}) and leaves every list. */
  public Future<Void> delete(Principal p, String id, Long ifMatch) {
    return access
        .visibleLead(p, id)
        .compose(before -> {
          LeadWriter.checkVersion(before, ifMatch);
          return catalog
              .recentSettings(p.tenantId())
              .compose(s -> writer.write(
                  p, before, LeadOps.tombstone(before, writer.now(), null), "delete", null, s));
        })
        .mapEmpty();
  }

  public Future<LeadPage> list(
      Principal p,
      LeadQuery query,
      LeadQuery.Order order,
      String cursor,
      int limit,
      boolean withTotal) {
    return list(p, query, order, cursor, limit, withTotal, null);
  }

  /**
   * {@link #list} reading only {@code fields} of each lead (null: all): the other fields are null. The fields
   * must include the order's sort field (the next cursor is made from it).
   */
  public Future<LeadPage> list(
      Principal p,
      LeadQuery query,
      LeadQuery.Order order,
      String cursor,
      int limit,
      boolean withTotal,
      Collection<String> fields) {
    List<FieldError> errors = query.check();
    if (!errors.isEmpty()) {
      return Future.failedFuture(new ProblemException(
          ErrorCode.VALIDATION_FAILED, errors.get(0).message(), errors, Map.of()));
    }
    String queryHash = CursorCodec.hash(query.canonical() + "|" + p.userId());
    CursorCodec codec = cursors.get();
    CursorCodec.Position after =
        cursor == null ? null : codec.decode(cursor, order.wire(), queryHash);
    return access.visibility(p).compose(v -> {
      Future<List<Lead>> page = leads.list(p.tenantId(), v, query, order, after, limit + 1, fields);
      Future<Long> total =
          withTotal ? leads.count(p.tenantId(), v, query) : Future.succeededFuture(null);
      return Future.all(page, total).map(x -> {
        List<Lead> items = page.result();
        String next = null;
        if (items.size() > limit) {
          items = items.subList(0, limit);
          Lead last = items.get(limit - 1);
          next = codec.encode(new CursorCodec.Position(
              order.wire(), sortValue(order.sort(), last), last.id(), queryHash));
        }
        return new LeadPage(items, next, total.result());
      });
    });
  }

  public Future<Long> count(Principal p, LeadQuery query) {
    return access.visibility(p).compose(v -> leads.count(p.tenantId(), v, query));
  }

  private static Object sortValue(LeadQuery.Sort sort, Lead l) {
    return switch (sort) {
      case CREATED_AT -> l.bookkeeping().createdAt().toEpochMilli();
      case UPDATED_AT -> l.bookkeeping().updatedAt().toEpochMilli();
      case CAPTURED_AT -> l.capture().capturedAt().toEpochMilli();
      case LAST_NAME -> SearchKeys.text(l.contact().lastName());
      case COMPANY -> SearchKeys.text(l.organization().company());
      case SCORE -> l.scoring().score();
    };
  }

  public Future<List<LeadHistoryEntry>> history(
      Principal p, String id, Long beforeVersion, int limit) {
    return access
        .visibleLead(p, id, true)
        .compose(l -> catalog.history(p.tenantId(), id, beforeVersion, limit));
  }
}
