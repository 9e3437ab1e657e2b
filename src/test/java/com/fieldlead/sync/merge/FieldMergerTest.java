package com.fieldlead.sync.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.sync.protocol.ConflictRecord;
import com.fieldlead.sync.protocol.FieldPolicy;
import com.fieldlead.sync.protocol.Kept;
import com.fieldlead.sync.protocol.ResultKind;
import com.fieldlead.sync.protocol.SyncCode;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldMergerTest {

  private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
  private static final Instant MANAGER_EDIT = Instant.parse("2025-03-01T11:00:00Z");
  private static final Instant RECEIVED = Instant.parse("2025-03-01T12:00:00Z");
  private static final Map<String, Object> CONSENT_EMAIL =
      Map.of("purpose", "email", "granted", true);
  private static final Map<String, Object> CONSENT_CALL =
      Map.of("purpose", "call", "granted", true);
  private static final Map<String, Object> CONSENT_SMS = Map.of("purpose", "sms", "granted", false);

  /** Version 5: firstName last changed at 2, consents at 3, tags at 4, phone at 5 by a manager. */
  private static EntityState lead() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("firstName", "Ada");
    values.put("phone", "+493012345");
    values.put("title", "CTO");
    values.put("tags", List.of("expo", "vip"));
    values.put("consents", List.of(CONSENT_EMAIL));
    values.put("score", 40);
    values.put("employees", 3);
    Map<String, FieldMeta> meta = new HashMap<>();
    meta.put("firstName", new FieldMeta(2, T0, "u-rep", "d-phone"));
    meta.put("consents", new FieldMeta(3, T0, "u-rep", "d-phone"));
    meta.put("tags", new FieldMeta(4, T0, "u-rep", "d-phone"));
    meta.put("phone", new FieldMeta(5, MANAGER_EDIT, "u-manager", "d-web"));
    return new EntityState("lead", "l-1", 5, false, values, meta);
  }

  private static Edit edit(long base, Map<String, Object> changes, Map<String, Object> seen) {
    return new Edit(
        base, changes, seen, "u-rep", "d-phone", Instant.parse("2025-03-01T10:30:00Z"), RECEIVED);
  }

  private static MergeResult merge(Edit edit) {
    return FieldMerger.merge(MergeRules.LEADS, lead(), edit);
  }

  @Test
  void editOfAFieldNobodyElseTouchedIsApplied() {
    MergeResult result = merge(edit(5, Map.of("firstName", "Ada Lovelace"), null));

    assertEquals(ResultKind.APPLIED, result.kind());
    assertEquals(Map.of("firstName", "Ada Lovelace"), result.writes());
    assertEquals(FieldOutcome.APPLIED, result.field("firstName").outcome());
    assertTrue(result.conflicts().isEmpty());
  }

  @Test
  void concurrentEditsToDifferentFieldsBothSurvive() {
    // The phone edited the name offline on version 3; meanwhile a manager changed the phone number
    // (version 5).
    MergeResult result = merge(edit(3, Map.of("firstName", "Ada Lovelace"), null));

    assertEquals(ResultKind.MERGED, result.kind());
    assertEquals(
        Map.of("firstName", "Ada Lovelace"),
        result.writes(),
        "the manager's phone number is left alone");
    assertTrue(result.conflicts().isEmpty());
  }

  @Test
  void sameFieldChangedConcurrentlyIsAConflictWithBaseMineAndTheirsKept() {
    MergeResult result =
        merge(edit(3, Map.of("phone", "+4917011111"), Map.of("phone", "+4930000000")));

    assertEquals(ResultKind.CONFLICT, result.kind());
    assertEquals(
        Map.of("phone", "+4917011111"),
        result.writes(),
        "last writer by receive order is the push");
    ConflictRecord conflict = result.conflicts().get(0);
    assertEquals(
        List.of("lead", "l-1", "phone"),
        List.of(conflict.entityType(), conflict.entityId(), conflict.field()));
    assertEquals(
        List.of("+4930000000", "+4917011111", "+493012345"),
        List.of(conflict.base(), conflict.mine(), conflict.theirs()));
    assertEquals(
        List.of("u-rep", "d-phone", "u-manager", "d-web"),
        List.of(
            conflict.mineBy(),
            conflict.mineDevice(),
            conflict.theirsBy(),
            conflict.theirsDevice()));
    assertEquals(Instant.parse("2025-03-01T10:30:00Z"), conflict.mineAt());
    assertEquals(MANAGER_EDIT, conflict.theirsAt());
    assertEquals(FieldPolicy.LAST_WRITER_WINS, conflict.policy());
    assertEquals(Kept.MINE, conflict.kept());
  }

  @Test
  void lastWriterWinsKeepsTheServerValueWhenTheServerChangeWasReceivedLater() {
    Edit late = new Edit(
        3,
        Map.of("phone", "+4917011111"),
        null,
        "u-rep",
        "d-phone",
        T0,
        MANAGER_EDIT.minusSeconds(60));

    MergeResult result = merge(late);

    assertEquals(ResultKind.CONFLICT, result.kind());
    assertEquals(Map.of(), result.writes());
    assertEquals(Kept.THEIRS, result.conflicts().get(0).kept());
    assertEquals("+493012345", result.field("phone").value());
  }

  @Test
  void serverWinsAndClientWinsPoliciesPickTheirSideAndStillKeepTheLoser() {
    Edit offline = edit(3, Map.of("phone", "+4917011111"), null);
    MergeRules serverWins = new MergeRules("lead", FieldPolicy.SERVER_WINS, Map.of(), Set.of());
    Edit late = new Edit(
        3,
        Map.of("phone", "+4917011111"),
        null,
        "u-rep",
        "d-phone",
        T0,
        MANAGER_EDIT.minusSeconds(60));
    MergeRules clientWins = new MergeRules("lead", FieldPolicy.CLIENT_WINS, Map.of(), Set.of());

    MergeResult kept = FieldMerger.merge(serverWins, lead(), offline);
    MergeResult overridden = FieldMerger.merge(clientWins, lead(), late);

    assertEquals(Map.of(), kept.writes());
    assertEquals(Kept.THEIRS, kept.conflicts().get(0).kept());
    assertEquals("+4917011111", kept.conflicts().get(0).mine());
    assertEquals(Map.of("phone", "+4917011111"), overridden.writes());
    assertEquals(Kept.MINE, overridden.conflicts().get(0).kept());
    assertEquals("+493012345", overridden.conflicts().get(0).theirs());
  }

  @Test
  void serverOwnedFieldIsRejectedWithAStableCodeAndNothingIsWritten() {
    MergeResult result = merge(edit(5, Map.of("firstName", "Ada Lovelace", "score", 99), null));

    assertEquals(ResultKind.REJECTED, result.kind());
    assertEquals(SyncCode.SERVER_OWNED_FIELD, result.code());
    assertEquals("/changes/score", result.errors().get(0).field());
    assertEquals("SERVER_OWNED_FIELD", result.errors().get(0).code());
    assertEquals(Map.of(), result.writes(), "never a partial write");
  }

  @Test
  void ownerIsServerOwnedForLeadsUnlessTheTenantDeclaresItWritable() {
    Edit reassign = edit(5, Map.of("ownerId", "u-other"), null);

    assertEquals(ResultKind.REJECTED, merge(reassign).kind());
    MergeResult writable =
        FieldMerger.merge(MergeRules.LEADS.withWritable("ownerId"), lead(), reassign);
    assertEquals(ResultKind.APPLIED, writable.kind());
    assertEquals(
        ResultKind.REJECTED,
        FieldMerger.merge(
                MergeRules.LEADS.withWritable("ownerId").withServerOwned(Set.of("title")),
                lead(),
                edit(5, Map.of("title", "CEO"), null))
            .kind());
  }

  @Test
  void replayingAnAlreadyAppliedEditWritesNothingAndRecordsNoConflict() {
    Edit edit =
        edit(3, Map.of("firstName", "Ada Lovelace", "tags", List.of("expo", "vip", "hot")), null);
    MergeResult first = merge(edit);
    EntityState after = applied(lead(), first, 6);

    MergeResult replay = FieldMerger.merge(MergeRules.LEADS, after, edit);

    assertEquals(Map.of(), replay.writes());
    assertTrue(replay.conflicts().isEmpty());
    assertTrue(replay.fields().stream().allMatch(f -> f.outcome() == FieldOutcome.UNCHANGED));
  }

  @Test
  void bothSidesMakingTheSameEditIsNotAConflict() {
    MergeResult result = merge(edit(3, Map.of("phone", "+493012345"), null));

    assertEquals(FieldOutcome.UNCHANGED, result.field("phone").outcome());
    assertTrue(result.conflicts().isEmpty());
  }

  @Test
  void serverChangeThatLeftTheValueTheClientSawIsNotAConflict() {
    // Phone changed at version 5, but back to what the phone saw: the client's base value proves no
    // concurrent edit.
    MergeResult result =
        merge(edit(3, Map.of("phone", "+4917011111"), Map.of("phone", "+493012345")));

    assertEquals(FieldOutcome.APPLIED, result.field("phone").outcome());
    assertTrue(result.conflicts().isEmpty());
  }

  @Test
  void concurrentTagEditsAreUnitedAndTheClientsRemovalsAreHonoured() {
    EntityState server = withField(lead(), "tags", List.of("expo", "vip", "booth-7"), 6);

    MergeResult result = FieldMerger.merge(
        MergeRules.LEADS,
        server,
        edit(5, Map.of("tags", List.of("expo", "hot")), Map.of("tags", List.of("expo", "vip"))));

    assertEquals(ResultKind.MERGED, result.kind());
    assertEquals(List.of("expo", "booth-7", "hot"), result.writes().get("tags"));
    assertTrue(result.conflicts().isEmpty(), "a set union loses nothing");
  }

  @Test
  void concurrentTagEditsWithoutTheClientsBaseKeepEveryTag() {
    EntityState server = withField(lead(), "tags", List.of("expo", "vip", "booth-7"), 6);

    MergeResult result = FieldMerger.merge(
        MergeRules.LEADS, server, edit(5, Map.of("tags", List.of("expo", "hot")), null));

    assertEquals(List.of("expo", "vip", "booth-7", "hot"), result.writes().get("tags"));
  }

  @Test
  void concurrentConsentsAreAppendedFromBothSides() {
    EntityState server = withField(lead(), "consents", List.of(CONSENT_EMAIL, CONSENT_CALL), 6);

    MergeResult result = FieldMerger.merge(
        MergeRules.LEADS,
        server,
        edit(
            5,
            Map.of("consents", List.of(CONSENT_EMAIL, CONSENT_SMS)),
            Map.of("consents", List.of(CONSENT_EMAIL))));

    assertEquals(ResultKind.MERGED, result.kind());
    assertEquals(
        List.of(CONSENT_EMAIL, CONSENT_CALL, CONSENT_SMS), result.writes().get("consents"));
  }

  @Test
  void removingAConsentIsRejectedBecauseConsentsAreAppendOnly() {
    MergeResult withBase =
        merge(edit(3, Map.of("consents", List.of()), Map.of("consents", List.of(CONSENT_EMAIL))));
    MergeResult withoutBase = merge(edit(5, Map.of("consents", List.of(CONSENT_SMS)), null));

    assertEquals(SyncCode.APPEND_ONLY_FIELD, withBase.code());
    assertEquals(SyncCode.APPEND_ONLY_FIELD, withoutBase.code());
    assertEquals(ResultKind.REJECTED, withoutBase.kind());
  }

  @Test
  void listFieldGivenAScalarIsRejectedAsATypeMismatch() {
    MergeResult result = merge(edit(5, Map.of("tags", "vip"), null));

    assertEquals(SyncCode.FIELD_TYPE_MISMATCH, result.code());
    assertEquals("/changes/tags", result.errors().get(0).field());
  }

  @Test
  void editOfAnEntityDeletedOnTheServerIsRejectedNotResurrected() {
    EntityState deleted =
        new EntityState("lead", "l-1", 6, true, lead().values(), lead().meta());

    MergeResult result =
        FieldMerger.merge(MergeRules.LEADS, deleted, edit(5, Map.of("firstName", "Ada"), null));

    assertEquals(ResultKind.REJECTED, result.kind());
    assertEquals(SyncCode.ENTITY_DELETED, result.code());
  }

  @Test
  void numbersFromDifferentDecodersCompareByValue() {
    MergeResult result = merge(edit(5, Map.of("employees", 3.0), null));

    assertEquals(FieldOutcome.UNCHANGED, result.field("employees").outcome());
    assertEquals(Map.of(), result.writes());
  }

  @Test
  void clearingAFieldWithNullIsAnOrdinaryWrite() {
    Map<String, Object> clear = new HashMap<>();
    clear.put("title", null);

    MergeResult result = merge(edit(5, clear, null));

    assertEquals(ResultKind.APPLIED, result.kind());
    assertTrue(result.writes().containsKey("title"));
    assertNull(result.writes().get("title"));
  }

  /** The state after {@code result} was written as version {@code version}. */
  private static EntityState applied(EntityState state, MergeResult result, long version) {
    Map<String, Object> values = new LinkedHashMap<>(state.values());
    Map<String, FieldMeta> meta = new HashMap<>(state.meta());
    result.writes().forEach((field, value) -> {
      values.put(field, value);
      meta.put(field, new FieldMeta(version, RECEIVED, "u-rep", "d-phone"));
    });
    return new EntityState(state.entityType(), state.entityId(), version, false, values, meta);
  }

  private static EntityState withField(
      EntityState state, String field, Object value, long version) {
    Map<String, Object> values = new LinkedHashMap<>(state.values());
    values.put(field, value);
    Map<String, FieldMeta> meta = new HashMap<>(state.meta());
    meta.put(field, new FieldMeta(version, MANAGER_EDIT, "u-manager", "d-web"));
    return new EntityState(state.entityType(), state.entityId(), version, false, values, meta);
  }
}
