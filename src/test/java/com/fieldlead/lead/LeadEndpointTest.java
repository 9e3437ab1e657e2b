package com.fieldlead.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lead create, read, patch, delete and the bad-input answers, through the real server. */
class LeadEndpointTest {

  static TestServer server;
  static Api api;
  static Session admin;
  static Session rep;
  static Session otherAdmin;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Leads A");
    rep = AuthFixtures.user(api, admin, "rep");
    otherAdmin = AuthFixtures.tenantWithAdmin(server, "Leads B");
  }

  static Map<String, Object> lead(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static Api.Response create(Session s, Map<String, Object> body) {
    return api.post("/v1/leads", body, s.accessToken());
  }

  static Api.Response patch(Session s, String id, Object body, String etag) {
    return api.patch(
        "/v1/leads/" + id,
        body,
        s.accessToken(),
        etag == null ? Map.of() : Map.of("If-Match", etag));
  }

  @Test
  void aCreatedLeadIsNormalisedVersionedAndReadable() {
    String id = UUID.randomUUID().toString();
    Api.Response r = create(
        rep,
        lead(
            "id",
            id,
            "firstName",
            " Ana ",
            "lastName",
            "Souza",
            "email",
            "ana." + unique() + "@example.com",
            "phone",
            "(415) 555-2671",
            "country",
            "us",
            "source",
            "trade_show",
            "tags",
            List.of("Expo", "expo", "VIP")));
    assertEquals(201, r.status(), r::toString);
    JsonNode j = r.json();
    assertEquals(id, j.get("id").asText());
    assertEquals("Ana", j.get("firstName").asText());
    assertEquals("+14155552671", j.get("phone").asText());
    assertTrue(j.get("phoneValid").asBoolean());
    assertEquals("US", j.get("country").asText());
    assertEquals(
        List.of("expo", "vip"),
        List.of(j.get("tags").get(0).asText(), j.get("tags").get(1).asText()));
    assertEquals("new", j.get("status").asText());
    assertEquals(1, j.get("version").asLong());
    assertEquals("\"1\"", r.header("ETag"));
    assertEquals(rep.userId(), j.get("ownerId").asText());
    assertEquals(rep.userId(), j.get("capturedBy").asText());
    assertEquals(0, j.get("score").asInt());
    assertEquals("cold", j.get("temperature").asText());
    assertNotNull(j.get("receivedAt"));
    assertNotNull(j.get("fieldMeta").get("email"));
    Api.Response got = api.get("/v1/leads/" + id, rep.accessToken());
    assertEquals(200, got.status(), got::toString);
    assertEquals("Souza", got.json().get("lastName").asText());
  }

  @Test
  void anUnparseablePhoneIsKeptAsGivenAndFlagged() {
    Api.Response r = create(rep, lead("lastName", "Kim", "phone", "ask at desk"));
    assertEquals(201, r.status(), r::toString);
    assertEquals("ask at desk", r.json().get("phone").asText());
    assertFalse(r.json().get("phoneValid").asBoolean());
  }

  @Test
  void aPhoneWithoutCountryUsesTheLeadsCountryAsRegion() {
    Api.Response r =
        create(rep, lead("lastName", "Weber", "phone", "030 12345678", "country", "DE"));
    assertEquals("+493012345678", r.json().get("phone").asText(), r::toString);
  }

  @Test
  void theSameIdAndContentAgainIsIdempotentButOtherContentConflicts() {
    Map<String, Object> body =
        lead("id", UUID.randomUUID().toString(), "lastName", "Idem", "company", "Acme " + unique());
    assertEquals(201, create(rep, body).status());
    Api.Response again = create(rep, body);
    assertEquals(200, again.status(), again::toString);
    assertEquals(1, again.json().get("version").asLong());
    Map<String, Object> changed = new HashMap<>(body);
    changed.put("lastName", "Other");
    Api.Response conflict = create(rep, changed);
    assertEquals(409, conflict.status(), conflict::toString);
    assertEquals("CONFLICT", conflict.code());
  }

  @Test
  void aBodyThatSetsAServerOwnedFieldIsRejectedNamingIt() {
    Api.Response r = create(rep, lead("lastName", "Hot", "score", 99));
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.text().contains("/score"), r::toString);
    Api.Response t = create(rep, lead("lastName", "Hot", "temperature", "hot"));
    assertEquals(400, t.status(), t::toString);
    assertTrue(t.text().contains("/temperature"), t::toString);
  }

  @Test
  void badInputIsA400NamingTheFieldAndStoresNothing() {
    String company = "Bad " + unique();
    assertField(
        create(rep, lead("lastName", "X", "company", company, "email", "not-an-email")), "/email");
    assertField(
        create(rep, lead("lastName", "X", "company", company, "source", "billboard")), "/source");
    assertField(create(rep, lead("lastName", "X".repeat(101), "company", company)), "/lastName");
    assertField(
        create(rep, lead("lastName", "X", "company", company, "favouriteColour", "red")),
        "favouriteColour");
    assertField(
        create(rep, lead("lastName", "X", "company", company, "country", "XX")), "/country");
    assertField(
        create(
            rep,
            lead("lastName", "X", "company", company, "location", Map.of("lat", 91, "lon", 0))),
        "/location/lat");
    Api.Response list = api.get("/v1/leads?q=" + company.replace(" ", "%20"), admin.accessToken());
    assertEquals(0, list.json().get("items").size(), list::toString);
  }

  static void assertField(Api.Response r, String field) {
    assertEquals(400, r.status(), r::toString);
    assertEquals("VALIDATION_FAILED", r.code(), r::toString);
    assertTrue(r.text().contains(field), () -> "expected " + field + " in " + r);
  }

  @Test
  void patchNeedsIfMatchAndRejectsAStaleVersion() {
    String id = create(rep, lead("lastName", "Patch", "company", "P " + unique()))
        .json()
        .get("id")
        .asText();
    Api.Response missing = patch(rep, id, Map.of("title", "CTO"), null);
    assertEquals(428, missing.status(), missing::toString);
    assertEquals("PRECONDITION_REQUIRED", missing.code());
    Api.Response ok = patch(rep, id, Map.of("title", "CTO"), "\"1\"");
    assertEquals(200, ok.status(), ok::toString);
    assertEquals(2, ok.json().get("fieldMeta").get("title").get("version").asLong());
    assertEquals(1, ok.json().get("fieldMeta").get("lastName").get("version").asLong());
    // the title feeds the score, so the server rescored after the write: the answer is the stored
    // lead, and its
    // ETag is the one to send next (a phone must never be handed an ETag that is already stale)
    long version = ok.json().get("version").asLong();
    assertTrue(version >= 2, ok::toString);
    assertEquals("\"" + version + "\"", ok.header("ETag"));
    assertEquals(
        version,
        api.get("/v1/leads/" + id, rep.accessToken()).json().get("version").asLong());
    Api.Response stale = patch(rep, id, Map.of("title", "CEO"), "\"1\"");
    assertEquals(412, stale.status(), stale::toString);
    assertEquals(
        "CTO", api.get("/v1/leads/" + id, rep.accessToken()).json().get("title").asText());
    Api.Response next = patch(rep, id, Map.of("website", "https://example.com"), ok.header("ETag"));
    assertEquals(200, next.status(), "the ETag answered by a write is current: " + next);
  }

  @Test
  void theHistoryRecordsWhoChangedWhichFieldsFromWhatToWhat() {
    String id =
        create(rep, lead("lastName", "Hist", "title", "Dev")).json().get("id").asText();
    patch(rep, id, Map.of("title", "Lead Dev", "status", "contacted"), "\"1\"");
    Api.Response h = api.get("/v1/leads/" + id + "/history", rep.accessToken());
    assertEquals(200, h.status(), h::toString);
    JsonNode latest = h.json().get("items").get(0);
    assertEquals("update", latest.get("action").asText());
    assertEquals(rep.userId(), latest.get("by").asText());
    assertEquals(2, latest.get("version").asLong());
    String changes = latest.get("changes").toString();
    assertTrue(
        changes.contains("\"field\":\"title\",\"before\":\"Dev\",\"after\":\"Lead Dev\""), changes);
    assertEquals("create", h.json().get("items").get(1).get("action").asText());
  }

  @Test
  void deadStatusesNeedAReasonAndEveryStatusChangeIsStageHistory() {
    String id = create(rep, lead("lastName", "Stage")).json().get("id").asText();
    assertField(patch(rep, id, Map.of("status", "lost"), "\"1\""), "/statusReason");
    assertField(patch(rep, id, Map.of("status", "converted"), "\"1\""), "/status");
    assertField(patch(rep, id, Map.of("status", "no_such"), "\"1\""), "/status");
    Api.Response ok =
        patch(rep, id, Map.of("status", "lost", "statusReason", "Went with a competitor"), "\"1\"");
    assertEquals(200, ok.status(), ok::toString);
    JsonNode stages = ok.json().get("stageHistory");
    assertEquals(2, stages.size());
    assertEquals("new", stages.get(1).get("from").asText());
    assertEquals("lost", stages.get(1).get("to").asText());
    assertEquals(rep.userId(), stages.get(1).get("by").asText());
  }

  @Test
  void aDeletedLeadIsATombstoneThatNoLongerAppears() {
    String company = "Gone " + unique();
    String id = create(rep, lead("lastName", "Gone", "company", company))
        .json()
        .get("id")
        .asText();
    Api.Response d = api.delete("/v1/leads/" + id, rep.accessToken());
    assertEquals(204, d.status(), d::toString);
    assertEquals(404, api.get("/v1/leads/" + id, rep.accessToken()).status());
    assertEquals(
        0,
        api.get("/v1/leads?q=" + company.replace(" ", "%20"), rep.accessToken())
            .json()
            .get("items")
            .size());
  }

  @Test
  void idsOfAnotherTenantAreNotFoundAndCannotBeReferenced() {
    String id = create(rep, lead("lastName", "Mine")).json().get("id").asText();
    assertEquals(404, api.get("/v1/leads/" + id, otherAdmin.accessToken()).status());
    assertEquals(404, patch(otherAdmin, id, Map.of("title", "x"), "\"1\"").status());
    Api.Response ev = api.post(
        "/v1/events",
        Map.of(
            "name",
            "B Expo",
            "startsOn",
            "2025-05-01",
            "endsOn",
            "2025-05-02",
            "timeZone",
            "Europe/Berlin"),
        otherAdmin.accessToken());
    assertEquals(201, ev.status(), ev::toString);
    assertField(
        create(rep, lead("lastName", "Ev", "eventId", ev.json().get("id").asText())), "/eventId");
  }

  @Test
  void answersOfTheWrongTypeForAQuestionAreRejectedNamingTheAnswer() {
    String ev = api.post(
            "/v1/events",
            Map.of(
                "name",
                "Q Expo",
                "startsOn",
                "2025-05-01",
                "endsOn",
                "2025-05-02",
                "timeZone",
                "Europe/Berlin"),
            admin.accessToken())
        .json()
        .get("id")
        .asText();
    String qid = "q-" + unique();
    Api.Response q = api.post(
        "/v1/qualifier-questions",
        Map.of("id", qid, "eventId", ev, "text", "Budget?", "type", "number", "required", true),
        admin.accessToken());
    assertEquals(201, q.status(), q::toString);
    assertField(
        create(
            rep,
            lead(
                "lastName",
                "Q",
                "eventId",
                ev,
                "answers",
                List.of(Map.of("questionId", qid, "value", "lots")))),
        "/answers/0/value");
    Api.Response ok = create(
        rep,
        lead(
            "lastName",
            "Q",
            "eventId",
            ev,
            "answers",
            List.of(Map.of("questionId", qid, "value", 5000))));
    assertEquals(201, ok.status(), ok::toString);
  }

  @Test
  void likelyDuplicatesAreReportedButTheLeadIsStillCreated() {
    String email = "dup." + unique() + "@example.com";
    String first =
        create(rep, lead("lastName", "Dup", "email", email)).json().get("id").asText();
    Api.Response second = create(rep, lead("lastName", "Dupe", "email", email.toUpperCase()));
    assertEquals(201, second.status(), second::toString);
    JsonNode dups = second.json().get("possibleDuplicates");
    assertEquals(1, dups.size(), second::toString);
    assertEquals(first, dups.get(0).get("id").asText());
    assertEquals("email", dups.get(0).get("reason").asText());
  }

  @Test
  void anImportReportsEachRowAsCreatedDuplicateOrInvalid() {
    String email = "imp." + unique() + "@example.com";
    Api.Response r = api.post(
        "/v1/leads/import",
        Map.of(
            "leads",
            List.of(
                lead("lastName", "Imp", "email", email), lead("lastName", "Imp2", "email", email),
                lead("lastName", "Bad", "email", "nope"),
                    lead("lastName", "Ok", "company", "Imp " + unique()))),
        rep.accessToken());
    assertEquals(200, r.status(), r::toString);
    JsonNode rows = r.json().get("rows");
    assertEquals("created", rows.get(0).get("outcome").asText());
    assertEquals("duplicate", rows.get(1).get("outcome").asText());
    assertEquals("invalid", rows.get(2).get("outcome").asText());
    assertTrue(rows.get(2).toString().contains("/email"), rows::toString);
    assertEquals(2, r.json().get("created").asInt());
  }

  @Test
  void mergingCombinesTagsAndTombstonesTheOtherWithAPointer() {
    String a = create(rep, lead("lastName", "Merge", "title", "A", "tags", List.of("one")))
        .json()
        .get("id")
        .asText();
    String b = create(
            rep,
            lead(
                "lastName", "Merge", "title", "B", "phone", "+14155552672", "tags", List.of("two")))
        .json()
        .get("id")
        .asText();
    Api.Response m = api.post(
        "/v1/leads/" + a + "/merge",
        Map.of("otherId", b, "fields", Map.of("title", "other")),
        rep.accessToken());
    assertEquals(200, m.status(), m::toString);
    assertEquals("B", m.json().get("title").asText());
    assertEquals("+14155552672", m.json().get("phone").asText());
    assertEquals(2, m.json().get("tags").size());
    assertEquals(404, api.get("/v1/leads/" + b, rep.accessToken()).status());
    JsonNode loserHistory = api.get("/v1/leads/" + b + "/history", rep.accessToken())
        .json()
        .get("items")
        .get(0);
    assertEquals("merged_into", loserHistory.get("action").asText(), loserHistory::toString);
    assertEquals(a, loserHistory.get("otherLeadId").asText());
    JsonNode survivorHistory = api.get("/v1/leads/" + a + "/history", rep.accessToken())
        .json()
        .get("items")
        .get(0);
    assertEquals("merge", survivorHistory.get("action").asText());
    assertEquals(b, survivorHistory.get("otherLeadId").asText());
  }

  @Test
  void convertingRecordsTheDealAndLinksAContactAndAccountOnce() {
    String id = create(
            rep, lead("firstName", "Con", "lastName", "Vert", "company", "Conv " + unique()))
        .json()
        .get("id")
        .asText();
    assertField(
        api.post(
            "/v1/leads/" + id + "/convert",
            Map.of("value", 100, "currency", "XYZ"),
            rep.accessToken()),
        "/currency");
    Api.Response c = api.post(
        "/v1/leads/" + id + "/convert",
        Map.of("value", 12500.5, "currency", "eur", "date", "2025-06-02"),
        rep.accessToken());
    assertEquals(200, c.status(), c::toString);
    JsonNode lead = c.json().get("lead");
    assertEquals("converted", lead.get("status").asText());
    assertEquals("EUR", lead.get("conversion").get("currency").asText());
    assertEquals(
        lead.get("conversion").get("contactId").asText(),
        c.json().get("contact").get("id").asText());
    assertNotNull(c.json().get("account").get("id"));
    assertEquals("converted", lead.get("stageHistory").get(1).get("to").asText());
    assertEquals(
        409,
        api.post(
                "/v1/leads/" + id + "/convert",
                Map.of("value", 1, "currency", "EUR"),
                rep.accessToken())
            .status());
  }

  @Test
  void consentRecordsAreAppendOnlyAndAWithdrawalOptsOut() {
    Map<String, Object> granted = Map.of(
        "purpose",
        "marketing",
        "granted",
        true,
        "at",
        "2025-05-01T10:00:00Z",
        "method",
        "badge_scan");
    Api.Response r = create(rep, lead("lastName", "Consent", "consents", List.of(granted)));
    String id = r.json().get("id").asText();
    assertFalse(r.json().get("marketingOptOut").asBoolean());
    assertField(patch(rep, id, Map.of("consents", List.of()), "\"1\""), "/consents");
    Map<String, Object> withdrawn = Map.of(
        "purpose", "marketing", "granted", false, "at", "2025-05-02T10:00:00Z", "method", "email");
    Api.Response w = patch(rep, id, Map.of("consents", List.of(granted, withdrawn)), "\"1\"");
    assertEquals(200, w.status(), w::toString);
    assertTrue(w.json().get("marketingOptOut").asBoolean());
  }

  @Test
  void aRepCannotAssignALeadToSomeoneElse() {
    Api.Response r = create(rep, lead("lastName", "Assign", "ownerId", admin.userId()));
    assertEquals(403, r.status(), r::toString);
  }
}
