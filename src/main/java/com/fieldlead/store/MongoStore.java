package com.fieldlead.store;

import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.store.embedded.KvBackend;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.connection.TransportSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsConnectionPoolListener;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one MongoDB client of a process, its database, and the start-up step that creates every declared index.
 * Readiness ({@link #indexesReady()}) turns true only after that step succeeded.
 */
public final class MongoStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MongoStore.class);
  /** Pause between two start-up attempts (each already waited the server selection timeout). */
  private static final long RETRY_PAUSE_MS = 1000;

  private static final String INDEXES_MARKER = "indexes";

  private final MongoClient client;
  private final MongoDatabase database;
  private final AtomicBoolean indexesReady = new AtomicBoolean();
  /**
   * The driver's buffers for commands and answers: on the heap (see {@link #connect}), and not pooled, which used less
   * CPU per pushed capture than a pooled heap allocator (README, "Quiet pulls that read nothing").
   */
  private static final ByteBufAllocator HEAP_BUFFERS = new UnpooledByteBufAllocator(false);

  /** What {@link #writeGeneration} answers when this process cannot know what the store's other clients wrote. */
  public static final long NO_GENERATION = -1;

  /** The write generation of a collection, where this process runs the store ({@link #generationsThrough}). */
  private volatile ToLongFunction<String> generations = collection -> NO_GENERATION;

  /** How to wait until written data survives a power loss: nothing (MongoDB's write concern did it) by default. */
  private volatile Supplier<Future<Void>> durable = Future::succeededFuture;

  private MongoStore(MongoClient client, String database) {
    this.client = client;
    this.database = client.getDatabase(database);
  }

  /** Connects to {@code connectionString}; pool and command timings go to {@code registry} when given. */
  public static MongoStore connect(
      String connectionString, FieldleadConfig.Store config, MeterRegistry registry) {
    return connect(connectionString, config, registry, null);
  }

  /**
   * {@link #connect(String, FieldleadConfig.Store, MeterRegistry)}, the driver's sockets on {@code eventLoops} (the
   * process's Vert.x event loops) when given: no driver threads of its own, and an answer is read on an event loop
   * instead of a pool of the driver's own asynchronous channels.
   */
  public static MongoStore connect(
      String connectionString,
      FieldleadConfig.Store config,
      MeterRegistry registry,
      EventLoopGroup eventLoops) {
    return connect(connectionString, config, registry, eventLoops, settings -> {});
  }

  /**
   * {@link #connect(String, FieldleadConfig.Store, MeterRegistry, EventLoopGroup)}, the driver's settings given last
   * to {@code more} (tracing adds its command listener and context provider there).
   */
  public static MongoStore connect(
      String connectionString,
      FieldleadConfig.Store config,
      MeterRegistry registry,
      EventLoopGroup eventLoops,
      Consumer<MongoClientSettings.Builder> more) {
    Objects.requireNonNull(connectionString, "connectionString");
    MongoClientSettings.Builder settings = MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(connectionString))
        .uuidRepresentation(UuidRepresentation.STANDARD)
        .applicationName("fieldlead")
        .applyToClusterSettings(c -> c.serverSelectionTimeout(
            config.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .applyToConnectionPoolSettings(p -> {
          p.maxSize(config.maxPoolSize());
          if (registry != null) {
            p.addConnectionPoolListener(new MongoMetricsConnectionPoolListener(registry));
          }
        });
    if (registry != null) {
      settings.addCommandListener(new MongoMetricsCommandListener(registry));
    }
    if (eventLoops != null) {
      settings.transportSettings(TransportSettings.nettyBuilder()
          .eventLoopGroup(eventLoops)
          .socketChannelClass(NioSocketChannel.class)
          // heap buffers: the driver copies a string's ASCII straight into their array; into a
          // direct buffer it writes byte by byte (about a tenth of a push's CPU)
          .allocator(HEAP_BUFFERS)
          .build());
    }
    more.accept(settings);
    return new MongoStore(MongoClients.create(settings.build()), config.database());
  }

  public MongoDatabase database() {
    return database;
  }

  public MongoCollection<Document> collection(String name) {
    return database.getCollection(name);
  }

  /**
   * Completes once everything written so far survives a power loss: the embedded store's group commit (one fsync for
   * every caller of the moment); at once on MongoDB, whose write concern made each write durable already. Answers that
   * acknowledge writes (an HTTP response, a push notification about them) wait for it.
   */
  public Future<Void> durable() {
    return durable.get();
  }

  /** This process runs the embedded store: wait for its group commit, in process. */
  public void durableThrough(Supplier<CompletableFuture<Void>> groupCommit) {
    durable = () -> {
      CompletableFuture<Void> done = groupCommit.get();
      if (done.isDone() && !done.isCompletedExceptionally()) {
        return Future
            .succeededFuture(); // nothing new since the last fsync: no hop through another thread
      }
      Context context = Vertx.currentContext();
      return context == null
          ? Future.fromCompletionStage(done)
          : Future.fromCompletionStage(done, context);
    };
  }

  /**
   * This process runs the embedded store: {@link #writeGeneration} answers from its count of writes per collection,
   * which every client's writes move on.
   */
  public void generationsThrough(ToLongFunction<String> perCollection) {
    generations = Objects.requireNonNull(perCollection, "perCollection");
  }

  /**
   * A number that moves on after every write to any of {@code collections}, by anyone: what was read from them while
   * it read {@code g} (read before the data) is still what they hold while it reads {@code g}. {@link #NO_GENERATION}
   * when this process cannot know (MongoDB, or an embedded store another process runs for several instances): then
   * nothing read may be kept on its strength.
   */
  public long writeGeneration(String... collections) {
    long sum = 0;
    for (String c : collections) {
      long g = generations.applyAsLong(c);
      if (g == NO_GENERATION) {
        return NO_GENERATION;
      }
      sum += g;
    }
    return sum;
  }

  /**
   * When the store at the URI is fieldlead's own (the {@code store} sub-command shared by several instances), answers
   * wait for its group commit through its {@code fieldleadDurable} command; a real MongoDB does not know the command,
   * and its writes are durable by their write concern.
   */
  public Future<Void> detectEmbeddedDurability() {
    Document command = new Document(KvBackend.DURABLE_COMMAND, 1);
    return MongoFutures.one(database.runCommand(command)).transform(ar -> {
      if (ar.succeeded()) {
        durable = () -> MongoFutures.one(database.runCommand(command)).mapEmpty();
        LOG.info("the store is fieldlead's embedded store: answers wait for its group commit");
      }
      return Future.succeededFuture();
    });
  }

  /**
   * Pings until the store answers, for at most {@code wait} (each attempt itself waits up to the server selection
   * timeout; a replica set answers once it has a primary), so that an instance started before its MongoDB (compose,
   * a rolling restart of both) waits instead of exiting. {@code onRetry} hears each failed attempt that is retried.
   * Fails with a message naming {@code FIELDLEAD_MONGODB_START_WAIT_MS} once the wait is over.
   */
  public Future<Void> awaitReachable(Vertx vertx, Duration wait, Consumer<Throwable> onRetry) {
    Promise<Void> reachable = Promise.promise();
    attempt(vertx, System.nanoTime(), wait, 1, onRetry, reachable);
    return reachable.future();
  }

  private void attempt(
      Vertx vertx,
      long started,
      Duration wait,
      int attempt,
      Consumer<Throwable> onRetry,
      Promise<Void> reachable) {
    ping().onComplete(ar -> {
      if (ar.succeeded()) {
        if (attempt > 1) {
          LOG.info(
              "MongoDB reachable [attempt={}, waitedMs={}]",
              attempt,
              (System.nanoTime() - started) / 1_000_000);
        }
        reachable.complete();
        return;
      }
      long leftMs = wait.toMillis() - (System.nanoTime() - started) / 1_000_000;
      if (leftMs <= 0) {
        reachable.fail(new IllegalStateException("MongoDB did not answer within "
            + ConfigKey.FIELDLEAD_MONGODB_START_WAIT_MS.name() + "=" + wait.toMillis() + " ("
            + attempt + " attempts): " + ar.cause().getMessage()));
        return;
      }
      LOG.warn(
          "MongoDB not reachable yet, retrying [attempt={}, leftMs={}, cause={}]",
          attempt,
          leftMs,
          ar.cause().toString());
      onRetry.accept(ar.cause());
      vertx.setTimer(
          Math.max(1, Math.min(RETRY_PAUSE_MS, leftMs)),
          id -> attempt(vertx, started, wait, attempt + 1, onRetry, reachable));
    });
  }

  /** Round-trips a {@code ping} (the embedded store lacks {@code hello}). */
  public Future<Void> ping() {
    try {
      return MongoFutures.one(database.runCommand(new Document("ping", 1))).mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e); // a closed client throws instead of signalling
    }
  }

  /** Creates every index (idempotent: same name and keys is a no-op on MongoDB and the embedded store). */
  public Future<Void> ensureIndexes(List<IndexDef> indexes) {
    return ensureIndexes(indexes, false);
  }

  /**
   * {@link #ensureIndexes(List)}; with {@code skipWhenUnchanged}, a start whose declared indexes are the ones the
   * previous start created (the same fingerprint, kept in the {@code migrations} collection) sends one read instead of
   * a {@code createIndexes} per collection. Only for fieldlead's own embedded store, which nobody else changes: on
   * MongoDB an operator may drop an index, and the commands are sent every time.
   */
  public Future<Void> ensureIndexes(List<IndexDef> indexes, boolean skipWhenUnchanged) {
    if (!skipWhenUnchanged) {
      return createIndexes(indexes);
    }
    String fingerprint = fingerprint(indexes);
    MongoCollection<Document> migrations = collection(ScopedIds.COLLECTION);
    return MongoFutures.first(migrations.find(Filters.eq("_id", INDEXES_MARKER)).limit(1))
        .compose(done -> {
          if (done.isPresent() && fingerprint.equals(done.get().getString("fingerprint"))) {
            indexesReady.set(true);
            LOG.info("indexes as the last start left them [count={}]", indexes.size());
            return Future.succeededFuture();
          }
          return createIndexes(indexes)
              .compose(v -> MongoFutures.one(migrations.replaceOne(
                  Filters.eq("_id", INDEXES_MARKER),
                  new Document("_id", INDEXES_MARKER).append("fingerprint", fingerprint),
                  new ReplaceOptions().upsert(true))))
              .<Void>mapEmpty();
        });
  }

  /** A digest of every declared index: collection, keys and all options, in declaration order. */
  static String fingerprint(List<IndexDef> indexes) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (IndexDef def : indexes) {
        String line = def.collection()
            + '\n'
            + def.keys().toBsonDocument().toJson()
            + '\n'
            + def.options()
            + '\n';
        digest.update(line.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private Future<Void> createIndexes(List<IndexDef> indexes) {
    // one createIndexes command per collection (a start declares ~95 indexes over ~30 collections)
    Map<String, List<IndexModel>> byCollection = new LinkedHashMap<>();
    for (IndexDef def : indexes) {
      byCollection
          .computeIfAbsent(def.collection(), c -> new ArrayList<>())
          .add(new IndexModel(def.keys(), def.options()));
    }
    List<Future<Void>> created = new ArrayList<>();
    byCollection.forEach(
        (name, models) -> created.add(MongoFutures.done(collection(name).createIndexes(models))));
    return Future.all(created).<Void>mapEmpty().onSuccess(v -> {
      indexesReady.set(true);
      LOG.info("indexes ensured [count={}]", indexes.size());
    });
  }

  public boolean indexesReady() {
    return indexesReady.get();
  }

  @Override
  public void close() {
    client.close();
  }
}
