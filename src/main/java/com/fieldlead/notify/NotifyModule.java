package com.fieldlead.notify;

import com.fieldlead.activity.store.TaskReminderQueries;
import com.fieldlead.auth.DeviceTokens;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.events.EventLog;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadChangeListener;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.notify.model.Backoff;
import com.fieldlead.notify.model.PushMessage;
import com.fieldlead.notify.store.MongoNotifications;
import com.fieldlead.notify.store.MongoPreferences;
import com.fieldlead.notify.store.NotifySchema;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.LeasedJobs;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notify feature: the durable notification outbox and its FCM (or log) sender, device-token upkeep, the inbox
 * and preferences API, alerts from domain events, task reminders, daily digests and sync nudges. {@link #start}
 * chooses the sender (reads credentials off the event loop) and schedules the background work on every instance.
 */
public final class NotifyModule {

  /** The lease name of the job that turns durable events into notifications (ticked early after hot leads). */
  public static final String ALERTS_JOB = EventAlerts.JOB;

  private static final Logger LOG = LoggerFactory.getLogger(NotifyModule.class);

  private final Vertx vertx;
  private final FieldleadConfig.Push config;
  private final Clock clock;
  private final MongoNotifications notifications;
  private final DeviceTokens tokens;
  private final NotificationService service;
  private final Reminders reminders;
  private final EventAlerts alerts;
  private final SyncNudges nudges;
  private final Backoff backoff;
  private volatile OutboxWorker worker;
  private volatile PushSender sender;
  private final List<BiConsumer<String, String>> outcomes = new CopyOnWriteArrayList<>();

  public NotifyModule(
      Vertx vertx,
      FieldleadConfig.Push config,
      MongoStore store,
      Clock clock,
      UserDirectory directory,
      DeviceTokens tokens,
      LeadLookup leads,
      EventLog events,
      TaskReminderQueries tasks) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.notifications = new MongoNotifications(store);
    MongoPreferences preferences = new MongoPreferences(store);
    this.backoff = new Backoff(
        config.retryBase(),
        config.retryMax(),
        config.maxAttempts(),
        () -> ThreadLocalRandom.current().nextDouble());
    this.service = new NotificationService(
        notifications, preferences, directory, clock, this::kick, leads::tenantLocale);
    this.reminders = new Reminders(tasks, preferences, service, clock);
    this.alerts = new EventAlerts(
        events,
        leads,
        directory,
        service,
        backoff,
        clock,
        config.lease(),
        "notify-" + UUID.randomUUID());
    this.nudges = new SyncNudges(store, service, clock, config.syncNudgeInterval());
  }

  public List<IndexDef> indexes() {
    return NotifySchema.indexes();
  }

  /**
   * Chooses the sender, starts this instance's outbox worker and schedules alerts and reminders on {@code jobs}. A
   * demo run ({@code demo}) expects no FCM credentials and says so quietly; a real one without them warns.
   */
  public Future<Void> start(LeasedJobs jobs, boolean demo) {
    return vertx.executeBlocking(() -> FcmSetup.sender(config, demo), false).map(chosen -> {
      PushSender s = counted(chosen);
      sender = s;
      worker = new OutboxWorker(
          vertx, notifications, tokens, s, reminders.guard(), backoff, clock, config);
      worker.start();
      if (jobs != null) {
        jobs.schedule(EventAlerts.JOB, config.poll(), config.lease(), alerts::runOnce);
        jobs.schedule(Reminders.JOB, config.reminderScan(), config.lease(), reminders::runOnce);
      }
      LOG.info(
          "notify started [sender={}, poll={}, maxAttempts={}, lease={}]",
          s.name(),
          config.poll(),
          config.maxAttempts(),
          config.lease());
      return null;
    });
  }

  /**
   * Tells {@code listener} the sender's name and the outcome of every token a push was sent to ({@code delivered},
   * {@code token_invalid}, {@code retry}, {@code failed}, or {@code error} when the send itself failed): the business
   * metrics count them. Call before {@link #start}.
   */
  public void onSendOutcome(BiConsumer<String, String> listener) {
    outcomes.add(Objects.requireNonNull(listener, "listener"));
  }

  private PushSender counted(PushSender sender) {
    return new PushSender() {
      @Override
      public String name() {
        return sender.name();
      }

      @Override
      public Future<List<Result>> send(PushMessage message, List<String> tokens) {
        return sender.send(message, tokens).onComplete(ar -> {
          if (ar.succeeded()) {
            ar.result().forEach(r -> tell(r.outcome().name().toLowerCase(Locale.ROOT)));
          } else {
            tell("error");
          }
        });
      }

      private void tell(String outcome) {
        outcomes.forEach(l -> l.accept(sender.name(), outcome));
      }

      @Override
      public void close() {
        sender.close();
      }
    };
  }

  /** Stops the outbox worker; answers (closing the sender) once its round in progress is done. */
  public Future<Void> stop() {
    OutboxWorker w = worker;
    Future<Void> idle = w == null ? Future.succeededFuture() : w.stop();
    return idle.onComplete(x -> {
      PushSender s = sender;
      if (s != null) {
        s.close();
      }
    });
  }

  public List<Endpoint> endpoints() {
    return List.of(new NotifyEndpoint(service));
  }

  /** Register with the lead feature: nudges owners' phones when someone else changes their lead. */
  public LeadChangeListener leadListener() {
    return nudges;
  }

  /** Creates notifications (other features, tests). */
  public NotificationService service() {
    return service;
  }

  /** The sender in use ({@code fcm} or {@code log}); null before start. */
  public String senderName() {
    PushSender s = sender;
    return s == null ? null : s.name();
  }

  /**
   * Cancels the notifications about the tenant's {@code leadIds} that have not been sent (the data-rights erasure of
   * their person: nothing naming them goes out afterwards); answers how many.
   */
  public Future<Long> cancelAbout(String tenantId, List<String> leadIds) {
    return notifications.cancelAbout(tenantId, leadIds, clock.instant());
  }

  /** Runs one outbox round on this instance now (tests, benchmarks); answers how many were claimed. */
  public Future<Integer> sendDueNow() {
    return worker.runOnce();
  }

  /** Runs one reminder and digest scan now (tests). */
  public Future<Integer> scanRemindersNow() {
    return reminders.runOnce();
  }

  /** Turns pending domain events into notifications now (tests). */
  public Future<Integer> handleEventsNow() {
    return alerts.runOnce();
  }

  void kick() {
    OutboxWorker w = worker;
    if (w != null) {
      w.kick();
    }
  }

  Duration poll() {
    return config.poll();
  }

  /** The language of {@code userId}'s texts: their own choice, else their tenant's. */
  public Future<String> locale(String tenantId, String userId) {
    return service.settingsOf(tenantId, userId).map(NotificationService.Settings::locale);
  }
}
