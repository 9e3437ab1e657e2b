package com.fieldlead.store.embedded;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The CPU time the embedded store spent executing each kind of command (command name and collection), measured on the
 * thread that ran it: where the store's own work goes, apart from the wire protocol around it. A benchmark reads it
 * through the metrics ({@code fieldlead_store_command_cpu_seconds_total}), which say which collection's reads or
 * writes cost most, independent of how loaded the machine is.
 */
public final class CommandCosts {

  /** One kind of command: its running totals. */
  public static final class Cost {
    private final String command;
    private final String collection;
    private final LongAdder nanos = new LongAdder();

    Cost(String command, String collection) {
      this.command = command;
      this.collection = collection;
    }

    public String command() {
      return command;
    }

    public String collection() {
      return collection;
    }

    /** CPU seconds spent on this kind so far. */
    public double seconds() {
      return nanos.sum() / 1e9;
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final boolean enabled = THREADS.isCurrentThreadCpuTimeSupported();
  private final ConcurrentMap<String, Cost> costs = new ConcurrentHashMap<>();
  private final List<Consumer<Cost>> listeners = new CopyOnWriteArrayList<>();

  /** The thread's CPU time now, to pass to {@link #record} (0 where the JVM cannot measure it). */
  long start() {
    return enabled ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  /** Adds the CPU time since {@code start} to the command's kind. */
  void record(String command, String collection, long start) {
    if (!enabled) {
      return;
    }
    long spent = THREADS.getCurrentThreadCpuTime() - start;
    String kind = command + ' ' + collection;
    Cost cost = costs.get(kind);
    if (cost == null) {
      cost = costs.computeIfAbsent(kind, k -> {
        Cost fresh = new Cost(command, collection);
        listeners.forEach(l -> l.accept(fresh));
        return fresh;
      });
    }
    cost.nanos.add(spent);
  }

  /** Calls {@code listener} with every kind of command seen so far and with each new one as it first appears. */
  public void onEach(Consumer<Cost> listener) {
    listeners.add(listener);
    costs.values().forEach(listener);
  }
}
