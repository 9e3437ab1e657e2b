package com.fieldlead.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Rarely changed settings (scoring rules, SLA policy, lead statuses, a rep's working hours) read through a short-lived
 * cache, so that capturing 500 leads does not read the same tenant settings 500 times. A value is reused for at most
 * {@link #DEFAULT_TTL}; a write through this instance drops it at once ({@link #invalidate}), so this instance reads its
 * own writes; another instance sees a change within the TTL. Failed reads are not kept. A read that started before an
 * invalidation never stores its (possibly older) value.
 *
 * <p>Given the settings' collection, and where this process runs the embedded store ({@link MongoStore#writeGeneration}
 * known), a value is reused instead for as long as nobody has written that collection since it was read (at most
 * {@link #UNWRITTEN_MAX_AGE}): exact, so a rep's capture a minute after the last one reads no settings again.
 */
public final class SettingsCache<K, V> {

  /** How long a value is reused: the most another instance's settings change can take to apply here. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);
  /** Past this many keys the cache starts over (settings of very many tenants at once: they would expire anyway). */
  static final int MAX_KEYS = 10_000;

  /** The bound on a value kept while its collection is unwritten (a bound, not the rule). */
  static final Duration UNWRITTEN_MAX_AGE = UnwrittenCache.MAX_AGE;

  private record Entry<V>(V value, long loadedAt, long generation) {}

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final AtomicLong invalidations = new AtomicLong();
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final MongoStore store;
  private final String collection;

  /** Settings read from {@code collection} of {@code store}: kept while it is unwritten where that can be known. */
  public SettingsCache(MongoStore store, String collection) {
    this(
        Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(collection, "collection"),
        DEFAULT_TTL,
        System::nanoTime);
  }

  SettingsCache(Duration ttl, LongSupplier nanoTime) {
    this(null, null, ttl, nanoTime);
  }

  SettingsCache(MongoStore store, String collection, Duration ttl, LongSupplier nanoTime) {
    this.store = store;
    this.collection = collection;
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** The value of {@code key}: the cached one while fresh, else what {@code load} answers (kept when it succeeds). */
  public Future<V> get(K key, Function<K, Future<V>> load) {
    long now = nanoTime.getAsLong();
    long written = store == null ? MongoStore.NO_GENERATION : store.writeGeneration(collection);
    Entry<V> e = entries.get(key);
    if (e != null && fresh(e, now, written)) {
      return Future.succeededFuture(e.value());
    }
    long invalidated = invalidations.get();
    return load.apply(key).onSuccess(v -> {
      if (v != null && invalidations.get() == invalidated) {
        if (entries.size() >= MAX_KEYS) {
          entries.clear();
        }
        entries.put(key, new Entry<>(v, now, written));
      }
    });
  }

  /**
   * Whether {@code e} may be used at {@code now}: while its collection reads the write count it was read under, where
   * that count is known; within the TTL otherwise.
   */
  private boolean fresh(Entry<V> e, long now, long written) {
    if (written != MongoStore.NO_GENERATION) {
      return e.generation() == written && now - e.loadedAt() < UNWRITTEN_MAX_AGE.toNanos();
    }
    return now - e.loadedAt() < ttlNanos;
  }

  /** Drops {@code key}'s value (call it when this instance writes the setting) and keeps reads in flight from storing. */
  public void invalidate(K key) {
    invalidations.incrementAndGet();
    entries.remove(key);
  }
}
