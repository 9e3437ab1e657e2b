package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a push's mutations are scheduled, from the batch alone (sync invariant 4). */
class PushPlanTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LEAD_A = UUID.randomUUID().toString();
  private static final String LEAD_B = UUID.randomUUID().toString();

  @Test
  void leadCreatesAndUpdatesThatNothingElseTouchesGoTogetherInTheOrderSent() {
    List<JsonNode> batch = List.of(
        m("c1", "lead", UUID.randomUUID().toString(), "create", null, Map.of("lastName", "A")),
        m("u1", "lead", UUID.randomUUID().toString(), "update", 3L, Map.of("title", "CTO")),
        m("c2", "lead", UUID.randomUUID().toString(), "create", null, Map.of("lastName", "B")),
        m("d1", "lead", UUID.randomUUID().toString(), "delete", 2L, Map.of()));
    PushPlan plan = PushPlan.of(batch, 8, 100);
    assertEquals(List.of(List.of(0, 2)), indexes(plan.leadCreates()));
    assertEquals(PushPlan.Kind.LEAD_CREATES, plan.leadCreates().get(0).kind());
    assertEquals(
        List.of(), plan.leadUpdates(), "a lone update is a batch of one, in the order sent");
    assertEquals("c2", plan.leadCreates().get(0).members().get(1).m().clientMutationId());
  }

  @Test
  void aLeadThatAnotherMutationTouchesIsProcessedOneByOneAfterItsEarlierMutations() {
    String task = UUID.randomUUID().toString();
    List<JsonNode> batch = List.of(
        m("c", "lead", LEAD_A, "create", null, Map.of("lastName", "A")),
        m("other", "lead", LEAD_B, "create", null, Map.of("lastName", "B")),
        m(
            "call",
            "activity",
            UUID.randomUUID().toString(),
            "create",
            null,
            Map.of("leadId", LEAD_A, "type", "note")),
        m("u", "lead", LEAD_A, "update", 1L, Map.of("title", "CFO")),
        m("t", "task", task, "create", null, Map.of("leadId", LEAD_A, "title", "x")),
        m("t2", "task", task, "update", 1L, Map.of("title", "y")));
    PushPlan plan = PushPlan.of(batch, 8, 100);
    assertEquals(
        List.of(),
        plan.leadCreates(),
        "lead A is touched by others, and lead B's create alone is a batch of one");
    assertEquals(List.of(), plan.leadUpdates());
    assertEquals(List.of(), plan.sameEntityBefore(0));
    assertEquals(List.of(), plan.sameEntityBefore(1), "another lead runs side by side");
    assertEquals(List.of(0), plan.sameEntityBefore(2), "an activity runs after its lead's create");
    assertEquals(
        List.of(2), plan.sameEntityBefore(3), "the lead's update after the activity on it");
    assertEquals(List.of(3), plan.sameEntityBefore(4));
    assertEquals(
        List.of(4),
        plan.sameEntityBefore(5),
        "a task's update after its create (and its lead's chain)");
  }

  @Test
  void atMostInFlightMutationsRunAtATime() {
    List<JsonNode> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(
          m("x" + i, "task", UUID.randomUUID().toString(), "create", null, Map.of("title", "t")));
    }
    PushPlan plan = PushPlan.of(batch, 2, 100);
    assertEquals(
        List.of(-1, -1, 0, 1, 2),
        List.of(
            plan.windowBefore(0),
            plan.windowBefore(1),
            plan.windowBefore(2),
            plan.windowBefore(3),
            plan.windowBefore(4)));
  }

  @Test
  void malformedOrUnfinishedMutationsAreBatchesOfOneWhichNameTheReason() {
    List<JsonNode> batch = List.of(
        m("", "lead", UUID.randomUUID().toString(), "create", null, Map.of("lastName", "no cmid")),
        m("bad-id", "lead", "not-a-uuid", "create", null, Map.of("lastName", "x")),
        m("no-base", "lead", UUID.randomUUID().toString(), "update", null, Map.of("title", "x")),
        JSON.valueToTree(Map.of(
            "clientMutationId",
            "junk",
            "entityType",
            "lead",
            "op",
            "create",
            "entityId",
            UUID.randomUUID().toString(),
            "changes",
            "not an object")));
    PushPlan plan = PushPlan.of(batch, 8, 100);
    assertEquals(List.of(), plan.leadCreates());
    assertEquals(List.of(), plan.leadUpdates());
    PushPlan.Batch alone = plan.alone(3);
    assertEquals(PushPlan.Kind.ONE, alone.kind());
    assertEquals(1, alone.members().size());
    assertEquals(3, alone.members().get(0).index());
    assertEquals(batch.get(3), alone.members().get(0).raw());
    assertNull(alone.members().get(0).m(), "a batch of one reads its mutation itself");
  }

  @Test
  void leadCreatesAndUpdatesAreCutIntoBatchesOfTheGivenSizeCreatesFirst() {
    List<JsonNode> batch = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      batch.add(m(
          "c" + i, "lead", UUID.randomUUID().toString(), "create", null, Map.of("lastName", "A")));
      batch.add(
          m("u" + i, "lead", UUID.randomUUID().toString(), "update", 2L, Map.of("city", "B")));
    }
    PushPlan plan = PushPlan.of(batch, 8, 3);
    assertEquals(
        List.of(List.of(0, 2, 4), List.of(6, 8, 10), List.of(12)), indexes(plan.leadCreates()));
    assertEquals(
        List.of(List.of(1, 3, 5), List.of(7, 9, 11), List.of(13)), indexes(plan.leadUpdates()));
    assertTrue(plan.leadUpdates().stream().allMatch(b -> b.kind() == PushPlan.Kind.LEAD_UPDATES));
  }

  @Test
  void anyMutationIsABatchOfOneAfterTheEarlierMutationsOfItsEntities() {
    List<JsonNode> batch = List.of(
        m("c", "lead", LEAD_A, "create", null, Map.of("lastName", "A")),
        m("u", "lead", LEAD_A, "update", 1L, Map.of("title", "CFO")),
        m("d", "lead", LEAD_A, "delete", 2L, Map.of()));
    PushPlan plan = PushPlan.of(batch, 8, 100);
    assertEquals(List.of(), plan.leadCreates(), "a lead touched twice never goes together");
    assertEquals(List.of(), plan.leadUpdates());
    for (int i = 0; i < batch.size(); i++) {
      PushPlan.Batch one = plan.alone(i);
      assertEquals(PushPlan.Kind.ONE, one.kind());
      assertEquals(
          List.of(i), one.members().stream().map(PushPlan.Member::index).toList());
    }
    assertEquals(List.of(1), plan.sameEntityBefore(2));
  }

  private static List<List<Integer>> indexes(List<PushPlan.Batch> batches) {
    return batches.stream()
        .map(b -> b.members().stream().map(PushPlan.Member::index).toList())
        .toList();
  }

  private static JsonNode m(
      String cmid, String type, String id, String op, Long base, Map<String, Object> changes) {
    Map<String, Object> out = new HashMap<>();
    out.put("clientMutationId", cmid);
    out.put("entityType", type);
    out.put("entityId", id);
    out.put("op", op);
    if (base != null) {
      out.put("baseVersion", base);
    }
    out.put("changes", changes);
    return JSON.valueToTree(out);
  }
}
