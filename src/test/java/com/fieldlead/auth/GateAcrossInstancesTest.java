package com.fieldlead.auth;

import static com.fieldlead.auth.AuthFixtures.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.store.AuthSchema;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gate keeps its answer per session under the tenant's access epoch: later requests of a session read the epoch,
 * not the session, user and device; and a change made through another instance sharing the store takes effect on
 * this instance's very next request, as it did when every request read them all.
 */
class GateAcrossInstancesTest {

  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-07-01T08:00:00Z"));
  private static TestServer here;
  private static TestServer there;
  private static Api a;
  private static Api b;
  private static AuthFixtures.Session admin;

  @RegisterExtension
  @Order(1)
  static final TestServerExtension HERE = TestServerExtension.start(Map.of(), CLOCK);

  @RegisterExtension
  @Order(2)
  static final TestServerExtension THERE =
      TestServerExtension.sharingStoreOf(HERE, Map.of(), CLOCK);

  @BeforeAll
  static void start() {
    here = HERE.get();
    there = THERE.get();
    a = here.api();
    b = there.api();
    admin = AuthFixtures.tenantWithAdmin(here, "Gate Co");
  }

  /** The clock moves in one test; each test logs the admin in anew so its token is current. */
  private static AuthFixtures.Session freshAdmin() {
    return AuthFixtures.login(a, admin.email(), PASSWORD);
  }

  @Test
  void aSessionsLaterRequestsReadTheAccessEpochAndNotTheSessionOrDevice() {
    AuthFixtures.Session rep = AuthFixtures.user(a, freshAdmin(), "rep");
    AuthFixtures.device(a, rep);
    assertEquals(200, b.get("/v1/leads", rep.accessToken()).status());
    long sessions = b.storeCommands("sessions", "find");
    long devices = b.storeCommands("devices", "find");
    long epochs = b.storeCommands("access_epochs", "find");
    for (int i = 0; i < 5; i++) {
      assertEquals(200, b.get("/v1/leads", rep.accessToken()).status());
    }
    assertEquals(0, b.storeCommands("sessions", "find") - sessions, "sessions read");
    assertEquals(0, b.storeCommands("devices", "find") - devices, "devices read");
    assertEquals(5, b.storeCommands("access_epochs", "find") - epochs, "one epoch read a request");
  }

  /**
   * The instance that runs the embedded store sees every client's writes, so it keeps the epoch it read until someone
   * writes an epoch: a quiet session's requests read nothing of the gate's from the store.
   */
  @Test
  void theInstanceRunningTheStoreReadsTheEpochOnlyAfterAnEpochWasWritten() {
    AuthFixtures.Session rep = AuthFixtures.user(a, freshAdmin(), "rep");
    AuthFixtures.Session other = AuthFixtures.user(a, freshAdmin(), "rep");
    AuthFixtures.device(a, rep);
    assertEquals(200, a.get("/v1/leads", rep.accessToken()).status());
    long epochs = a.storeCommands("access_epochs", "find");
    for (int i = 0; i < 5; i++) {
      assertEquals(200, a.get("/v1/leads", rep.accessToken()).status());
    }
    assertEquals(0, a.storeCommands("access_epochs", "find") - epochs, "the kept epoch");
    assertEquals(204, b.post("/v1/auth/logout", "", other.accessToken()).status());
    assertEquals(200, a.get("/v1/leads", rep.accessToken()).status());
    assertEquals(
        1,
        a.storeCommands("access_epochs", "find") - epochs,
        "the other instance ended a session, which moved the epoch: read again here, once");
    assertRevoked(a.get("/v1/leads", other.accessToken()));
  }

  @Test
  void loggingOutOnAnotherInstanceEndsTheSessionOnTheNextRequestHere() {
    AuthFixtures.Session rep = AuthFixtures.user(a, freshAdmin(), "rep");
    assertEquals(200, a.get("/v1/leads", rep.accessToken()).status());
    assertEquals(204, b.post("/v1/auth/logout", "", rep.accessToken()).status());
    assertRevoked(a.get("/v1/leads", rep.accessToken()));
  }

  @Test
  void aDeviceRevokedOnAnotherInstanceIsRefusedOnTheNextRequestHere() {
    AuthFixtures.Session rep = AuthFixtures.user(a, freshAdmin(), "rep");
    String phone = AuthFixtures.device(a, rep);
    assertEquals(200, a.get("/v1/leads", rep.accessToken()).status());
    assertEquals(
        200,
        b.post("/v1/devices/" + phone + "/revoke", "", freshAdmin().accessToken())
            .status());
    assertRevoked(a.get("/v1/leads", rep.accessToken()));
  }

  @Test
  void aUserDisabledOnAnotherInstanceIsRefusedOnTheNextRequestHere() {
    AuthFixtures.Session admin = freshAdmin();
    AuthFixtures.Session rep = AuthFixtures.user(a, admin, "rep");
    assertEquals(200, a.get("/v1/leads", rep.accessToken()).status());
    Api.Response off = b.patch(
        "/v1/users/" + rep.userId(), Map.of("disabled", true), admin.accessToken(), Map.of());
    assertEquals(200, off.status(), off::toString);
    assertRevoked(a.get("/v1/leads", rep.accessToken()));
  }

