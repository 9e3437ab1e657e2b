package com.fieldlead.app;

import com.fieldlead.auth.Principal;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request rate limits per device (a token without a device: per user) and per tenant, in one-minute windows counted
 * across instances. Each instance counts in memory and, every second, adds what it counted to the store's counter
 * for the window and reads back the total of every instance; a request is refused while the last total plus this
 * instance's unsent count has reached the limit. So the store sees two commands a second per instance, not one per
 * request, and N instances may together let through up to a second's worth of requests over a limit before the
 * refusals start. A refused request is not counted and gets 429 {@code TOO_MANY_REQUESTS} with {@code Retry-After}
 * (the seconds left in the window).
 */
final class RequestRates {

  private static final Logger LOG = LoggerFactory.getLogger(RequestRates.class);
  static final String COLLECTION = "request_rates";
  private static final String KEY = "k";
  private static final String WINDOW = "w";
  private static final String COUNT = "n";
  private static final long WINDOW_MS = 60_000;
  private static final long FLUSH_MS = 1_000;

  private final Vertx vertx;
  private final MongoCollection<Document> counters;
  private final Clock clock;
  private final FieldleadConfig.RateLimits limits;
  private final Map<String, Counter> local = new ConcurrentHashMap<>();
  private final AtomicBoolean flushing = new AtomicBoolean();
  private volatile long purgedBefore;
  private long timer = -1;
  private volatile Future<Void> inFlight = Future.succeededFuture();

  /** One key's count in one window: the total of every instance as last read, and what this one has not sent. */
  private static final class Counter {
    final long window;
    volatile long total;
    final AtomicLong unsent = new AtomicLong();

    Counter(long window) {
      this.window = window;
    }
  }

  RequestRates(Vertx vertx, MongoStore store, Clock clock, FieldleadConfig.RateLimits limits) {
    this.vertx = vertx;
    this.counters = store.collection(COLLECTION);
    this.clock = clock;
    this.limits = limits;
  }

  static List<IndexDef> indexes() {
    return List.of(IndexDef.of(COLLECTION, "request_rates_window", Indexes.ascending(WINDOW)));
  }

  /** Starts sending counts every second (call on a Vert.x context). */
  void start() {
    timer = vertx.setPeriodic(FLUSH_MS, id -> flush());
  }

  /** Stops sending; answers once a round in progress is done (before the store closes). */
  Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return inFlight.recover(e -> Future.succeededFuture());
  }

  /** The handler run after the gate: counts the request, or fails it with 429 once a limit is reached. */
  Handler<RoutingContext> handler() {
    return ctx -> {
      Principal p = Principal.of(ctx);
      long now = clock.millis();
      long window = now / WINDOW_MS;
      String device = p.deviceId() != null
          ? "d:" + p.tenantId() + ":" + p.deviceId()
          : "u:" + p.tenantId() + ":" + p.userId();
      String tenant = "t:" + p.tenantId();
      Counter byDevice = counter(device, window);
      Counter byTenant = counter(tenant, window);
      boolean deviceFull = limits.devicePerMinute() > 0
          && byDevice.total + byDevice.unsent.get() >= limits.devicePerMinute();
      boolean tenantFull = limits.tenantPerMinute() > 0
          && byTenant.total + byTenant.unsent.get() >= limits.tenantPerMinute();
      if (deviceFull || tenantFull) {
        long retryAfter = Math.max(1, ((window + 1) * WINDOW_MS - now + 999) / 1000);
        ctx.fail(new ProblemException(
            ErrorCode.TOO_MANY_REQUESTS,
            (deviceFull
                    ? "This device (or user) has sent " + limits.devicePerMinute()
                        + " requests this minute"
                    : "This tenant has sent " + limits.tenantPerMinute() + " requests this minute")
                + "; retry after " + retryAfter + " s.",
            List.of(),
            Map.of("Retry-After", Long.toString(retryAfter))));
        return;
      }
      byDevice.unsent.incrementAndGet();
      byTenant.unsent.incrementAndGet();
      ctx.next();
    };
  }

  private Counter counter(String key, long window) {
    return local.compute(
        key, (k, old) -> old == null || old.window != window ? new Counter(window) : old);
  }

  /**
   * Sends this instance's counts of the current window to the store and reads back every instance's totals (the
   * timer calls it each second; tests call it to share counts at once). Counts of a finished window are dropped.
   */
  Future<Void> flush() {
    if (!flushing.compareAndSet(false, true)) {
      return inFlight;
    }
    long window = clock.millis() / WINDOW_MS;
    local.entrySet().removeIf(e -> e.getValue().window != window);
    List<WriteModel<Document>> adds = new ArrayList<>();
    Map<String, Long> sent = new HashMap<>();
    local.forEach((key, c) -> {
      long n = c.unsent.getAndSet(0);
      if (n > 0) {
        sent.put(key, n);
        adds.add(new UpdateOneModel<>(
            Filters.eq("_id", key + "|" + window),
            Updates.combine(
                Updates.inc(COUNT, n),
                Updates.setOnInsert(KEY, key),
                Updates.setOnInsert(WINDOW, window)),
            new UpdateOptions().upsert(true)));
      }
    });
    List<String> ids = local.keySet().stream().map(k -> k + "|" + window).toList();
    Future<?> written =
        adds.isEmpty() ? Future.succeededFuture() : MongoFutures.one(counters.bulkWrite(adds));
    inFlight = written
        .recover(e -> {
          sent.forEach((key, n) -> { // not counted in the store: keep them for the next round
            Counter c = local.get(key);
            if (c != null && c.window == window) {
              c.unsent.addAndGet(n);
            }
          });
          return Future.failedFuture(e);
        })
        .compose(v -> ids.isEmpty()
            ? Future.succeededFuture(List.<Document>of())
            : MongoFutures.list(counters.find(Filters.in("_id", ids))))
        .map(docs -> {
          for (Document d : docs) {
            Counter c = local.get(d.getString(KEY));
            Number n = d.get(COUNT, Number.class);
            if (c != null && c.window == window && n != null) {
              c.total = n.longValue();
            }
          }
          return (Void) null;
        })
        .compose(v -> purge(window))
        .onFailure(
            e -> LOG.info("request rate counts not shared this round [cause={}]", e.toString()))
        .onComplete(ar -> flushing.set(false));
    return inFlight;
  }

  /** Deletes the counters of windows before the previous one, once per window. */
  private Future<Void> purge(long window) {
    if (purgedBefore >= window - 1) {
      return Future.succeededFuture();
    }
    purgedBefore = window - 1;
    return MongoFutures.one(counters.deleteMany(Filters.lt(WINDOW, window - 1))).mapEmpty();
  }
}
