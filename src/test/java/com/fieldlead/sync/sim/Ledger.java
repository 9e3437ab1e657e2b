package com.fieldlead.sync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulation knows about every mutation any phone queued: its first (non-duplicate) result, how many
 * non-duplicate answers it ever got (must be one: nothing applied twice), and every problem seen on the way. The
 * simulator records answers the phone "lost" (dropped responses) too: the phone forgets them, the ledger does not.
 */
final class Ledger {

  /** A lead update that the server wrote, in the order the server processed it. */
  record Write(
      String key,
      String device,
      String leadId,
      long base,
      long version,
      Map<String, Object> fields,
      JsonNode result,
      long order) {}

  private final Set<String> queued = new LinkedHashSet<>();
  private final Map<String, JsonNode> first = new LinkedHashMap<>();
  private final Map<String, Integer> nonDuplicateAnswers = new LinkedHashMap<>();
  private final List<Write> writes = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private long order;

  void queued(String key) {
    if (!queued.add(key)) {
      problems.add("mutation key queued twice: " + key);
    }
  }

  /** Records one answer for the mutation {@code m} (device-qualified key). */
  void answered(String key, SimPhone.Mutation m, String device, JsonNode result) {
    String kind = result.path("result").asText();
    if (kind.equals("in_progress")) {
      return; // not an answer yet: the phone pushes it again
    }
    if (kind.equals("duplicate")) {
      JsonNode original = result.get("original");
      JsonNode seen = first.get(key);
      if (seen == null) {
        problems.add("duplicate for a mutation never processed before: " + key + " " + result);
      } else if (original == null || original.isNull()) {
        problems.add(
            "duplicate without original (nothing runs concurrently here): " + key + " " + result);
      } else if (!original.asText().equals(seen.path("result").asText())
          || result.path("version").asLong(-1) != seen.path("version").asLong(-1)) {
        problems.add("replay answered differently: first " + seen + " then " + result);
      }
      return;
    }
    nonDuplicateAnswers.merge(key, 1, Integer::sum);
    if (first.putIfAbsent(key, result) != null) {
      problems.add("mutation processed twice (second answer not a duplicate): " + key + " first "
          + first.get(key) + " then " + result);
      return;
    }
    order++;
    if (m.op().equals("update")
        && m.type().equals("lead")
        && (kind.equals("applied") || kind.equals("merged") || kind.equals("conflict"))) {
      writes.add(new Write(
          key,
          device,
          m.entityId(),
          m.base(),
          result.path("version").asLong(),
          m.changes(),
          result,
          order));
    }
  }

  Set<String> queued() {
    return queued;
  }

  Map<String, JsonNode> first() {
    return first;
  }

  List<Write> writes() {
    return writes;
  }

  List<String> problems() {
    return problems;
  }

  void problem(String p) {
    problems.add(p);
  }
}
