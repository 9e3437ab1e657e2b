package com.fieldlead.sync.merge;

import com.fieldlead.sync.protocol.FieldPolicy;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The declared merge rules of one entity type: a default policy, per-field exceptions, and the server-owned fields a
 * push may never write. Tenants may configure other rules (owner writable before routing, for example).
 */
public record MergeRules(
    String entityType,
    FieldPolicy defaultPolicy,
    Map<String, FieldPolicy> policies,
    Set<String> serverOwned) {

  /** Lead rules: tags are a set, consents append-only, score/temperature/owner and bookkeeping server-owned. */
  public static final MergeRules LEADS = new MergeRules(
      "lead",
      FieldPolicy.LAST_WRITER_WINS,
      Map.of("tags", FieldPolicy.UNION, "consents", FieldPolicy.APPEND),
      Set.of(
          "id",
          "tenantId",
          "version",
          "score",
          "temperature",
          "scoreExplanation",
          "ownerId",
          "teamId",
          "fieldMeta",
          "stageHistory",
          "conversion",
          "createdAt",
          "createdBy",
          "updatedAt",
          "receivedAt",
          "deletedAt",
          "mergedInto",
          "phoneValid"));

  public MergeRules {
    Objects.requireNonNull(entityType, "entityType");
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    policies = Map.copyOf(policies);
    serverOwned = Set.copyOf(serverOwned);
  }

  /** The policy of {@code field}. */
  public FieldPolicy policyOf(String field) {
    return policies.getOrDefault(field, defaultPolicy);
  }

  /** The same rules with {@code fields} also server-owned (e.g. routing made the owner server-owned). */
  public MergeRules withServerOwned(Set<String> fields) {
    Set<String> all = new HashSet<>(serverOwned);
    all.addAll(fields);
    return new MergeRules(entityType, defaultPolicy, policies, all);
  }

  /** The same rules with {@code field} writable again (a tenant that lets reps reassign before routing). */
  public MergeRules withWritable(String field) {
    Set<String> all = new HashSet<>(serverOwned);
    all.remove(field);
    return new MergeRules(entityType, defaultPolicy, policies, all);
  }
}