  @Test
  void aRoleTakenAwayOnAnotherInstanceNoLongerOpensItsOperationsHere() {
    AuthFixtures.Session admin = freshAdmin();
    AuthFixtures.Session manager = AuthFixtures.user(a, admin, "manager");
    assertEquals(200, a.get("/v1/sync/devices", manager.accessToken()).status());
    assertEquals(
        200,
        b.patch(
                "/v1/users/" + manager.userId(),
                Map.of("role", "rep"),
                admin.accessToken(),
                Map.of())
            .status());
    Api.Response r = a.get("/v1/sync/devices", manager.accessToken());
    assertEquals(403, r.status(), r::toString);
  }

  @Test
  void teamMembershipAndADeviceBoundOnAnotherInstanceAreTheCallersOnTheNextRequestHere() {
    AuthFixtures.Session admin = freshAdmin();
    String team = AuthFixtures.team(a, admin, "Moves");
    AuthFixtures.Session rep = AuthFixtures.user(a, admin, "rep", List.of(team), List.of());
    JsonNode before = a.get("/v1/me", rep.accessToken()).json();
    assertEquals(1, before.get("teams").size(), before::toString);
    assertTrue(
        before.path("device").isMissingNode() || before.get("device").isNull(), before::toString);

    Api.Response moved =
        b.patch("/v1/teams/" + team, Map.of("memberIds", List.of()), admin.accessToken(), Map.of());
    assertEquals(200, moved.status(), moved::toString);
    JsonNode afterTeam = a.get("/v1/me", rep.accessToken()).json();
    assertEquals(0, afterTeam.get("teams").size(), afterTeam::toString);

    String phone =
        AuthFixtures.device(b, rep); // binds the session, which had no device, to the phone
    JsonNode afterDevice = a.get("/v1/me", rep.accessToken()).json();
    assertEquals(phone, afterDevice.get("device").get("id").asText(), afterDevice::toString);
  }

  @Test
  void anEventSharedOnAnotherInstanceWidensAPullHereAtOnce() {
    AuthFixtures.Session admin = freshAdmin();
    String team = AuthFixtures.team(a, admin, "Booth");
    AuthFixtures.Session rep1 = AuthFixtures.user(a, admin, "rep", List.of(team), List.of());
    AuthFixtures.Session rep2 = AuthFixtures.user(a, admin, "rep", List.of(team), List.of());
    String checkpoint =
        pullAll(a, rep2, null).checkpoint; // the tenant's sharing events are kept here now

    Api.Response ev = b.post(
        "/v1/events",
        Map.of(
            "name",
            "Gate Expo " + UUID.randomUUID(),
            "startsOn",
            "2025-07-01",
            "endsOn",
            "2025-07-02",
            "timeZone",
            "Europe/Berlin",
            "shareCaptures",
            true),
        admin.accessToken());
    assertEquals(201, ev.status(), ev::toString);
    String event = ev.json().get("id").asText();
    Api.Response theirs = b.post(
        "/v1/leads",
        Map.of("lastName", "Theirs", "eventId", event, "source", "trade_show"),
        rep1.accessToken());
    assertEquals(201, theirs.status(), theirs::toString);
    assertEquals(
        201,
        b.post(
                "/v1/leads",
                Map.of("lastName", "Mine", "eventId", event, "source", "trade_show"),
                rep2.accessToken())
            .status());

    Pulled after = pullAll(a, rep2, checkpoint);
    assertTrue(
        after.ids.contains(theirs.json().get("id").asText()),
        "a capture of an event shared on the other instance did not reach the phone: " + after.ids);
  }

  @Test
  void aChangeWrittenBehindTheGatesBackCountsOnceTheKeptAnswerIsTooOld() {
    AuthFixtures.Session rep = AuthFixtures.user(a, freshAdmin(), "rep");
    assertEquals(200, a.get("/v1/leads", rep.accessToken()).status());
    // disabled straight in the store, without moving the epoch: what a writer whose epoch move
    // failed leaves
    Await.onContext(
        here,
        () -> MongoFutures.one(here.server()
            .store()
            .collection(AuthSchema.USERS)
            .updateOne(
                new Document("_id", rep.userId()),
                new Document("$set", new Document("disabled", true)))));
    CLOCK.advance(AuthGate.KEPT_FOR.minusSeconds(1));
    assertEquals(
        200,
        a.get("/v1/leads", rep.accessToken()).status(),
        "the kept answer stands within its bound");
    CLOCK.advance(Duration.ofSeconds(1));
    assertRevoked(a.get("/v1/leads", rep.accessToken()));
  }

  private static void assertRevoked(Api.Response r) {
    assertEquals(401, r.status(), r::toString);
    assertEquals("SESSION_REVOKED", r.code());
  }

  private record Pulled(String checkpoint, List<String> ids) {}

  private static Pulled pullAll(Api api, AuthFixtures.Session s, String checkpoint) {
    String cp = checkpoint;
    List<String> ids = new ArrayList<>();
    for (int page = 0; page < 100; page++) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("protocolVersion", 1);
      body.put("deviceId", "gate-phone");
      if (cp != null) {
        body.put("checkpoint", cp);
      }
      Api.Response r = api.post("/v1/sync/pull", body, s.accessToken());
      assertEquals(200, r.status(), r::toString);
      r.json()
          .path("changes")
          .forEach(c -> ids.add(c.get("entityId").asText())); // a re-baseline opens without
      cp = r.json().get("checkpoint").asText();
      if (!r.json().get("hasMore").asBoolean()) {
        return new Pulled(cp, ids);
      }
    }
    throw new AssertionError("pull did not end");
  }
}
