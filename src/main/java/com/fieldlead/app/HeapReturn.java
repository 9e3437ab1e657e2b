package com.fieldlead.app;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the server give back heap it no longer uses. With the JVM's defaults G1 grows the heap under a burst of
 * captures (close to a gigabyte for a 10,000-lead push on a 24 GiB machine, whose default maximum heap is 6 GiB) and
 * keeps it committed for good, though the live data is a few tens of MB; nothing in {@code java -jar} sets JVM flags.
 * These three are "manageable" (settable while running), so the server sets them at start, each only where the
 * operator left the JVM's default: a concurrent collection after {@link #IDLE_MS} without any (JEP 346), and a heap
 * that shrinks to at most 30% free after it. Other collectors than G1 are left alone.
 */
final class HeapReturn {

  private static final Logger LOG = LoggerFactory.getLogger(HeapReturn.class);
  /** Idle time after which G1 runs a concurrent cycle and uncommits what it does not need. */
  static final long IDLE_MS = 10_000;

  static final Map<String, String> SETTINGS = settings();

  private HeapReturn() {}

  private static Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("MinHeapFreeRatio", "10");
    s.put("MaxHeapFreeRatio", "30");
    s.put("G1PeriodicGCInterval", Long.toString(IDLE_MS));
    return s;
  }

  /** Applies {@link #SETTINGS} where still at the default; answers what it set (empty off G1 or when all were set). */
  static Map<String, String> apply() {
    Map<String, String> set = new LinkedHashMap<>();
    boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName)
        .anyMatch(n -> n.startsWith("G1"));
    if (!g1) {
      return set;
    }
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    for (Map.Entry<String, String> e : SETTINGS.entrySet()) {
      try {
        VMOption current = vm.getVMOption(e.getKey());
        if (current.getOrigin() == VMOption.Origin.DEFAULT && current.isWriteable()) {
          vm.setVMOption(e.getKey(), e.getValue());
          set.put(e.getKey(), e.getValue());
        }
      } catch (IllegalArgumentException | SecurityException ex) {
        LOG.info("heap setting left as it is [option={}, cause={}]", e.getKey(), ex.toString());
      }
    }
    if (!set.isEmpty()) {
      LOG.info("unused heap goes back to the system after {} ms idle [{}]", IDLE_MS, set);
    }
    return set;
  }
}
