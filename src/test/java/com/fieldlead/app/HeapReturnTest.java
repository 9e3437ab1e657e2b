package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapReturnTest {

  @Test
  void onG1TheIdleCollectionAndTheShrinkingHeapAreSetOnceAndAChoiceAlreadyMadeIsKept() {
    assumeTrue(
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .anyMatch(b -> b.getName().startsWith("G1")),
        "the test JVM runs G1");
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    Map<String, String> first = HeapReturn.apply();
    for (Map.Entry<String, String> e : HeapReturn.SETTINGS.entrySet()) {
      VMOption option = vm.getVMOption(e.getKey());
      if (first.containsKey(e.getKey())) {
        assertEquals(e.getValue(), option.getValue(), e.getKey());
        assertEquals(VMOption.Origin.MANAGEMENT, option.getOrigin(), e.getKey());
      } else {
        assertTrue(
            option.getOrigin() != VMOption.Origin.DEFAULT,
            e.getKey() + " was left although at its default");
      }
    }
    // once set (or set by the operator), nothing is set again
    assertEquals(Map.of(), HeapReturn.apply());
  }
}
