package com.fieldlead.notify;

import static com.fieldlead.notify.store.NotifySchema.*;
import static com.fieldlead.store.MongoFutures.isDuplicateKey;

import com.fieldlead.lead.LeadChangeListener;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.notify.model.NewNotification;
import com.fieldlead.notify.model.NotificationKind;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-only "please pull" pushes: when someone other than a lead's owner changes it, the owner's phones get a silent
 * nudge so their next sync brings the change. Coalesced per user (so per device) to at most one per interval with a
 * conditional update on {@code sync_nudges}, which holds across instances; the outbox delivers it like any other
 * notification, but the inbox does not list it.
 */
final class SyncNudges implements LeadChangeListener {

  private static final Logger LOG = LoggerFactory.getLogger(SyncNudges.class);

  private final MongoCollection<Document> last;
  private final NotificationService notifications;
  private final Clock clock;
  private final Duration interval;

  SyncNudges(MongoStore store, NotificationService notifications, Clock clock, Duration interval) {
    this.last = store.collection(S.COLLECTION);
    this.notifications = notifications;
    this.clock = clock;
    this.interval = interval;
  }

  /**
   * The owners of the changed leads, before and after (a reassigned lead must leave the old owner's phone too), each
   * nudged once, which is what one nudge per lead amounts to, as the nudges of one interval coalesce; the actor's
   * own phones are not nudged.
   */
  @Override
  public Future<Void> leadsChanged(List<Change> changes, String actorUserId, int inFlight) {
    Map<String, Lead> leadOfOwner = new LinkedHashMap<>();
    for (Change c : changes) {
      Lead before = c.before();
      Lead after = c.after();
      Lead lead = after != null ? after : before;
      if (lead == null) {
        continue;
      }
      if (after != null
          && after.routing().ownerId() != null
          && !after.routing().ownerId().equals(actorUserId)) {
        leadOfOwner.put(lead.tenantId() + "\u0000" + after.routing().ownerId(), lead);
      }
      if (before != null
          && before.routing().ownerId() != null
          && !before.routing().ownerId().equals(actorUserId)) {
        leadOfOwner.put(lead.tenantId() + "\u0000" + before.routing().ownerId(), lead);
      }
    }
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Lead> e : leadOfOwner.entrySet()) {
      String owner = e.getKey().substring(e.getKey().indexOf('\u0000') + 1);
      Lead lead = e.getValue();
      chain = chain.compose(v -> Windows.guarded(
          () -> nudge(lead.tenantId(), owner, lead.id()),
          t -> LOG.warn("sync nudge failed [tenant={}, user={}]", lead.tenantId(), owner, t)));
    }
    return chain;
  }

  /** Nudges the user's phones unless they were nudged within the interval; answers whether a nudge was made. */
  Future<Boolean> nudge(String tenantId, String userId, String leadId) {
    Instant now = clock.instant();
    String key = tenantId + ":" + userId;
    return MongoFutures.one(last.updateOne(
            Filters.and(Filters.eq(ID, key), Filters.lte(S.LAST_AT, date(now.minus(interval)))),
            Updates.set(S.LAST_AT, date(now))))
        .compose(r -> r.getModifiedCount() > 0
            ? Future.succeededFuture(true)
            : MongoFutures.one(last.updateOne(
                    Filters.eq(ID, key),
                    Updates.setOnInsert(S.LAST_AT, date(now)),
                    new UpdateOptions().upsert(true)))
                .map(u -> u.getUpsertedId() != null)
                .recover(t ->
                    isDuplicateKey(t) ? Future.succeededFuture(false) : Future.failedFuture(t)))
        .compose(go -> !go
            ? Future.succeededFuture(false)
            : notifications.create(new NewNotification(
                tenantId,
                userId,
                NotificationKind.SYNC_NUDGE,
                "nudge:" + now.toEpochMilli(),
                null,
                null,
                Map.of("leadId", leadId),
                false,
                null)));
  }
}
