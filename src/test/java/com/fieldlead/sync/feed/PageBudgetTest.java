package com.fieldlead.sync.feed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.sync.protocol.Change;
import com.fieldlead.sync.protocol.SyncJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pull's page budget measures changes without writing them: the estimate stays close to the real JSON. */
class PageBudgetTest {

  @Test
  void theEstimateOfAChangesJsonIsWithinTenPercentOfItsRealLength() {
    for (int size : new int[] {1, 5, 40}) {
      Map<String, Object> state = new LinkedHashMap<>();
      state.put("id", "8f0e7c1a-3a52-4a43-9d7a-0c8f1b9a2d11");
      state.put("version", 12);
      state.put("firstName", "Ada");
      state.put("lastName", "Lovelace " + "x".repeat(size));
      state.put("email", "ada@engines.example");
      state.put("phoneValid", true);
      state.put("score", 73.5);
      state.put("statusReason", null);
      state.put("tags", List.of("vip", "expo-2025", "t".repeat(size)));
      List<Object> stages = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        stages.add(
            Map.of("from", "new", "to", "working", "by", "u-" + i, "at", "2025-03-01T10:00:00Z"));
      }
      state.put("stageHistory", stages);
      state.put(
          "bant",
          Map.of(
              "budget", Map.of("amount", 12000, "currency", "EUR"), "authority", "decision_maker"));
      Change change =
          new Change("lead", "8f0e7c1a-3a52-4a43-9d7a-0c8f1b9a2d11", 12, false, null, state);
      int real = SyncJson.write(change).length();
      int estimate = PageCut.approxJsonLength(change);
      assertTrue(
          Math.abs(estimate - real) <= real / 10, "estimate " + estimate + " vs real " + real);
    }
  }
}
