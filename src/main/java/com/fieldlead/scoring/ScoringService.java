package com.fieldlead.scoring;

import com.fieldlead.activity.ActivityListener;
import com.fieldlead.activity.ActivityService;
import com.fieldlead.activity.model.Activity;
import com.fieldlead.auth.Principal;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.lead.LeadChangeListener;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.LeadPreparer;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the pure {@link LeadScorer} to stored leads: per-tenant rules (versioned; the default rules until a tenant
 * saves its own), a rescore on every relevant lead change and new activity, the periodic decay, and a rescore of the
 * tenant's open leads after a rules change. Scores are written through {@link LeadModule#updateServerFields} (version
 * + 1, history {@code rescore}); a crossing into hot stores a {@code lead.hot} domain event with the same write.
 */
public final class ScoringService {

  private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);
  static final int ACTIVITY_LIMIT = 500;
  static final int BATCH = 100;
  static final int DECAY_BATCHES_PER_RUN = 10;
  static final String ACTION = "rescore";

  /** The background rescores after a rules change that are still running (see {@link #stop()}). */
  private final Set<Future<Integer>> running = ConcurrentHashMap.newKeySet();

  private volatile boolean stopping;
  private final ScoringRulesRepository rules;
  private final LeadModule leads;
  private final ActivityService activities;
  private final Clock clock;
  private final List<Function<List<Lead>, Future<Void>>> temperatureListeners =
      new CopyOnWriteArrayList<>();

  /**
   * Called with the stored leads after a rescore changed their temperature (the SLA clock of a lead that turns hot
   * later gets the tighter due time), several at once when they were rescored together. Failures are logged, never
   * fail the rescore.
   */
  public void addTemperatureListener(Function<List<Lead>, Future<Void>> listener) {
    temperatureListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private Future<Lead> notifyTemperature(String before, Lead after) {
    if (Objects.equals(before, after.scoring().temperature())) {
      return Future.succeededFuture(after);
    }
    return notifyTemperatures(List.of(after)).map(after);
  }

  /** Tells the temperature listeners about {@code changed} (leads whose temperature moved), all at once. */
  private Future<Void> notifyTemperatures(List<Lead> changed) {
    if (changed.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (var l : temperatureListeners) {
      chain = chain.compose(v -> l.apply(changed).recover(e -> {
        LOG.warn("temperature listener failed [leads={}]", changed.size(), e);
        return Future.succeededFuture();
      }));
    }
    return chain;
  }

  ScoringService(
      ScoringRulesRepository rules, LeadModule leads, ActivityService activities, Clock clock) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.leads = Objects.requireNonNull(leads, "leads");
    this.activities = Objects.requireNonNull(activities, "activities");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The tenant's current rules, or the default B2B field-sales rules (version 1) when it never saved its own. */
  public Future<ScoringRules> rules(String tenantId) {
    return rules
        .current(tenantId)
        .map(s -> s.map(ScoringRulesRepository.Stored::rules)
            .orElseGet(DefaultScoringRules::b2bFieldSales));
  }

  /** {@link #rules} as read at most a couple of seconds ago (scoring one lead after another). */
  private Future<ScoringRules> recentRules(String tenantId) {
    return rules
        .recent(tenantId)
        .map(s -> s.map(ScoringRulesRepository.Stored::rules)
            .orElseGet(DefaultScoringRules::b2bFieldSales));
  }

  /** The tenant's saved versions, newest first (empty while it uses the defaults). */
  public Future<List<ScoringRulesRepository.VersionInfo>> versions(String tenantId, int limit) {
    return rules.versions(tenantId, limit);
  }

  /**
   * Saves {@code proposed} as the tenant's next version (current + 1): 412 when the proposal names a version that is
   * not the current one, 400 naming every invalid field, 409 when a concurrent save took the version. Then rescores
   * the tenant's open leads in the background, in batches.
   */
  public Future<ScoringRules> save(Principal p, ScoringRules proposed, Integer basedOnVersion) {
    return rules(p.tenantId()).compose(current -> {
      if (basedOnVersion != null && basedOnVersion != current.version()) {
        throw new ProblemException(
            ErrorCode.PRECONDITION_FAILED,
            "the rules are at version " + current.version() + ", not " + basedOnVersion
                + "; get them again and reapply your change");
      }
      ScoringRules next = proposed.withVersion(current.version() + 1, clock.instant());
      List<FieldError> errors = ScoringRulesValidator.validate(next);
      if (!errors.isEmpty()) {
        throw new ProblemException(
            ErrorCode.VALIDATION_FAILED,
            errors.get(0).field() + ": " + errors.get(0).message(),
            errors,
            Map.of());
      }
      return rules
          .insert(new ScoringRulesRepository.Stored(p.tenantId(), next, p.userId()))
          .map(inserted -> {
            if (!inserted) {
              throw new ProblemException(
                  ErrorCode.CONFLICT, "someone else saved the scoring rules at the same time");
            }
            LOG.info(
                "scoring rules saved [tenant={}, version={}, by={}]",
                p.tenantId(),
                next.version(),
                p.userId());
            Future<Integer> run = rescoreOpenLeads(p.tenantId());
            running.add(run);
            run.onComplete(ar -> {
              running.remove(run);
              LOG.info(
                  "rescore after rules change [tenant={}, version={}, leads={}{}]",
                  p.tenantId(),
                  next.version(),
                  ar.succeeded() ? ar.result() : ar.cause(),
                  stopping ? ", stopped with the server" : "");
            });
            return next;
          });
    });
  }

  /**
   * Rescores one lead now: its facts, its activities, the tenant's rules. Writes only when the score, temperature,
   * explanation or next decay time changed; answers the lead as stored afterwards (empty when it is gone).
   */
  public Future<Optional<Lead>> rescore(String tenantId, String leadId) {
    return rescore(tenantId, leadId, true);
  }

  /** {@link #rescore}; a lead just created has no activities yet ({@code readActivities} false skips the read). */
  private Future<Optional<Lead>> rescore(String tenantId, String leadId, boolean readActivities) {
    Future<ScoringRules> r = recentRules(tenantId);
    Future<List<Activity>> acts = readActivities
        ? activities.ofLead(tenantId, leadId, ACTIVITY_LIMIT)
        : Future.succeededFuture(List.of());
    Future<Predicate<String>> open = leads.openStatuses(tenantId);
    // the lead is read once, by the server-field write (which reads it again only when a concurrent
    // write won)
    AtomicReference<String> before = new AtomicReference<>();
    return Future.all(r, acts, open)
        .compose(all ->
            leads.updateServerFields(tenantId, leadId, LeadModule.SYSTEM, ACTION, current -> {
              before.set(current.scoring().temperature());
              return change(
                  current,
                  r.result(),
                  acts.result(),
                  open.result().test(current.qualification().status()));
            }))
        .compose(stored -> notifyTemperature(before.get(), stored))
        .map(Optional::of)
        .recover(e -> e instanceof ProblemException pe && pe.code() == ErrorCode.NOT_FOUND
            ? Future.succeededFuture(Optional.empty())
            : Future.failedFuture(e));
  }

  private LeadModule.ServerChange change(
      Lead current, ScoringRules rules, List<Activity> acts, boolean open) {
    Instant now = clock.instant();
    ScoreResult result = LeadScorer.score(rules, ScoringFacts.of(current, acts), now);
    if (!ScoringFacts.changes(current, result)) {
      return null;
    }
    Temperature before = current.scoring().temperature() == null
        ? null
        : Temperature.of(current.scoring().temperature());
    List<DomainEvent> events = open && LeadScorer.becameHot(before, result)
        ? List.of(hotEvent(current, before, result, now))
        : List.of();
    return new LeadModule.ServerChange(ScoringFacts.apply(current, result), events);
  }

  private static DomainEvent hotEvent(
      Lead lead, Temperature before, ScoreResult result, Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("score", result.score());
    data.put("previousTemperature", before == null ? null : before.wire());
    data.put("reason", result.overridden() ? "boothOverride" : "score");
    data.put("ownerId", lead.routing().ownerId());
    data.put("teamId", lead.routing().teamId());
    data.put("rulesVersion", result.rulesVersion());
    DomainEvent e = DomainEvent.of(lead.tenantId(), DomainEvent.LEAD_HOT, lead.id(), data, now);
    return lead.routing().ownerId() == null
        ? e
        : e.withRecipients(List.of(lead.routing().ownerId()));
  }

  /** Rescores every open lead of the tenant, {@link #BATCH} at a time; the number of leads looked at. */
  /**
   * Stops the background rescores after the lead each is on (the rest of the tenant keeps its scores until the next
   * change or decay); answers once none is running, so the store can close under none of them.
   */
  public Future<Void> stop() {
    stopping = true;
    return Future.join(new ArrayList<>(running)).<Void>mapEmpty().otherwiseEmpty();
  }

  public Future<Integer> rescoreOpenLeads(String tenantId) {
    return rescoreBatch(tenantId, null, 0);
  }

  private Future<Integer> rescoreBatch(String tenantId, String afterId, int done) {
    return leads.scan(tenantId, afterId, BATCH).compose(batch -> {
      Future<Void> chain = Future.succeededFuture();
      for (Lead l : batch) {
        chain = chain.compose(v -> stopping
            ? Future.<Void>succeededFuture()
            : leads
                .isOpen(tenantId, l.qualification().status())
                .compose(open -> open
                    ? rescore(tenantId, l.id()).<Void>mapEmpty()
                    : Future.<Void>succeededFuture())
                .recover(e -> {
                  LOG.warn("rescore failed [tenant={}, lead={}]", tenantId, l.id(), e);
                  return Future.succeededFuture();
                }));
      }
      int total = done + batch.size();
      return chain.compose(v -> batch.size() < BATCH || stopping
          ? Future.succeededFuture(total)
          : rescoreBatch(tenantId, batch.get(batch.size() - 1).id(), total));
    });
  }

  /**
   * One run of the decay job: rescores leads whose {@code scoreNextDecayAt} has come (any tenant), in batches of
   * {@link #BATCH}, at most {@link #DECAY_BATCHES_PER_RUN} batches; the number of leads rescored.
   */
  public Future<Integer> decayOnce() {
    return decayBatch(0, 0);
  }

  private Future<Integer> decayBatch(int batchNo, int done) {
    return leads
        .decayDue(clock.instant(), BATCH)
        .compose(due -> {
          Future<Void> chain = Future.succeededFuture();
          for (Lead l : due) {
            chain = chain.compose(v -> rescore(l.tenantId(), l.id())
                .<Void>mapEmpty()
                .recover(e -> {
                  LOG.warn("decay rescore failed [tenant={}, lead={}]", l.tenantId(), l.id(), e);
                  return Future.succeededFuture();
                }));
          }
          int total = done + due.size();
          return chain.compose(v -> due.size() < BATCH || batchNo + 1 >= DECAY_BATCHES_PER_RUN
              ? Future.succeededFuture(total)
              : decayBatch(batchNo + 1, total));
        })
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("score decay applied [leads={}]", n);
          }
        });
  }

  /** {@code lead} scored by the default rules as of {@code now}, without activities (demo seeding; pure). */
  public static Lead scoredWithDefaults(Lead lead, Instant now) {
    return ScoringFacts.apply(
        lead,
        LeadScorer.score(
            DefaultScoringRules.b2bFieldSales(), ScoringFacts.of(lead, List.of()), now));
  }

  /**
   * Scores new leads before they are stored (no activities yet: exactly what a rescore right after the insert would
   * give), with the hot-lead event of a capture that is hot from the start: a batch of captures is inserted scored,
   * instead of inserted cold and rewritten one by one (which also moved each one's speed-to-lead clock).
   */
  LeadPreparer preparer() {
    return fresh -> {
      if (fresh.isEmpty()) {
        return Future.succeededFuture(fresh);
      }
      String tenantId = fresh.get(0).lead().tenantId();
      Future<ScoringRules> r = recentRules(tenantId);
      Future<Predicate<String>> open = leads.openStatuses(tenantId);
      return Future.all(r, open).map(x -> {
        List<LeadPreparer.Prepared> out = new ArrayList<>(fresh.size());
        for (LeadPreparer.Prepared p : fresh) {
          if (!p.lead().tenantId().equals(tenantId)) {
            throw new IllegalArgumentException("leads of one tenant at a time");
          }
          Lead lead =
              p.lead(); // as the rescore after an insert saw it: default score and temperature
          LeadModule.ServerChange change = change(
              lead,
              r.result(),
              List.of(),
              open.result().test(lead.qualification().status()));
          if (change == null) {
            out.add(p);
          } else {
            List<DomainEvent> events = new ArrayList<>(p.events());
            events.addAll(change.events());
            out.add(new LeadPreparer.Prepared(change.lead(), events));
          }
        }
        return out;
      });
    };
  }

  /**
   * Rescores when leads are created, their scoring facts change, or they absorb another lead in a merge. Captures are
   * scored together from the leads as inserted (one bulk write with their hot-lead events; one written by someone
   * else meanwhile is rescored alone, from a fresh read); edits whose scoring facts changed are rescored together
   * (one read of their activities, one bulk write, their moved speed-to-lead clocks in one more); a merge's survivor
   * is rescored. A new lead's activities can only be recorded after it exists, and each one rescores it then.
   */
  LeadChangeListener changeListener() {
    return (changes, actor, inFlight) -> {
      Map<String, List<Lead>> created = new LinkedHashMap<>();
      Map<String, List<Lead>> edited = new LinkedHashMap<>();
      List<Lead> merged = new ArrayList<>();
      for (LeadChangeListener.Change c : changes) {
        Lead after = c.after();
        if (after.bookkeeping().mergedInto() != null) {
          merged.add(after);
        } else if (after.deleted()) {
          continue;
        } else if (c.created()) {
          if (!scoredAtCreate(after)) {
            created.computeIfAbsent(after.tenantId(), t -> new ArrayList<>()).add(after);
          }
        } else if (factsChanged(c.before(), after)) {
          edited.computeIfAbsent(after.tenantId(), t -> new ArrayList<>()).add(after);
        }
      }
      Future<Void> chain = Future.succeededFuture();
      for (Map.Entry<String, List<Lead>> e : created.entrySet()) {
        chain = chain.compose(v -> scoreCreated(e.getKey(), e.getValue(), inFlight));
      }
      for (Map.Entry<String, List<Lead>> e : edited.entrySet()) {
        chain = chain.compose(v -> rescoreTogether(e.getKey(), e.getValue(), inFlight)
            .recover(t -> {
              LOG.warn(
                  "rescore of {} edited leads failed [tenant={}]",
                  e.getValue().size(),
                  e.getKey(),
                  t);
              return Future.succeededFuture();
            }));
      }
      return chain.compose(v -> LeadChangeListener.Windows.each(
          merged,
          inFlight,
          loser -> rescore(loser.tenantId(), loser.bookkeeping().mergedInto())));
    };
  }

  /**
   * Scores leads just created together (a sync push's captures; no activities yet) from the leads as inserted, in one
   * bulk write with their hot-lead events, instead of a read and a write per lead; a lead written by someone else in
   * the meantime (routing, an edit) is rescored alone, from a fresh read. Temperature listeners are told per lead.
   */
  private Future<Void> scoreCreated(String tenantId, List<Lead> created, int inFlight) {
    Future<ScoringRules> r = recentRules(tenantId);
    Future<Predicate<String>> open = leads.openStatuses(tenantId);
    return Future.all(r, open)
        .compose(x -> leads.updateServerFieldsMany(
            tenantId,
            created,
            LeadModule.SYSTEM,
            ACTION,
            current -> change(
                current,
                r.result(),
                List.of(),
                open.result().test(current.qualification().status()))))
        .compose(stored -> {
          Map<Lead, Lead> after = new IdentityHashMap<>();
          for (int i = 0; i < created.size(); i++) {
            after.put(created.get(i), stored.get(i));
          }
          return LeadChangeListener.Windows.each(
              created,
              inFlight,
              lead -> after.get(lead) == null
                  ? rescore(tenantId, lead.id(), false)
                  : notifyTemperature(lead.scoring().temperature(), after.get(lead)));
        });
  }

  /**
   * Rescores leads of one tenant just written (a push's edits) from the leads as written: their activities in one read,
   * the new scores in one version-checked bulk write with their hot-lead events; a lead written again meanwhile is
   * rescored alone from a fresh read. Temperature listeners hear of the moved ones together.
   */
  private Future<Void> rescoreTogether(String tenantId, List<Lead> written, int inFlight) {
    Future<ScoringRules> r = recentRules(tenantId);
    Future<Map<String, List<Activity>>> acts =
        activities.ofLeads(tenantId, written.stream().map(Lead::id).toList(), ACTIVITY_LIMIT);
    Future<Predicate<String>> open = leads.openStatuses(tenantId);
    return Future.all(r, acts, open)
        .compose(x -> leads.updateServerFieldsMany(
            tenantId,
            written,
            LeadModule.SYSTEM,
            ACTION,
            current -> change(
                current,
                r.result(),
                acts.result().getOrDefault(current.id(), List.of()),
                open.result().test(current.qualification().status()))))
        .compose(stored -> {
          List<Lead> moved = new ArrayList<>();
          List<Lead> again = new ArrayList<>();
          for (int i = 0; i < written.size(); i++) {
            Lead after = stored.get(i);
            if (after == null) {
              again.add(written.get(i));
            } else if (!Objects.equals(
                written.get(i).scoring().temperature(), after.scoring().temperature())) {
              moved.add(after);
            }
          }
          return notifyTemperatures(moved)
              .compose(v -> LeadChangeListener.Windows.each(
                  again, inFlight, lead -> rescore(tenantId, lead.id())));
        });
  }

  /** Rescores the lead of every newly recorded activity. */
  ActivityListener activityListener() {
    return activity -> rescore(activity.tenantId(), activity.leadId()).mapEmpty();
  }

  /** A new lead the {@link #preparer} scored before it was stored (it carries its score's details). */
  private static boolean scoredAtCreate(Lead lead) {
    return lead.scoring().scoreDetails() != null;
  }

  static boolean factsChanged(Lead a, Lead b) {
    return !Objects.equals(a.contact().title(), b.contact().title())
        || !Objects.equals(a.organization().industry(), b.organization().industry())
        || !Objects.equals(a.organization().companySize(), b.organization().companySize())
        || !Objects.equals(a.organization().country(), b.organization().country())
        || !Objects.equals(a.contact().email(), b.contact().email())
        || !Objects.equals(a.organization().company(), b.organization().company())
        || !Objects.equals(a.qualification().bant(), b.qualification().bant())
        || !Objects.equals(a.scoring().hotOverride(), b.scoring().hotOverride());
  }
}
