package com.fieldlead.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.StoreScan;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person captured by a phone (with a scanned card), edited, noted, given a task, pushed again with a rejected copy,
 * exported, then erased: afterwards no collection of the store holds their email, name or phone.
 */
class ErasureTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(
      Map.of(
          ConfigKey.FIELDLEAD_WEBHOOK_ALLOW_HTTP, "true",
          ConfigKey.FIELDLEAD_WEBHOOK_ALLOW_PRIVATE_ADDRESSES, "true"),
      Clock.systemUTC());

  private static TestServer server;
  private static Api api;
  private static Session admin;
  private static Session rep;
  private static String device;
  /** The business card photo {@link #leaveTraces} attached to each lead. */
  private static final Map<String, String> CARDS = new ConcurrentHashMap<>();
  /** The phone's create mutation of each lead {@link #leaveTraces} made, to push it again. */
  private static final Map<String, Map<String, Object>> CREATES = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Erase Co");
    rep = AuthFixtures.user(api, admin, "rep");
    device = AuthFixtures.device(api, rep);
    // a receiver that is never up: deliveries of hot leads stay pending, their bodies stored
    Api.Response hook = api.post(
        "/v1/webhooks",
        Map.of("url", "http://127.0.0.1:9/fieldlead", "events", List.of("lead.hot")),
        admin.accessToken());
    assertEquals(201, hook.status(), hook::toString);
  }

  /** A person whose names, email and phone occur nowhere else in the store. */
  private record Person(String first, String last, String email, String phone) {
    static Person fresh() {
      String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      String digits = String.valueOf(1000 + (int) (Math.random() * 8999));
      return new Person(
          "Zyxandra" + tag,
          "Quillfeather" + tag,
          "zq." + tag + "@privacy.example",
          "+1415555" + digits);
    }

    List<String> traces() {
      return List.of(first, last, email, phone.substring(2));
    }
  }

  private static Map<String, Object> mutation(
      String id, String op, Long base, Map<String, Object> changes) {
    Map<String, Object> m = new HashMap<>();
    m.put("clientMutationId", device + ":" + UUID.randomUUID());
    m.put("entityType", "lead");
    m.put("entityId", id);
    m.put("op", op);
    if (base != null) {
      m.put("baseVersion", base);
    }
    m.put("changes", changes);
    m.put("clientTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    return m;
  }

  /** {@link #leaveTraces} of {@code p}, then the admin erases the lead (200); answers its id. */
  private static String erasedAfterLeavingTraces(Person p) {
    String leadId = leaveTraces(p);
    assertEquals(
        200,
        api.post("/v1/privacy/erasures", Map.of("leadId", leadId), admin.accessToken())
            .status());
    return leadId;
  }

  private static Api.Response push(List<Map<String, Object>> mutations) {
    return api.post(
        "/v1/sync/push",
        Map.of("protocolVersion", 1, "deviceId", device, "mutations", mutations),
        rep.accessToken());
  }

  private static JsonNode pull(String checkpoint) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("protocolVersion", 1);
    body.put("deviceId", device);
    body.put("limit", 500);
    if (checkpoint != null) {
      body.put("checkpoint", checkpoint);
    }
    Api.Response r = api.post("/v1/sync/pull", body, rep.accessToken());
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  /** A JPEG of a business card with the person's name on it. */
  private static byte[] jpeg(Person p) {
    BufferedImage img = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 320, 200);
    g.setColor(Color.BLACK);
    g.drawString(p.first() + " " + p.last(), 10, 40);
    g.drawString(p.email(), 10, 70);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertTrue(ImageIO.write(img, "jpg", out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Captures the person on the rep's phone and leaves traces of them in many collections; answers the lead id. */
  private static String leaveTraces(Person p) {
    String leadId = UUID.randomUUID().toString();
    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put("firstName", p.first());
    changes.put("lastName", p.last());
    changes.put("email", p.email());
    changes.put("phone", p.phone());
    changes.put("company", "Northwind");
    changes.put("hotAtCapture", true);
    changes.put(
        "consents",
        List.of(Map.of(
            "purpose",
            "email_contact",
            "granted",
            true,
            "at",
            "2026-12-01T09:00:00Z",
            "method",
            "verbal")));
    changes.put(
        "scan",
        Map.of(
            "format",
            "mecard",
            "raw",
            "MECARD:N:" + p.last() + "," + p.first() + ";EMAIL:" + p.email() + ";TEL:" + p.phone()
                + ";;"));
    Map<String, Object> create = mutation(leadId, "create", null, changes);
    CREATES.put(leadId, create);
    Api.Response pushed = push(List.of(create));
    assertEquals(200, pushed.status(), pushed::toString);
    assertEquals(
        "applied", pushed.json().path("results").get(0).path("result").asText(), pushed::toString);

    Api.Response patched = api.patch(
        "/v1/leads/" + leadId,
        Map.of("title", "Head of " + p.last() + " Labs"),
        admin.accessToken(),
        Map.of("If-Match", "\"1\""));
    assertEquals(200, patched.status(), patched::toString);
    Api.Response note = api.post(
        "/v1/leads/" + leadId + "/activities",
        Map.of(
            "type",
            "note",
            "note",
            Map.of("text", "Met " + p.first() + " at the booth; call " + p.phone())),
        rep.accessToken());
    assertEquals(201, note.status(), note::toString);
    Api.Response task = api.post(
        "/v1/tasks",
        Map.of(
            "title",
            "Call " + p.first() + " back",
            "leadId",
            leadId,
            "dueAt",
            "2027-01-05T09:00:00Z"),
        rep.accessToken());
    assertEquals(201, task.status(), task::toString);
    // a photo of their business card
    String cardId = UUID.randomUUID().toString();
    Api.Response card = api.send(
        HttpRequest.newBuilder(URI.create(api.base() + "/v1/leads/" + leadId + "/attachments/"
                + cardId + "?kind=business_card"))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(jpeg(p))),
        rep.accessToken(),
        Map.of("Content-Type", "image/jpeg"));
    assertEquals(201, card.status(), card::toString);
    CARDS.put(leadId, cardId);
    // a stale edit of the same field from the phone, and a copy of the person with a bad field
    push(List.of(mutation(leadId, "update", 1L, Map.of("title", p.first() + "'s boss"))));
    Map<String, Object> bad = new LinkedHashMap<>(changes);
    bad.remove("scan");
    bad.put("country", "not a country");
    push(List.of(mutation(UUID.randomUUID().toString(), "create", null, bad)));
    return leadId;
  }

  @Test
  void anErasedPersonIsFoundInNoCollectionOfTheStore() {
    Person p = Person.fresh();
    String leadId = leaveTraces(p);
    String checkpoint = pull(null).path("checkpoint").asText();
    for (String trace : p.traces()) {
      assertTrue(!StoreScan.find(server, trace).isEmpty(), "the scenario stored " + trace);
    }
    assertTrue(
        StoreScan.find(server, CARDS.get(leadId)).stream()
            .anyMatch(h -> h.startsWith("attachments.")),
        "the scenario stored the card's photo");

    Api.Response erased =
        api.post("/v1/privacy/erasures", Map.of("email", p.email()), admin.accessToken());
    assertEquals(200, erased.status(), erased::toString);
    assertEquals(leadId, erased.json().path("leadIds").get(0).asText());
    assertEquals(1, erased.json().path("suppressedEmails").asInt());

    int collections = StoreScan.collections(server);
    assertTrue(collections > 20, "the scan reads every collection: " + collections);
    List<String> found = new ArrayList<>();
    for (String trace : p.traces()) {
      found.addAll(StoreScan.find(server, trace));
    }
    assertEquals(List.of(), found, "traces of the person after the erasure");
    List<String> bytesLeft = StoreScan.find(server, CARDS.get(leadId)).stream()
        .filter(hit -> hit.startsWith("attachments.") || hit.startsWith("attachment_thumbnails."))
        .toList();
    assertEquals(List.of(), bytesLeft, "the card's photo and thumbnail are deleted");
    List<Document> kept = Await.onContext(
        server,
        () -> MongoFutures.list(server
            .server()
            .store()
            .database()
            .getCollection(Suppressions.COLLECTION)
            .find(Filters.eq("tenantId", admin.tenantId()))));
    assertTrue(!kept.isEmpty(), "a hash is kept for suppression");
    for (Document d : kept) {
      assertTrue(d.getString("_id").matches("[0-9a-f]{64}"), d::toJson);
      assertEquals(Set.of("_id", "tenantId", "at"), d.keySet(), d::toJson);
    }

    assertEquals(404, api.get("/v1/leads/" + leadId, admin.accessToken()).status());
    JsonNode after = pull(checkpoint);
    boolean tombstone = false;
    for (JsonNode c : after.path("changes")) {
      if (c.path("entityId").asText().equals(leadId)) {
        tombstone = c.path("deleted").asBoolean() && c.path("erased").asBoolean();
        assertTrue(c.path("state").isMissingNode(), c::toString);
      }
    }
    assertTrue(tombstone, "the phone pulls the lead's tombstone marked erased: " + after);

    Api.Response audit = api.get("/v1/audit?action=person.erased", admin.accessToken());
    JsonNode entry = audit.json().path("items").get(0);
    assertEquals(admin.userId(), entry.path("actorUserId").asText());
    assertEquals(leadId, entry.path("targetId").asText());
    assertTrue(entry.has("at"));
  }

  @Test
  void aDuplicateMergedIntoThePersonsLeadIsErasedWithItEvenUnderAnotherEmail() {
    Person p = Person.fresh();
    String leadId = leaveTraces(p);
    String otherEmail =
        "z.q.private." + UUID.randomUUID().toString().substring(0, 6) + "@home.example";
    Api.Response duplicate = api.post(
        "/v1/leads",
        Map.of("firstName", p.first(), "lastName", p.last(), "email", otherEmail),
        admin.accessToken());
    assertEquals(201, duplicate.status(), duplicate::toString);
    Api.Response merged = api.post(
        "/v1/leads/" + leadId + "/merge",
        Map.of("otherId", duplicate.json().path("id").asText()),
        admin.accessToken());
    assertEquals(200, merged.status(), merged::toString);

    Api.Response erased =
        api.post("/v1/privacy/erasures", Map.of("leadId", leadId), admin.accessToken());
    assertEquals(200, erased.status(), erased::toString);
    assertEquals(2, erased.json().path("leadIds").size(), erased::toString);
    List<String> found = new ArrayList<>(StoreScan.find(server, otherEmail));
    for (String trace : p.traces()) {
      found.addAll(StoreScan.find(server, trace));
    }
    assertEquals(List.of(), found, "traces of the person after the erasure");
    Api.Response again = api.post(
        "/v1/leads", Map.of("lastName", "Again", "email", otherEmail), admin.accessToken());
    assertEquals(409, again.status(), "the merged-in email is suppressed too: " + again);
  }

  @Test
  void anErasedEmailIsNotCapturedAgainAndLeavesNoTraceTrying() {
    Person p = Person.fresh();
    String leadId = erasedAfterLeavingTraces(p);

    Api.Response again = api.post(
        "/v1/leads",
        Map.of("firstName", p.first(), "lastName", p.last(), "email", p.email().toUpperCase()),
        rep.accessToken());
    assertEquals(409, again.status(), again::toString);
    assertEquals("/email", again.json().path("errors").get(0).path("field").asText());
    Api.Response upsert = api.put(
        "/v1/leads/by-external-id/hubspot/" + UUID.randomUUID(),
        Map.of("lastName", "X", "email", p.email()),
        admin.accessToken());
    assertEquals(409, upsert.status(), upsert::toString);
    Api.Response imported = api.post(
        "/v1/leads/import",
        Map.of(
            "leads",
            List.of(
                Map.of("lastName", p.last(), "email", p.email()),
                Map.of("lastName", "Unrelated", "company", "Row " + UUID.randomUUID()))),
        admin.accessToken());
    assertEquals(200, imported.status(), imported::toString);
    JsonNode rows = imported.json().path("rows");
    assertEquals("invalid", rows.get(0).path("outcome").asText(), rows::toString);
    assertTrue(rows.get(0).toString().contains("/email"), rows::toString);
    assertEquals("created", rows.get(1).path("outcome").asText(), "only the erased row is refused");
    assertEquals(List.of(), StoreScan.find(server, p.email()));
    assertEquals(List.of(), StoreScan.find(server, p.last()));
    assertEquals(
        404,
        api.post("/v1/privacy/erasures", Map.of("email", p.email()), admin.accessToken())
            .status(),
        "nothing left to erase");
  }

  @Test
  void aPhoneThatPushesAboutAnErasedPersonIsRefusedPersonErasedAndNoneOfItsValuesAreKept() {
    Person p = Person.fresh();
    String leadId = erasedAfterLeavingTraces(p);

    // a phone offline during the erasure pushes an edit of the lead, a note on it and a new copy
    Map<String, Object> note = new LinkedHashMap<>();
    note.put("clientMutationId", device + ":" + UUID.randomUUID());
    note.put("entityType", "activity");
    note.put("entityId", UUID.randomUUID().toString());
    note.put("op", "create");
    note.put(
        "changes",
        Map.of("leadId", leadId, "type", "note", "note", Map.of("text", "Called " + p.first())));
    note.put("clientTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    Api.Response pushed = push(List.of(
        mutation(leadId, "update", 2L, Map.of("lastName", p.last(), "phone", p.phone())),
        note,
        mutation(
            UUID.randomUUID().toString(),
            "create",
            null,
            Map.of("firstName", p.first(), "lastName", p.last(), "email", p.email()))));
    assertEquals(200, pushed.status(), pushed::toString);
    for (JsonNode r : pushed.json().path("results")) {
      assertEquals("rejected", r.path("result").asText(), r::toString);
      assertEquals("PERSON_ERASED", r.path("code").asText(), r::toString);
    }
    List<String> found = new ArrayList<>();
    for (String trace : p.traces()) {
      found.addAll(StoreScan.find(server, trace));
    }
    assertEquals(List.of(), found, "traces of the person after the pushes");
    Api.Response rejections = api.get("/v1/sync/rejections", admin.accessToken());
    assertTrue(rejections.text().contains("PERSON_ERASED"), rejections::toString);

    // the phone that captured the person retries its first push (it never saw the answer)
    Api.Response retried = push(List.of(CREATES.get(leadId)));
    assertEquals(200, retried.status(), retried::toString);
    JsonNode again = retried.json().path("results").get(0);
    assertEquals("duplicate", again.path("result").asText(), again::toString);
    assertEquals("rejected", again.path("original").asText(), again::toString);
    assertEquals("PERSON_ERASED", again.path("code").asText(), again::toString);
  }

  @Test
  void aPushOfManyCapturesChecksTheirEmailsAgainstErasedPeopleOnceAndStillRefusesTheErasedOne() {
    Person gone = Person.fresh();
    String goneId = erasedAfterLeavingTraces(gone);
    List<Map<String, Object>> captures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      captures.add(mutation(
          UUID.randomUUID().toString(),
          "create",
          null,
          Map.of(
              "lastName",
              "Batch" + i,
              "email",
              "batch" + i + "." + UUID.randomUUID() + "@example.com")));
    }
    captures.add(mutation(
        UUID.randomUUID().toString(),
        "create",
        null,
        Map.of("lastName", gone.last(), "email", gone.email())));
    long before = api.storeCommands("privacy_suppressions", "find");

    Api.Response pushed = push(captures);

    long reads = api.storeCommands("privacy_suppressions", "find") - before;
    assertEquals(200, pushed.status(), pushed::toString);
    JsonNode results = pushed.json().path("results");
    for (int i = 0; i < 40; i++) {
      assertEquals("applied", results.get(i).path("result").asText(), results.get(i)::toString);
    }
    assertEquals("PERSON_ERASED", results.get(40).path("code").asText(), results::toString);
    // one read for the batch, and the erased capture's own answer on the single path
    assertTrue(reads <= 3, "suppression reads for a push of 41 captures: " + reads);
  }

  @Test
  void anExportHoldsTheLeadItsHistoryActivitiesTasksAndConsents() {
    Person p = Person.fresh();
    String leadId = leaveTraces(p);
    Api.Response r = api.post("/v1/privacy/exports", Map.of("leadId", leadId), admin.accessToken());
    assertEquals(200, r.status(), r::toString);
    JsonNode doc = r.json();
    assertEquals(p.email(), doc.path("leads").get(0).path("email").asText());
    assertTrue(doc.path("history").size() >= 2, doc.path("history")::toString);
    assertEquals(1, doc.path("activities").size());
    assertEquals(1, doc.path("tasks").size());
    assertEquals("email_contact", doc.path("consents").get(0).path("purpose").asText());
    assertTrue(doc.path("otherRecords").has("sync_mutations"), doc.path("otherRecords")::toString);
    assertTrue(doc.has("notifications") && doc.has("webhookDeliveries") && doc.has("attachments"));
  }

  @Test
  void anErasureLeavesAnotherTenantsLeadWithTheSameEmailAloneAndThatTenantMayStillCaptureIt() {
    Person p = Person.fresh();
    Session other = AuthFixtures.tenantWithAdmin(server, "Same Person Elsewhere");
    Api.Response theirs = api.post(
        "/v1/leads",
        Map.of("firstName", p.first(), "lastName", p.last(), "email", p.email()),
        other.accessToken());
    assertEquals(201, theirs.status(), theirs::toString);
    leaveTraces(p);
    assertEquals(
        200,
        api.post("/v1/privacy/erasures", Map.of("email", p.email()), admin.accessToken())
            .status());

    Api.Response still =
        api.get("/v1/leads/" + theirs.json().path("id").asText(), other.accessToken());
    assertEquals(200, still.status(), still::toString);
    assertEquals(p.email(), still.json().path("email").asText());
    Api.Response again = api.post(
        "/v1/leads", Map.of("lastName", p.last(), "email", p.email()), other.accessToken());
    assertEquals(201, again.status(), "suppression is per tenant: " + again);
  }

  /**
   * Most tenants never erase anyone: on the embedded store in this process, whether a tenant has any suppressed email
   * is kept while the suppressions are unwritten, so such a tenant's captures look nothing up; its first erasure
   * writes a suppression, and the very next capture of that email is refused.
   */
  @Test
  void aTenantThatNeverErasedAnyoneCapturesWithoutLookingUpSuppressionsUntilItsFirstErasure() {
    Session fresh = AuthFixtures.tenantWithAdmin(server, "Never Erased Co");
    Person p = Person.fresh();
    Api.Response first = api.post(
        "/v1/leads", Map.of("lastName", p.last(), "email", p.email()), fresh.accessToken());
    assertEquals(201, first.status(), first::toString);
    long before = api.storeCommands("privacy_suppressions", "find");
    for (int i = 0; i < 3; i++) {
      Api.Response more = api.post(
          "/v1/leads",
          Map.of(
              "lastName", "More" + i, "email", "more" + i + "." + UUID.randomUUID() + "@x.example"),
          fresh.accessToken());
      assertEquals(201, more.status(), more::toString);
    }
    assertEquals(
        0,
        api.storeCommands("privacy_suppressions", "find") - before,
        "no suppression looked up for a tenant that has none");

    assertEquals(
        200,
        api.post("/v1/privacy/erasures", Map.of("email", p.email()), fresh.accessToken())
            .status());
    Api.Response again = api.post(
        "/v1/leads", Map.of("lastName", p.last(), "email", p.email()), fresh.accessToken());
    assertEquals(409, again.status(), "the first erasure applies at once: " + again);
    assertEquals("/email", again.json().path("errors").get(0).path("field").asText());
  }

  @Test
  void onlyAKeyWithPrivacyManageMayExportOrEraseAndTheAuditNamesTheKey() {
    Person p = Person.fresh();
    String leadId = leaveTraces(p);
    String reader = key("leads:read");
    Api.Response refused = api.post("/v1/privacy/erasures", Map.of("leadId", leadId), reader);
    assertEquals(403, refused.status(), refused::toString);
    assertEquals(200, api.get("/v1/leads/" + leadId, admin.accessToken()).status(), "untouched");

    String privacy = key("privacy:manage");
    Api.Response exported = api.post("/v1/privacy/exports", Map.of("leadId", leadId), privacy);
    assertEquals(200, exported.status(), exported::toString);
    JsonNode entry = api.get(
            "/v1/audit?action=person.exported&targetId=" + leadId, admin.accessToken())
        .json()
        .path("items")
        .get(0);
    assertTrue(entry.hasNonNull("actorKeyId"), entry::toString);
  }

  private static String key(String scope) {
    Api.Response r = api.post(
        "/v1/api-keys",
        Map.of(
            "name",
            "privacy " + scope,
            "scopes",
            List.of(scope),
            "expiresAt",
            Instant.now()
                .plus(30, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString()),
        admin.accessToken());
    assertEquals(201, r.status(), r::toString);
    return r.json().path("secret").asText();
  }

  @Test
  void badRequestsAreClearProblemsAndChangeNothing() {
    Person p = Person.fresh();
    String leadId = leaveTraces(p);
    List<Object> bodies = List.of(
        Map.of(),
        Map.of("leadId", ""),
        Map.of("leadId", leadId, "email", p.email()),
        Map.of("leadId", leadId, "everything", true),
        "not json");
    for (Object body : bodies) {
      Api.Response r = api.post("/v1/privacy/erasures", body, admin.accessToken());
      assertEquals(400, r.status(), () -> body + " -> " + r);
      assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r::toString);
      assertTrue(r.json().path("errors").size() >= 1 || r.json().has("detail"), r::toString);
    }
    Api.Response unknown = api.post(
        "/v1/privacy/erasures",
        Map.of("leadId", UUID.randomUUID().toString()),
        admin.accessToken());
    assertEquals(404, unknown.status(), unknown::toString);
    assertEquals(200, api.get("/v1/leads/" + leadId, admin.accessToken()).status(), "untouched");
    assertTrue(!StoreScan.find(server, p.email()).isEmpty(), "nothing was scrubbed");
  }

  @Test
  void privacyRequestsAreForAdminsAndStayInTheirTenant() {
    Person p = Person.fresh();
    String leadId = leaveTraces(p);
    assertEquals(
        403,
        api.post("/v1/privacy/exports", Map.of("leadId", leadId), rep.accessToken())
            .status());
    Session other = AuthFixtures.tenantWithAdmin(server, "Other Erase Co");
    assertEquals(
        404,
        api.post("/v1/privacy/erasures", Map.of("leadId", leadId), other.accessToken())
            .status());
    assertEquals(
        404,
        api.post("/v1/privacy/exports", Map.of("email", p.email()), other.accessToken())
            .status());
    assertEquals(
        400,
        api.post(
                "/v1/privacy/exports",
                Map.of("leadId", leadId, "email", p.email()),
                admin.accessToken())
            .status());
    assertEquals(200, api.get("/v1/leads/" + leadId, admin.accessToken()).status(), "untouched");
  }
}
