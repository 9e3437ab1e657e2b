package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fieldlead.sync.PushPlan.Batch;
import com.fieldlead.sync.protocol.MutationResult;
import com.fieldlead.sync.protocol.ResultKind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A push run in its plan's order: which batch starts when, what waits for what, and what a failure stops. */
class PushRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The batches started so far, by their first mutation's index, each completed by the test. */
  private final Map<Integer, Promise<Void>> started = new LinkedHashMap<>();

  private PushRun run;

  @Test
  void batchesOfSeveralGoFirstInLanesThenTheRestOneByOneAndResultsAnswerInTheOrderSent() {
    List<JsonNode> push = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      push.add(m("c" + i, "lead", UUID.randomUUID().toString(), "create", null));
    }
    push.add(m("t", "task", UUID.randomUUID().toString(), "create", null));
    run = new PushRun(PushPlan.of(push, 8, 2), 1); // two batches of two creates, one lane
    Future<List<MutationResult>> results = run.run(this::start);
    assertEquals(List.of(0), List.copyOf(started.keySet()), "one lane: one batch at a time");
    finish(0, 1);
    assertEquals(List.of(0, 2), List.copyOf(started.keySet()), "the next batch in the lane");
    finish(2, 3);
    assertEquals(List.of(0, 2, 4), List.copyOf(started.keySet()), "then the task, alone");
    finish(4);
    assertTrue(results.succeeded());
    assertEquals(
        List.of("c0", "c1", "c2", "c3", "t"),
        results.result().stream().map(MutationResult::clientMutationId).toList());
  }

  @Test
  void aMutationWaitsForTheEarlierOnesOfItsEntityAndFailsWithoutStartingWhenOneOfThemFailed() {
    String lead = UUID.randomUUID().toString();
    List<JsonNode> push = List.of(
        m("c", "lead", lead, "create", null),
        m("other", "lead", UUID.randomUUID().toString(), "update", 1L),
        m("u", "lead", lead, "update", 1L));
    run = new PushRun(PushPlan.of(push, 8, 100), 2);
    Future<List<MutationResult>> results = run.run(this::start);
    assertEquals(List.of(0, 1), List.copyOf(started.keySet()), "u waits for c; other runs beside");
    finish(1);
    assertFalse(started.containsKey(2));
    RuntimeException down = new RuntimeException("the store is down");
    started.get(0).fail(down);
    assertFalse(started.containsKey(2), "nothing starts after an unexpected failure");
    assertTrue(results.failed());
    assertSame(down, results.cause());
  }

  @Test
  void atMostTheWindowOfMutationsRunAtATimeAndAThrowingBatchFailsThePush() {
    List<JsonNode> push = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      push.add(m("t" + i, "task", UUID.randomUUID().toString(), "create", null));
    }
    run = new PushRun(PushPlan.of(push, 2, 100), 2);
    Future<List<MutationResult>> results = run.run(this::start);
    assertEquals(List.of(0, 1), List.copyOf(started.keySet()), "a window of two");
    finish(0);
    assertEquals(List.of(0, 1, 2), List.copyOf(started.keySet()));
    finish(1);
    finish(2);
    assertEquals(3, results.result().size());

    IllegalStateException thrown = new IllegalStateException("bug");
    Future<List<MutationResult>> broken = new PushRun(PushPlan.of(push, 2, 100), 2).run(batch -> {
      throw thrown;
    });
    assertTrue(broken.failed());
    assertSame(thrown, broken.cause());
  }

  private Future<Void> start(Batch batch) {
    Promise<Void> promise = Promise.promise();
    started.put(batch.members().get(0).index(), promise);
    return promise.future();
  }

  /** Answers the mutations at {@code indexes} and completes the batch that started with the first. */
  private void finish(int... indexes) {
    for (int i : indexes) {
      run.answer(
          i,
          new MutationResult(
              cmidOf(i), "lead", null, ResultKind.APPLIED, 1L, null, null, null, null, null));
    }
    started.get(indexes[0]).complete();
  }

  private final Map<Integer, String> cmids = new HashMap<>();

  private String cmidOf(int index) {
    return cmids.get(index);
  }

  private JsonNode m(String cmid, String type, String id, String op, Long base) {
    cmids.put(cmids.size(), cmid);
    Map<String, Object> out = new HashMap<>();
    out.put("clientMutationId", cmid);
    out.put("entityType", type);
    out.put("entityId", id);
    out.put("op", op);
    if (base != null) {
      out.put("baseVersion", base);
    }
    out.put("changes", Map.of("lastName", "A"));
    return JSON.valueToTree(out);
  }
}
