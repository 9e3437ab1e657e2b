package com.fieldlead.app;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.http.ApiRouter;
import com.fieldlead.ops.BusinessMetrics;
import com.fieldlead.store.EmbeddedStore;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.Migrations;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.embedded.CommandCosts;
import com.fieldlead.tracing.Tracing;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running fieldlead process: metrics, Vert.x, the store (a real MongoDB or the embedded one), every feature, and
 * the HTTP verticles. {@link #stop()} is the graceful path SIGTERM takes.
 */
public final class FieldleadServer {

  private static final Logger LOG = LoggerFactory.getLogger(FieldleadServer.class);

  private final FieldleadConfig config;
  private final Clock clock;
  private PrometheusMeterRegistry registry;
  private Vertx vertx;
  private EmbeddedStore embedded;
  private MongoStore store;
  private Features features;
  private Migrations migrations;
  private RequestRates rates;
  private Tracing tracing;
  private final List<String> deployments = new ArrayList<>();
  private int port;
  private String storeUri;

  public FieldleadServer(FieldleadConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Traces to {@code tracing} instead of what the configuration says (tests hand an in-memory exporter); before
   * {@link #start()}.
   */
  public FieldleadServer tracing(Tracing tracing) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    return this;
  }

  /** Starts everything; the future completes once the HTTP port is listening and indexes exist. */
  public Future<FieldleadServer> start() {
    return start(true);
  }

  /**
   * Starts the store and every feature; HTTP and background work only when {@code http} (command-line tools run
   * without both).
   */
  public Future<FieldleadServer> start(boolean http) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(BusinessMetrics.latencyBuckets()); // before any meter exists
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE);
    if (tracing == null) {
      tracing = Tracing.start(config.tracing()); // null when off: no SDK, no tracer
    }
    VertxBuilder builder = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry));
    if (tracing != null) {
      builder.withTracer(tracing.vertxTracer());
    }
    vertx = builder.build();
    long started = System.nanoTime();
    // the contract does not depend on the store: read and resolved while the store opens and
    // indexes are declared
    Future<OpenAPIContract> contract = http ? ApiRouter.loadContract(vertx) : null;
    String uri;
    if (config.store().embedded()) {
      embedded = config.store().inMemory()
          ? EmbeddedStore.startInMemory()
          : EmbeddedStore.startDurable(config.store().dataDir(), "127.0.0.1", 0);
      uri = embedded.connectionString();
    } else {
      uri = config.store().mongodbUri().orElseThrow();
      LOG.info("using MongoDB [uri={}]", config.store());
    }
    storeUri = uri;
    long storeOpened = System.nanoTime();
    Tracing traced = tracing;
    store = MongoStore.connect(
        uri, config.store(), registry, ((VertxInternal) vertx).nettyEventLoopGroup(), settings -> {
          if (traced != null) {
            traced.configure(settings);
          }
        });
    if (embedded != null) {
      store.durableThrough(embedded::durable);
      String database = config.store().database();
      store.generationsThrough(collection -> embedded.writeGenerations().of(database, collection));
      embedded
          .commandCosts()
          .onEach(cost -> FunctionCounter.builder(
                  "fieldlead.store.command.cpu", cost, CommandCosts.Cost::seconds)
              .baseUnit("seconds")
              .description(
                  "CPU time the embedded store spent executing commands, by command and collection")
              .tags("command", cost.command(), "collection", cost.collection())
              .register(registry));
    }
    features = new Features(vertx, config, store, clock);
    features.metricsRegistry(registry);
    migrations =
        new Migrations(vertx, store, clock, features.jobs().owner(), features.migrations());
    // Run the start chain on a Vert.x context so that every driver callback comes back to an event
    // loop.
    Promise<Void> onContext = Promise.promise();
    vertx.runOnContext(v -> onContext.complete());
    StartTimes times = new StartTimes(started);
    times.at("store", storeOpened);
    return onContext
        .future()
        .compose(v -> embedded != null
            ? Future.succeededFuture()
            : store
                .awaitReachable(vertx, config.store().startWait(), e -> {})
                .compose(x -> store.detectEmbeddedDurability()))
        .compose(v -> migrations.beforeStart(config.store().startWait()))
        .compose(v -> store.ensureIndexes(declaredIndexes(), embedded != null))
        .onSuccess(times.mark("indexes"))
        .compose(v -> features.start(http))
        .onSuccess(times.mark("features"))
        .onSuccess(v -> {
          if (http) {
            migrations.inBackground();
          }
        })
        .compose(v -> config.demo() ? features.seedDemo() : Future.succeededFuture())
        .onSuccess(times.mark("demo"))
        .map(v -> {
          if (http && config.rateLimits().any()) {
            rates = new RequestRates(vertx, store, clock, config.rateLimits());
            rates.start();
          }
          return v;
        })
        .compose(v -> http ? contract.compose(this::deployHttp) : Future.succeededFuture())
        .onSuccess(times.mark("http"))
        .map(v -> {
          String storeName =
              config.store().embedded() ? "embedded:" + config.store().dataDir() : "mongodb";
          if (http) {
            LOG.info(
                "fieldlead listening [port={}, store={}, demo={}, startMs={}]",
                port,
                storeName,
                config.demo(),
                times);
          } else {
            LOG.info(
                "fieldlead ready for a command, without HTTP or background jobs [store={}, startMs={}]",
                storeName,
                times);
          }
          return this;
        });
  }

  /** How long each start-up step took, logged with "listening" (what a slow start spends its time on). */
  private static final class StartTimes {
    private final long start;
    private long last;
    private final StringBuilder steps = new StringBuilder();

    StartTimes(long start) {
      this.start = start;
      this.last = start;
    }

    void at(String step, long now) {
      steps
          .append(steps.length() == 0 ? "" : ", ")
          .append(step)
          .append('=')
          .append((now - last) / 1_000_000);
      last = now;
    }

    <T> Handler<T> mark(String step) {
      return x -> at(step, System.nanoTime());
    }

    @Override
    public String toString() {
      return (last - start) / 1_000_000 + " (" + steps + ")";
    }
  }

  private Future<Void> deployHttp(OpenAPIContract contract) {
    int instances = config.http().instances() > 0
        ? config.http().instances()
        : Runtime.getRuntime().availableProcessors();
    // Port 0 means "any free port"; Vert.x shares a random port between instances only when it is
    // negative.
    int bindPort = config.http().port() == 0 ? -1 : config.http().port();
    FieldleadConfig.Http http = new FieldleadConfig.Http(
        config.http().host(),
        bindPort,
        instances,
        config.http().bodyLimitBytes(),
        config.http().shutdownGrace());
    List<ApiVerticle> created = Collections.synchronizedList(new ArrayList<>());
    return vertx
        .deployVerticle(
            () -> {
              ApiVerticle verticle = new ApiVerticle(
                  http,
                  contract,
                  features.gate(),
                  features::endpoints,
                  store::durable,
                  rates == null ? null : rates.handler());
              created.add(verticle);
              return verticle;
            },
            new DeploymentOptions().setInstances(instances))
        .map(id -> {
          deployments.add(id);
          port = created.get(0).actualPort();
          return null;
        });
  }

  /** Builds a router exactly as the HTTP verticles do (for contract tests that inspect its routes). */
  public Future<Router> buildRouter() {
    return ApiRouter.loadContract(vertx)
        .map(contract -> ApiRouter.create(
            vertx,
            contract,
            config.http().bodyLimitBytes(),
            features.gate(),
            features.endpoints(),
            store::durable,
            rates == null ? null : rates.handler()));
  }

  /**
   * Every index this server declares and creates at start (each feature's, and the request-rate windows'); the shard
   * plan is checked against this list ({@code ShardPlanTest}).
   */
  public List<IndexDef> declaredIndexes() {
    List<IndexDef> all = new ArrayList<>(features.indexes());
    all.addAll(RequestRates.indexes());
    return all;
  }

  /**
   * Sends this instance's request counts to the store and reads every instance's totals now, instead of within the
   * second (tests of limits across instances); nothing when no rate limit is set.
   */
  public Future<Void> shareRequestCounts() {
    return rates == null ? Future.succeededFuture() : rates.flush();
  }

  /** The port HTTP listens on (useful with port 0). */
  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * The connection string of the store this process uses (the embedded store's local address when it runs one), so
   * that a second instance can share it (tests of work across instances). May contain credentials: never log it.
   */
  public String storeConnectionString() {
    return storeUri;
  }

  public MongoStore store() {
    return store;
  }

  /** The embedded store this process runs, or null when it uses a MongoDB (or another process's store). */
  public EmbeddedStore embeddedStore() {
    return embedded;
  }

  /** The stored data's schema steps (null before start). */
  public Migrations migrations() {
    return migrations;
  }

  public Features features() {
    return features;
  }

  /**
   * Graceful stop: HTTP stops accepting and in-flight requests get the grace period, background work stops, then
   * MongoDB and the embedded store close.
   */
  public Future<Void> stop() {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    List<Future<Void>> undeployed = new ArrayList<>();
    for (String id : deployments) {
      undeployed.add(vertx.undeploy(id));
    }
    return Future.join(undeployed)
        .<Void>mapEmpty()
        .eventually(() -> rates == null ? Future.succeededFuture() : rates.stop())
        .eventually(() -> features == null ? Future.succeededFuture() : features.stop())
        .eventually(() -> {
          store.close();
          if (embedded != null) {
            embedded.close();
          }
          return vertx.close();
        })
        .eventually(this::closeTracing)
        .onComplete(ar -> LOG.info("fieldlead stopped"));
  }

  /** Flushes the spans still batched, off any event loop (the export may wait on a collector). */
  private Future<Void> closeTracing() {
    Tracing closing = tracing;
    tracing = null;
    return closing == null
        ? Future.succeededFuture()
        : Future.fromCompletionStage(CompletableFuture.runAsync(closing::close));
  }

  /** Blocking stop for shutdown hooks, bounded by the grace period plus a margin. */
  public void stopAndWait() {
    try {
      stop()
          .toCompletionStage()
          .toCompletableFuture()
          .get(config.http().shutdownGrace().toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown did not complete cleanly", e);
    }
  }
}
