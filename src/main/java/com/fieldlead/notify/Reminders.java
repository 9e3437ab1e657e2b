package com.fieldlead.notify;

import com.fieldlead.activity.model.LocalSchedule;
import com.fieldlead.activity.store.TaskReminderQueries;
import com.fieldlead.notify.model.NewNotification;
import com.fieldlead.notify.model.NotificationKind;
import com.fieldlead.notify.model.PreferencesRules;
import com.fieldlead.notify.model.PushTexts;
import com.fieldlead.notify.model.ReminderTimes;
import com.fieldlead.notify.store.MongoPreferences;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follow-up reminders and daily digests. Each scan turns open tasks whose reminder time has come into reminder
 * notifications (one per task and reminder time: a snooze makes a new one, a repeated scan none); quiet hours then
 * defer non-urgent ones. Right before sending, {@link #guard()} drops a reminder whose task was done, cancelled,
 * deleted or snoozed meanwhile. Digests: at the user's local digest time, "N follow-ups due today" when N > 0.
 */
final class Reminders {

  private static final Logger LOG = LoggerFactory.getLogger(Reminders.class);
  static final String JOB = "notify.reminders";
  /** Scans look this far around the stored remindAt: the local-calendar fire time may differ by a DST hour. */
  static final Duration SLACK = Duration.ofHours(2);
  /** After a long outage, reminders older than this are not sent any more. */
  static final Duration LOOKBACK = Duration.ofHours(24);
  /** A digest is still sent this long after its time (the server was down at that moment). */
  static final Duration DIGEST_WINDOW = Duration.ofHours(3);

  static final int LIMIT = 1000;
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private final TaskReminderQueries tasks;
  private final MongoPreferences preferences;
  private final NotificationService notifications;
  private final Clock clock;
  private Instant scannedUpTo;

  Reminders(
      TaskReminderQueries tasks,
      MongoPreferences preferences,
      NotificationService notifications,
      Clock clock) {
    this.tasks = tasks;
    this.preferences = preferences;
    this.notifications = notifications;
    this.clock = clock;
  }

  /** One scan of reminders, then digests; answers how many notifications were created. */
  Future<Integer> runOnce() {
    Instant now = clock.instant();
    Instant from = scannedUpTo == null ? now.minus(LOOKBACK) : scannedUpTo.minus(SLACK);
    return tasks
        .remindersBetween(from, now.plus(SLACK), LIMIT)
        .compose(due -> {
          List<Future<Boolean>> created = new ArrayList<>();
          for (TaskReminderQueries.DueTask t : due) {
            Instant fire = fireAt(t);
            if (fire != null && !fire.isAfter(now) && fire.isAfter(now.minus(LOOKBACK))) {
              created.add(notifications.create(reminder(t, fire)));
            }
          }
          return Future.all(created).map(all -> {
            scannedUpTo = due.size() < LIMIT ? now : scannedUpTo;
            return (int) all.list().stream().filter(Boolean.TRUE::equals).count();
          });
        })
        .compose(n -> digests(now).map(d -> {
          if (n + d > 0) {
            LOG.info("reminders created [reminders={}, digests={}]", n, d);
          }
          return n + d;
        }));
  }

  static Instant fireAt(TaskReminderQueries.DueTask t) {
    ZoneId zone = PreferencesRules.zone(t.timeZone()).map(z -> (ZoneId) z).orElse(ZoneOffset.UTC);
    return ReminderTimes.fireAt(t.dueAt(), t.remindBefore(), zone, t.remindAt(), t.snoozed());
  }

  /** The reminder of {@code t} firing at {@code fire}; the source key makes a snooze a new notification. */
  static NewNotification reminder(TaskReminderQueries.DueTask t, Instant fire) {
    ZoneId zone = PreferencesRules.zone(t.timeZone()).map(z -> (ZoneId) z).orElse(ZoneOffset.UTC);
    String due = t.dueAt() == null ? "" : HH_MM.format(t.dueAt().atZone(zone));
    return NewNotification.of(
        t.tenantId(),
        t.assigneeId(),
        NotificationKind.REMINDER,
        "task:" + t.id() + "@" + fire.toEpochMilli(),
        PushTexts.Text.of("reminder", t.title(), due),
        Map.of("taskId", t.id(), "leadId", t.leadId() == null ? "" : t.leadId()),
        t.urgent(),
        fire);
  }

  /** Drops reminders whose task is no longer open or whose reminder moved since. */
  SendGuard guard() {
    return n -> {
      if (n.kind() != NotificationKind.REMINDER) {
        return Future.succeededFuture(true);
      }
      String taskId = n.data().get("taskId");
      return tasks
          .find(n.tenantId(), taskId)
          .map(t -> t.filter(TaskReminderQueries.DueTask::open)
              .map(task -> {
                Instant fire = fireAt(task);
                return fire != null && reminder(task, fire).id().equals(n.id());
              })
              .orElse(false));
    };
  }

  private Future<Integer> digests(Instant now) {
    return preferences.withDigest().compose(users -> {
      List<Future<Boolean>> created = new ArrayList<>();
      for (MongoPreferences.Stored s : users) {
        if (!s.prefs().enabled(NotificationKind.DIGEST)) {
          continue;
        }
        created.add(notifications.settingsOf(s.tenantId(), s.userId()).compose(settings -> {
          Instant at = ReminderTimes.digestAt(
              now, settings.zone(), LocalTime.parse(s.prefs().digestTime()));
          if (now.isBefore(at) || now.isAfter(at.plus(DIGEST_WINDOW))) {
            return Future.succeededFuture(false);
          }
          var day = LocalSchedule.day(now, settings.zone());
          return tasks
              .openDueBetween(s.tenantId(), s.userId(), day.from(), day.to())
              .compose(count -> count == 0
                  ? Future.succeededFuture(false)
                  : notifications.create(NewNotification.of(
                      s.tenantId(),
                      s.userId(),
                      NotificationKind.DIGEST,
                      "digest:" + now.atZone(settings.zone()).toLocalDate(),
                      PushTexts.Text.of("digest", count),
                      Map.of(),
                      false,
                      at)));
        }));
      }
      return Future.all(created)
          .map(all -> (int) all.list().stream().filter(Boolean.TRUE::equals).count());
    });
  }
}
