package com.fieldlead.activity;

import com.fieldlead.activity.model.Activity;
import com.fieldlead.activity.model.ActivityInput;
import com.fieldlead.activity.model.ActivityType;
import com.fieldlead.activity.model.Cursor;
import com.fieldlead.activity.model.CursorPage;
import com.fieldlead.activity.model.Saved;
import com.fieldlead.activity.store.ActivityRepository;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records activities on leads the caller can see, and lists them newest first. Append-only: there is no update or
 * delete; a correction is a new note. Creates are idempotent on the client's id.
 */
public final class ActivityService {

  private static final Logger LOG = LoggerFactory.getLogger(ActivityService.class);
  /** A phone's clock may run ahead; more than a day ahead is a bug, not skew. */
  static final Duration MAX_CLOCK_AHEAD = Duration.ofDays(1);

  private final ActivityRepository repository;
  private final LeadLookup leads;
  private final Clock clock;
  private final List<ActivityListener> listeners = new CopyOnWriteArrayList<>();

  public ActivityService(ActivityRepository repository, LeadLookup leads, Clock clock) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.leads = Objects.requireNonNull(leads, "leads");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records {@code input} on lead {@code leadId}: 404 unless the caller sees the lead; booth users may only add notes.
   * A replay with the same id and content answers the stored activity ({@code created} false).
   */
  public Future<Saved<Activity>> record(Principal caller, String leadId, ActivityInput input) {
    Instant now = clock.instant();
    return Future.succeededFuture(input)
        .map(in -> check(caller, in, now))
        .compose(in -> leads.visible(caller, leadId).map(lead -> build(caller, lead.id(), in, now)))
        .compose(activity -> repository.insertIfAbsent(activity).compose(inserted -> {
          if (inserted) {
            LOG.info(
                "activity recorded [lead={}, activity={}, type={}]",
                leadId,
                activity.id(),
                activity.type().wire());
            return notifyListeners(activity).map(new Saved<>(activity, true));
          }
          return replay(activity);
        }));
  }

  void addListener(ActivityListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private Future<Void> notifyListeners(Activity activity) {
    Future<Void> chain = Future.succeededFuture();
    for (ActivityListener l : listeners) {
      chain = chain.compose(v -> {
        Future<Void> told;
        try {
          told = l.activityRecorded(activity);
        } catch (RuntimeException e) {
          told = Future.failedFuture(e);
        }
        return told.recover(e -> {
          LOG.warn(
              "activity listener failed [lead={}, activity={}]",
              activity.leadId(),
              activity.id(),
              e);
          return Future.succeededFuture();
        });
      });
    }
    return chain;
  }

  /** The lead's newest activities (at most {@code limit}), for background work such as scoring; no visibility. */
  public Future<List<Activity>> ofLead(String tenantId, String leadId, int limit) {
    return repository.byLead(tenantId, leadId, null, limit);
  }

  /** The activities of several leads of one tenant (one read), newest first, at most {@code limit} each, by lead. */
  public Future<Map<String, List<Activity>>> ofLeads(
      String tenantId, Collection<String> leadIds, int limit) {
    return repository.byLeads(tenantId, leadIds, limit);
  }

  /** A page of the lead's activities, newest {@code occurredAt} first. */
  public Future<CursorPage<Activity>> list(
      Principal caller, String leadId, String cursor, int limit) {
    Cursor after = cursor == null
        ? null
        : Cursor.decode(cursor)
            .orElseThrow(() -> ProblemException.invalidField(
                "query.cursor", "cursor", "is not a cursor from a previous page"));
    return leads
        .visible(caller, leadId)
        .compose(lead -> repository.byLead(caller.tenantId(), lead.id(), after, limit + 1))
        .map(found -> {
          List<Activity> items = found.size() > limit ? found.subList(0, limit) : found;
          String next = found.size() > limit
              ? new Cursor(
                      items.get(limit - 1).occurredAt(), items.get(limit - 1).id())
                  .encode()
              : null;
          return new CursorPage<>(items, next);
        });
  }

  /** Moves the activities of merged lead {@code loserId} to {@code survivorId}. */
  public Future<Long> repoint(String tenantId, String loserId, String survivorId) {
    return repository.repoint(tenantId, loserId, survivorId, clock.instant());
  }

  private static ActivityInput check(Principal caller, ActivityInput in, Instant now) {
    if (caller.is(Role.BOOTH) && in.type() != ActivityType.NOTE) {
      throw ProblemException.forbidden("Booth users may only add notes");
    }
    if (in.details(in.type()) == null) {
      throw ProblemException.invalidField(
          "/" + in.type().wire(),
          "required",
          "an activity of type " + in.type().wire() + " needs a " + in.type().wire() + " object");
    }
    for (ActivityType other : ActivityType.values()) {
      if (other != in.type() && in.details(other) != null) {
        throw ProblemException.invalidField(
            "/" + other.wire(),
            "not-allowed",
            "only the " + in.type().wire() + " object is allowed for type "
                + in.type().wire());
      }
    }
    if (in.type() == ActivityType.NOTE) {
      InputChecks.requireText(in.note().text(), "/note/text");
    }
    if (in.occurredAt() != null && in.occurredAt().isAfter(now.plus(MAX_CLOCK_AHEAD))) {
      throw ProblemException.invalidField(
          "/occurredAt", "future", "must not be more than a day in the future");
    }
    return in;
  }

  private static Activity build(Principal caller, String leadId, ActivityInput in, Instant now) {
    String id = InputChecks.idOrNew(in.id(), "/id");
    Instant occurredAt = InputChecks.millis(in.occurredAt() == null ? now : in.occurredAt());
    Instant received = InputChecks.millis(now);
    return new Activity(
        id,
        caller.tenantId(),
        leadId,
        in.type(),
        occurredAt,
        received,
        caller.userId(),
        caller.deviceId(),
        in.call(),
        in.email(),
        in.meeting(),
        in.visit(),
        in.note(),
        1,
        received,
        received,
        null,
        InputChecks.fingerprint(leadId, in));
  }

  private Future<Saved<Activity>> replay(Activity attempted) {
    return repository
        .find(attempted.tenantId(), attempted.id())
        .map(existing -> existing
            .filter(a -> a.fingerprint().equals(attempted.fingerprint()))
            .map(a -> new Saved<>(a, false))
            .orElseThrow(() -> InputChecks.conflictingId("activity", attempted.id())));
  }
}
