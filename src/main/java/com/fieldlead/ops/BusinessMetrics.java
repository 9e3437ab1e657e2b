package com.fieldlead.ops;

import com.fieldlead.events.DomainEvent;
import com.fieldlead.events.EventLog;
import com.fieldlead.lead.LeadChangeListener;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business metrics beside the technical ones at {@code /metrics} (README, "Metrics and alerts"): captures by
 * channel, domain events (SLA breaches among them) when first stored, push send outcomes, and the depth and age of
 * the two outboxes (notifications to push, domain events to relay and alert), read from the store every
 * {@link #POLL}. Counters count what this instance did (sum them across instances); the outbox gauges are the
 * store's, the same on every instance (take the max).
 */
public final class BusinessMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(BusinessMetrics.class);

  /** How often the outbox gauges are read from the store. */
  public static final Duration POLL = Duration.ofSeconds(15);

  /** The capture channels (a lead's {@code captureMethod}); anything else counts as {@code other}. */
  static final Set<String> CHANNELS =
      Set.of("manual", "badge_scan", "business_card", "web_form", "import");

  static final List<String> EVENT_TYPES =
      List.of(DomainEvent.LEAD_HOT, DomainEvent.LEAD_ASSIGNED, DomainEvent.SLA_BREACHED);

  static final List<String> PUSH_OUTCOMES =
      List.of("delivered", "token_invalid", "retry", "failed", "error");

  /** Bucket bounds of the latency histograms, in nanoseconds (Micrometer's unit for timers). */
  private static final double[] LATENCY_BUCKETS = {0.05e9, 0.1e9, 0.25e9, 0.5e9, 1e9, 2e9, 5e9, 10e9
  };

  /** The notification outbox (owned by notify; its collection and fields as stored there). */
  static final String NOTIFICATIONS = "notifications";

  /** The webhook deliveries waiting to be sent (owned by webhook; its collection and fields as stored there). */
  static final String WEBHOOK_DELIVERIES = "webhook_deliveries";

  /** The phones' sync state (owned by sync; one document per device, {@code lastSyncAt} its last pull or push). */
  static final String SYNC_DEVICES = "sync_devices";

  /**
   * The {@code last_sync} label of {@code fieldlead.sync.devices}: how long ago each phone last pulled or pushed, as
   * counts of devices per age band.
   */
  static final List<String> LAST_SYNC_BANDS =
      List.of("under_1h", "1h_to_24h", "1d_to_7d", "over_7d");

  private static final List<Duration> BAND_LIMITS =
      List.of(Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(7));

  private final Vertx vertx;
  private final MongoStore store;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Counter> captures = new ConcurrentHashMap<>();
  private final Map<String, Counter> events = new ConcurrentHashMap<>();
  private final Map<String, Counter> sends = new ConcurrentHashMap<>();
  private final Map<String, Outbox> outboxes = new ConcurrentHashMap<>();
  private final Map<String, Counter> mutations = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> devices = new ConcurrentHashMap<>();
  private volatile long timer = -1;

  /** One outbox's pending items and how long the oldest due one has waited. */
  private static final class Outbox {
    final AtomicLong depth = new AtomicLong();
    final AtomicLong oldestDueSeconds = new AtomicLong();
  }

  public BusinessMetrics(Vertx vertx, MongoStore store, MeterRegistry registry, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    // every known label value from the start, so dashboards and alerts see 0 rather than nothing
    CHANNELS.forEach(this::capture);
    capture("other");
    EVENT_TYPES.forEach(this::event);
    for (String outcome : PUSH_OUTCOMES) {
      send("fcm", outcome);
    }
    for (String band : LAST_SYNC_BANDS) {
      AtomicLong n = new AtomicLong();
      devices.put(band, n);
      Gauge.builder("fieldlead.sync.devices", n, AtomicLong::get)
          .description("Phones by how long ago they last pulled or pushed")
          .tag("last_sync", band)
          .register(registry);
    }
    for (String name : List.of(NOTIFICATIONS, EventLog.COLLECTION, WEBHOOK_DELIVERIES)) {
      Outbox o = new Outbox();
      outboxes.put(name, o);
      Gauge.builder("fieldlead.outbox.depth", o.depth, AtomicLong::get)
          .description("Items waiting in an outbox (pending or being sent)")
          .tag("outbox", name)
          .register(registry);
      Gauge.builder("fieldlead.outbox.oldest.due.age", o.oldestDueSeconds, AtomicLong::get)
          .description("How long the oldest due item of an outbox has been waiting")
          .baseUnit("seconds")
          .tag("outbox", name)
          .register(registry);
    }
  }

  /**
   * Histogram buckets (eight, 50 ms to 10 s) for HTTP response times, so that latency quantiles of sync push and pull
   * (and any route) can be computed across instances. All routes get them: the Prometheus format wants one type per
   * metric name, so the sync routes cannot be histograms while the others stay summaries. Configure it on the
   * registry before any meter is registered.
   */
  public static MeterFilter latencyBuckets() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().equals("vertx.http.server.response.time")) {
          return DistributionStatisticConfig.builder()
              .serviceLevelObjectives(LATENCY_BUCKETS)
              .build()
              .merge(config);
        }
        return config;
      }
    };
  }

  private Counter capture(String channel) {
    return captures.computeIfAbsent(
        channel,
        c -> Counter.builder("fieldlead.captures")
            .description("Leads captured, by channel (captureMethod)")
            .tag("channel", c)
            .register(registry));
  }

  private Counter event(String type) {
    return events.computeIfAbsent(
        type,
        t -> Counter.builder("fieldlead.domain.events")
            .description("Domain events stored (lead.hot, lead.assigned, sla.breached)")
            .tag("type", t)
            .register(registry));
  }

  private Counter send(String sender, String outcome) {
    return sends.computeIfAbsent(
        sender + "/" + outcome,
        k -> Counter.builder("fieldlead.push.sends")
            .description("Push sends per device token, by sender and outcome")
            .tag("sender", sender)
            .tag("outcome", outcome)
            .register(registry));
  }

  private Counter mutation(String result) {
    return mutations.computeIfAbsent(
        result,
        r -> Counter.builder("fieldlead.sync.mutations")
            .description("Pushed mutations answered, by result")
            .tag("result", r)
            .register(registry));
  }

  /** Registers every result a pushed mutation can have, so each is at 0 from the start. */
  public void knownMutationResults(List<String> results) {
    results.forEach(this::mutation);
  }

  /** Counts one pushed mutation's result ({@code applied}, {@code rejected}, ...). */
  public void mutationResult(String result) {
    mutation(result).increment();
  }

  /** Counts created leads by channel; register with the lead module's change listeners. */
  public LeadChangeListener captureListener() {
    return (changes, actor, inFlight) -> {
      for (LeadChangeListener.Change c : changes) {
        if (c.created() && c.after() != null) {
          Lead lead = c.after();
          String channel = lead.capture().captureMethod();
          capture(channel != null && CHANNELS.contains(channel) ? channel : "other")
              .increment();
        }
      }
      return Future.succeededFuture();
    };
  }

  /** Counts a domain event the first time it is stored ({@code sla.breached} is the SLA breach count). */
  public void eventStored(DomainEvent e) {
    event(EVENT_TYPES.contains(e.type()) ? e.type() : "other").increment();
  }

  /** Counts one push send outcome. */
  public void pushOutcome(String sender, String outcome) {
    send(
            "fcm".equals(sender) || "log".equals(sender) ? sender : "other",
            PUSH_OUTCOMES.contains(outcome) ? outcome : "other")
        .increment();
  }

  /** Reads the outbox gauges now and every {@link #POLL}. */
  public void start() {
    refresh();
    timer = vertx.setPeriodic(POLL.toMillis(), id -> refresh());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * Reads both outboxes' pending count and their oldest due item from the store (through the index the workers claim
   * by: {@code status, nextAttemptAt}); a failed read keeps the last values and is logged.
   */
  public Future<Void> refresh() {
    List<Future<Void>> reads = new ArrayList<>();
    reads.add(read(NOTIFICATIONS, List.of("pending", "sending")));
    reads.add(read(EventLog.COLLECTION, List.of(EventLog.PENDING)));
    reads.add(read(WEBHOOK_DELIVERIES, List.of("pending")));
    reads.add(readDevices());
    return Future.join(reads)
        .<Void>mapEmpty()
        .onFailure(e -> LOG.warn("business metrics: outbox read failed: {}", e.toString()));
  }

  /**
   * Counts the devices last seen within each limit (through the {@code lastSyncAt} index) and all of them; the bands
   * are the differences.
   */
  private Future<Void> readDevices() {
    MongoCollection<Document> all = store.collection(SYNC_DEVICES);
    List<Future<Long>> within = new ArrayList<>();
    for (Duration limit : BAND_LIMITS) {
      Date since = Date.from(clock.instant().minus(limit));
      within.add(MongoFutures.one(all.countDocuments(Filters.gte("lastSyncAt", since))));
    }
    Future<Long> total = MongoFutures.one(all.estimatedDocumentCount());
    return Future.all(Future.all(within), total).map(x -> {
      long before = 0;
      for (int i = 0; i < within.size(); i++) {
        long n = within.get(i).result();
        devices.get(LAST_SYNC_BANDS.get(i)).set(Math.max(0, n - before));
        before = n;
      }
      devices.get(LAST_SYNC_BANDS.get(within.size())).set(Math.max(0, total.result() - before));
      return null;
    });
  }

  private Future<Void> read(String collection, List<String> pending) {
    Outbox o = outboxes.get(collection);
    MongoCollection<Document> items = store.collection(collection);
    Future<Long> depth = MongoFutures.one(items.countDocuments(Filters.in("status", pending)));
    Future<List<Document>> oldest = MongoFutures.list(items
        .find(Filters.eq("status", "pending"))
        .sort(Sorts.ascending("nextAttemptAt"))
        .limit(1));
    return Future.all(depth, oldest).map(x -> {
      o.depth.set(depth.result());
      long age = 0;
      if (!oldest.result().isEmpty()
          && oldest.result().get(0).get("nextAttemptAt") instanceof Date due) {
        age = Math.max(0, Duration.between(due.toInstant(), clock.instant()).toSeconds());
      }
      o.oldestDueSeconds.set(age);
      return null;
    });
  }
}
