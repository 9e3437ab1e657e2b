package com.fieldlead.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers kept per key under the {@link AccessEpochs access epoch} read before they were worked out, and reused only
 * while the epoch still reads the same, and for at most {@link #maxAge()} (a bound for a writer whose epoch move
 * failed). An answer tagged with an older epoch never replaces one tagged with a newer. Past {@link #maxKeys()} keys the
 * cache starts over.
 */
public final class EpochCache<K, V> {

  private record Entry<V>(long epoch, V value, Instant keptAt) {}

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final Duration maxAge;
  private final int maxKeys;

  public EpochCache(Duration maxAge, int maxKeys) {
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.maxKeys = maxKeys;
  }

  /** The answer kept for {@code key} under exactly {@code epoch} and not older than {@link #maxAge()}, or null. */
  public V get(K key, long epoch, Instant now) {
    Entry<V> e = entries.get(key);
    return e != null
            && e.epoch() == epoch
            && !now.isBefore(e.keptAt())
            && now.isBefore(e.keptAt().plus(maxAge))
        ? e.value()
        : null;
  }

  /**
   * Keeps {@code value} for {@code key} under {@code epoch}, which the caller read before it started reading what
   * {@code value} is made of.
   */
  public void put(K key, long epoch, V value, Instant now) {
    Objects.requireNonNull(value, "value");
    if (entries.size() >= maxKeys && !entries.containsKey(key)) {
      entries.clear();
    }
    entries.merge(
        key,
        new Entry<>(epoch, value, now),
        (old, fresh) -> old.epoch() > fresh.epoch() ? old : fresh);
  }

  /** The kept answer for {@code key} and {@code epoch}, else what {@code load} answers (kept when it succeeds). */
  public Future<V> get(K key, long epoch, Instant now, Supplier<Future<V>> load) {
    V kept = get(key, epoch, now);
    return kept != null
        ? Future.succeededFuture(kept)
        : load.get().onSuccess(v -> {
          if (v != null) {
            put(key, epoch, v, now);
          }
        });
  }

  public void drop(K key) {
    entries.remove(key);
  }

  public Duration maxAge() {
    return maxAge;
  }

  public int maxKeys() {
    return maxKeys;
  }
}
