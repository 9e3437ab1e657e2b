package com.fieldlead.lead.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.json.Json;
import com.fieldlead.lead.store.CursorCodec;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure rules: normalisation, validation, answers, merge, patches, cursors and visibility. */
class LeadRulesTest {

  static final Instant NOW = Instant.parse("2025-05-14T10:00:00Z");
  static final LeadSettings SETTINGS = LeadSettings.defaults();

  static Lead lead(String json) {
    try {
      return Json.MAPPER.readValue(json, Lead.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  void phonesBecomeE164WithTheLeadsRegionAndBadOnesAreKeptAndFlagged() {
    assertEquals(
        "+14155552671", PhoneNormalizer.normalise("(415) 555-2671", "US").e164());
    assertEquals(
        "+493012345678", PhoneNormalizer.normalise("030 12345678", "DE").e164());
    PhoneNormalizer.Result bad = PhoneNormalizer.normalise(" call reception ", "US");
    assertFalse(bad.valid());
    assertEquals("call reception", bad.e164());
  }

  @Test
  void normalisingTrimsUppercasesCountriesAndDeduplicatesTags() {
    Lead l = LeadRules.normalise(
        lead(
            "{\"id\":\"x\",\"version\":1,\"lastName\":\"  Kim \",\"country\":\"de\","
                + "\"website\":\"acme.com\",\"tags\":[\"A\",\"a\",\" \",\"b\"],\"firstName\":\"  \",\"status\":\"new\"}"),
        "US");
    assertEquals("Kim", l.contact().lastName());
    assertEquals(null, l.contact().firstName());
    assertEquals("DE", l.organization().country());
    assertEquals("https://acme.com", l.organization().website());
    assertEquals(List.of("a", "b"), l.qualification().tags());
  }

  @Test
  void invalidFieldsAreEachNamed() {
    Lead l = LeadRules.normalise(
        lead("{\"id\":\"x\",\"version\":1,\"lastName\":\"K\",\"email\":\"a@b\","
            + "\"source\":\"tv\",\"country\":\"ZZ\",\"status\":\"new\",\"capturedAt\":\"2030-01-01T00:00:00Z\","
            + "\"customFields\":{\"1bad\":\"x\"},\"bant\":{\"need\":\"huge\"}}"),
        "US");
    List<String> f = fields(LeadRules.check(l, null, SETTINGS, NOW));
    assertTrue(
        f.containsAll(List.of(
            "/email", "/source", "/country", "/capturedAt", "/customFields/1bad", "/bant/need")),
        f::toString);
  }

  @Test
  void aLeadWithoutAnyIdentifyingFieldIsRejected() {
    Lead l = lead("{\"id\":\"x\",\"version\":1,\"status\":\"new\",\"title\":\"CTO\"}");
    assertTrue(fields(LeadRules.check(l, null, SETTINGS, NOW)).contains("/lastName"));
  }

  @Test
  void tenantSettingsNeedOpenAndConvertedStatusesWithUniqueKeys() {
    LeadSettings bad = new LeadSettings(
        "US",
        List.of(
            new LeadStatus("new", "New", "open", false),
            new LeadStatus("new", "Again", "dead", false)));
    List<String> f = fields(bad.check());
    assertTrue(f.contains("/statuses/1/key"));
    assertTrue(f.contains("/statuses"));
    assertTrue(SETTINGS.check().isEmpty());
    assertEquals("new", SETTINGS.initialStatus());
  }

  @Test
  void answersMustFitTheirQuestionsType() {
    QualifierQuestion num =
        new QualifierQuestion("q1", "ev", null, "Budget", "number", null, true, NOW, "u");
    QualifierQuestion multi = new QualifierQuestion(
        "q2", "ev", null, "Products", "multi_choice", List.of("CRM", "BI"), false, NOW, "u");
    QualifierQuestion date =
        new QualifierQuestion("q3", null, "camp", "When", "date", null, false, NOW, "u");
    List<FieldError> e = QualifierCheck.check(
        List.of(
            new Lead.Answer("q1", "many"),
            new Lead.Answer("q2", List.of("CRM", "ERP")),
            new Lead.Answer("q3", "2025-02-30")),
        List.of(num, multi, date),
        "ev",
        null);
    assertEquals(
        List.of("/answers/0/value", "/answers/1/value", "/answers/2/questionId"), fields(e));
    assertTrue(
        QualifierCheck.check(
                List.of(new Lead.Answer("q2", List.of("BI"))), List.of(num, multi), "ev", null)
            .stream()
            .anyMatch(x -> x.field().equals("/answers") && x.code().equals("required")));
    assertTrue(QualifierCheck.check(
            List.of(new Lead.Answer("q1", 5), new Lead.Answer("q2", List.of("BI"))),
            List.of(num, multi),
            "ev",
            null)
        .isEmpty());
  }

  @Test
  void aPatchCannotWriteServerOwnedOrUnknownFields() {
    Lead base = lead("{\"id\":\"x\",\"version\":3,\"lastName\":\"K\",\"status\":\"new\"}");
    ObjectNode patch = Json.MAPPER.createObjectNode().put("score", 5);
    ProblemException e =
        assertThrows(ProblemException.class, () -> LeadChanges.apply(base, patch, false));
    assertEquals("/score", e.errors().get(0).field());
    ObjectNode unknown = Json.MAPPER.createObjectNode().put("colour", "red");
    assertEquals(
        "/colour",
        assertThrows(ProblemException.class, () -> LeadChanges.apply(base, unknown, false))
            .errors()
            .get(0)
            .field());
    ObjectNode wrongType = Json.MAPPER.createObjectNode();
    wrongType.putArray("lastName");
    assertEquals(
        "/lastName",
        assertThrows(ProblemException.class, () -> LeadChanges.apply(base, wrongType, false))
            .errors()
            .get(0)
            .field());
  }

  @Test
  void aPatchChangesOnlyTheNamedFieldsAndTheDiffListsThem() {
    Lead base = lead(
        "{\"id\":\"x\",\"version\":3,\"lastName\":\"K\",\"title\":\"Dev\",\"status\":\"new\"}");
    ObjectNode patch = Json.MAPPER.createObjectNode().put("title", "CTO").putNull("lastName");
    Lead after = LeadChanges.apply(base, patch, false);
    assertEquals("CTO", after.contact().title());
    assertEquals(null, after.contact().lastName());
    assertEquals(
        List.of("lastName", "title"),
        LeadChanges.diff(base, after).stream().map(LeadChanges.Change::field).toList());
    Map<String, Lead.FieldChange> meta =
        LeadChanges.touch(Map.of(), LeadChanges.diff(base, after), 4, NOW, "u", "d");
    assertEquals(Set.of("lastName", "title"), meta.keySet());
    assertEquals("d", meta.get("title").device());
  }

  @Test
  void mergingKeepsTheSurvivorUnlessTheOtherIsChosenAndCombinesLists() {
    Lead s =
        lead("{\"id\":\"s\",\"version\":1,\"lastName\":\"K\",\"title\":\"Dev\",\"status\":\"new\","
            + "\"tags\":[\"a\"],\"customFields\":{\"x\":1}}");
    Lead o = lead(
        "{\"id\":\"o\",\"version\":1,\"lastName\":\"Kay\",\"title\":\"CTO\",\"email\":\"k@x.io\","
            + "\"status\":\"new\",\"tags\":[\"b\",\"a\"],\"customFields\":{\"x\":2,\"y\":3}}");
    Lead m = LeadMerger.merge(s, o, Map.of("title", "other"));
    assertEquals("K", m.contact().lastName());
    assertEquals("CTO", m.contact().title());
    assertEquals("k@x.io", m.contact().email());
    assertEquals(List.of("a", "b"), m.qualification().tags());
    assertEquals(Map.of("x", 1, "y", 3), m.qualification().customFields());
    assertEquals(
        "/fields/score",
        assertThrows(ProblemException.class, () -> LeadMerger.merge(s, o, Map.of("score", "other")))
            .errors()
            .get(0)
            .field());
  }

  @Test
  void aCursorIsTamperEvidentAndBoundToItsQuery() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    CursorCodec codec = new CursorCodec(key);
    String c = codec.encode(new CursorCodec.Position("-createdAt", 1234L, "id-1", "h1"));
    assertEquals("id-1", codec.decode(c, "-createdAt", "h1").id());
    assertThrows(ProblemException.class, () -> codec.decode(c, "-createdAt", "h2"));
    assertThrows(ProblemException.class, () -> codec.decode(c, "lastName", "h1"));
    assertThrows(ProblemException.class, () -> codec.decode("x" + c, "-createdAt", "h1"));
    byte[] other = new byte[32];
    assertThrows(
        ProblemException.class, () -> new CursorCodec(other).decode(c, "-createdAt", "h1"));
  }

  @Test
  void visibilityFollowsRoleTeamsAndSharedEvents() {
    Principal rep = new Principal("t", "r1", Role.REP, "s", null, List.of("team"), List.of());
    Principal mgr = new Principal("t", "m", Role.MANAGER, "s", null, List.of(), List.of("team"));
    Principal booth = new Principal("t", "b", Role.BOOTH, "s", null, List.of("team"), List.of());
    Lead owned = lead(
        "{\"id\":\"1\",\"version\":1,\"ownerId\":\"r1\",\"teamId\":\"team\",\"capturedBy\":\"b\"}");
    Lead other = lead(
        "{\"id\":\"2\",\"version\":1,\"ownerId\":\"r2\",\"teamId\":\"team\",\"capturedBy\":\"r2\","
            + "\"eventId\":\"ev\"}");
    assertTrue(Visibility.of(rep, Set.of()).sees(owned));
    assertFalse(Visibility.of(rep, Set.of()).sees(other));
    assertTrue(Visibility.of(rep, Set.of("ev")).sees(other));
    assertTrue(Visibility.of(mgr, Set.of()).sees(other));
    assertTrue(Visibility.of(booth, Set.of()).sees(owned));
    assertFalse(Visibility.of(booth, Set.of()).sees(other));
  }

  @Test
  void searchKeysIgnoreCaseAndAccentsAndEscapeRegex() {
    assertEquals("muller", SearchKeys.text("  Müller "));
    assertEquals("^a\\.b\\*", SearchKeys.prefixRegex("A.b*"));
  }
}
