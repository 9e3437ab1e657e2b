package com.fieldlead.sync;

import com.fieldlead.store.EmbeddedStore;
import com.fieldlead.store.embedded.KvBackend;
import com.fieldlead.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a running server has asked of its embedded store so far: the commands its driver sent, by
 * {@code collection.command} (from {@code /metrics}; the benchmark's own driver calls go through the same client and
 * count too, so a window to measure holds the server's work only), the group commit's fsyncs (0 in memory), the
 * engine's RocksDB write batches, and the store's scan detector: queries no index narrowed, by query shape, and the
 * documents read by queries an index narrowed only to 500 or more, by shape (both counted for the whole process). {@link
 * #minus} of two snapshots is the work between them.
 */
record StoreCounters(
    Map<String, Long> commands,
    long fsyncs,
    long writes,
    Map<String, Long> fullScans,
    Map<String, Long> wideReads) {

  /** Background jobs alone send about 12 commands a second: a half second with at most this many is quiet. */
  static final int QUIET_HALF_SECOND = 10;

  static StoreCounters read(TestServer server) {
    EmbeddedStore store = server.server().embeddedStore();
    return new StoreCounters(
        server.api().storeCommands(),
        store.groupCommit().fsyncs(),
        store.writeBatches(),
        KvBackend.fullScanShapes(),
        KvBackend.wideReads());
  }

  long totalCommands() {
    return commands.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The work done since {@code before}. */
  StoreCounters minus(StoreCounters before) {
    return new StoreCounters(
        diff(commands, before.commands),
        fsyncs - before.fsyncs,
        writes - before.writes,
        diff(fullScans, before.fullScans),
        diff(wideReads, before.wideReads));
  }

  private static Map<String, Long> diff(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((k, v) -> {
      long d = v - before.getOrDefault(k, 0L);
      if (d > 0) {
        out.put(k, d);
      }
    });
    return out;
  }

  /** The {@code n} most frequent commands, each per {@code per} (e.g. per pushed mutation), as text. */
  String top(int n, double per) {
    return top(commands, n, per);
  }

  /** The scan detector's counts in this window ({@code n} of each, most first), or "none". */
  String scans(int n) {
    return "queries no index narrowed: " + (fullScans.isEmpty() ? "none" : top(fullScans, n, 1))
        + "; documents read by queries narrowed to 500 or more: "
        + (wideReads.isEmpty() ? "none" : top(wideReads, n, 1));
  }

  private static String top(Map<String, Long> counts, int n, double per) {
    return counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(n)
        .map(e -> String.format(per == 1 ? "%s %.0f" : "%s %.2f", e.getKey(), e.getValue() / per))
        .collect(Collectors.joining(", "));
  }

  /**
   * Waits until the server's background work has run out (two half seconds in a row with at most
   * {@link #QUIET_HALF_SECOND} commands each), at most {@code max}; answers how long it waited.
   */
  static Duration settle(TestServer server, Duration max) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + max.toNanos();
    long last = read(server).totalCommands();
    int quiet = 0;
    while (quiet < 2 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      long now = read(server).totalCommands();
      quiet = now - last <= QUIET_HALF_SECOND ? quiet + 1 : 0;
      last = now;
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
