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

  private final MongoStore store;
  private final String[] collections;
  private final EpochCache<K, V> kept;

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
