package com.fieldlead.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Answers read from some collections, kept per key and used again only while none of those collections has been
 * written since ({@link MongoStore#writeGeneration}, read before the answer was): exact, not a time-to-live, so a read
 * after any write (by this process or any other client of the store) reads the store again. Only where this process
 * runs the embedded store; elsewhere every call reads. Kept answers are shared, so they must be immutable.
 */
public final class UnwrittenCache<K, V> {

  /** How long an answer is kept at most while nothing is written (a bound, not the rule). */
  public static final Duration MAX_AGE = Duration.ofMinutes(10);
  /** Past this many keys the cache starts over. */
  public static final int MAX_KEYS = 100_000;

  private final MongoStore store;
  private final String[] collections;
  private final EpochCache<K, V> kept;

  /** Answers read from {@code collections}, kept for at most {@link #MAX_AGE}, {@link #MAX_KEYS} of them. */
  public UnwrittenCache(MongoStore store, String... collections) {
    this(store, MAX_AGE, MAX_KEYS, List.of(collections));
  }

  /**
   * Keeps at most {@code maxKeys} answers (past that it starts over), each for at most {@code maxAge} (a bound, not
   * the rule: a write drops them all at once).
   */
  public UnwrittenCache(MongoStore store, Duration maxAge, int maxKeys, List<String> collections) {
    this.store = Objects.requireNonNull(store, "store");
    this.collections = collections.toArray(String[]::new);
    this.kept = new EpochCache<>(maxAge, maxKeys);
  }

  /** {@code key}'s answer: kept while its collections are unwritten, else what {@code load} answers (then kept). */
  public Future<V> get(K key, Supplier<Future<V>> load) {
    long generation = store.writeGeneration(collections);
    if (generation == MongoStore.NO_GENERATION) {
      return load.get();
    }
    return kept.get(key, generation, Instant.now(), load);
  }
}
