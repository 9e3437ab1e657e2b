package com.fieldlead.sync;

import static com.fieldlead.sync.SyncGoldenExamplesTest.assertValid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.config.ConfigException;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.json.Json;
import com.fieldlead.sync.protocol.ProtocolWindow;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rolling upgrade from the release that speaks sync protocol 1..1 to this one (1..2), with instances of both
 * releases serving side by side on one store: {@code OLD} is this build capped with {@code
 * FIELDLEAD_SYNC_PROTOCOL_MAX=1} (the operator's switch, which makes it serve phones exactly as the previous release
 * did), {@code NEW} serves 1..2. Phones of the previous app release (v1) keep syncing through both, the new app
 * release (v2) is refused by the old instances with the window and loses nothing, and an app upgraded between two
 * pulls keeps its place.
 */
class SyncRollingUpgradeTest {

  private static final Path CONTRACT = Path.of("mobile-contract");
  private static TestServer old;
  private static TestServer current;

  @RegisterExtension
  @Order(1)
  static final TestServerExtension OLD = TestServerExtension.start(
      Map.of(ConfigKey.FIELDLEAD_SYNC_PROTOCOL_MAX, "1"), Clock.systemUTC());

  @RegisterExtension
  @Order(2)
  static final TestServerExtension NEW =
      TestServerExtension.sharingStoreOf(OLD, Map.of(), Clock.systemUTC());

  @BeforeAll
  static void start() {
    old = OLD.get();
    current = NEW.get();
  }

  @Test
  void
      aVersionOnePhoneSyncingThroughAnOldAndANewInstanceInTurnLosesNothingAndEndsEqualToAFreshPull() {
    SyncFixture f = SyncFixture.create(old, "Rolling v1");
    SyncFixture viaNew = withApi(f, current.api());
    List<String> office = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      office.add((i % 2 == 0 ? f : viaNew).leadOwnedBy(f.rep1()));
    }
    VersionedPhone phone = new VersionedPhone(1, "d-rolling-v1", f.rep1());
    List<Api> both = List.of(old.api(), current.api());

    List<JsonNode> firstSync = phone.pullAll(both, 2);
    assertTrue(firstSync.size() >= 3, "pages whose checkpoints crossed instances: " + firstSync);
    assertTrue(phone.leads().keySet().containsAll(office), phone.leads()::toString);

    List<String> captures = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      captures.add(phone.capture(Map.of("lastName", "Rolling " + i, "company", "Side By Side")));
    }
    Api.Response captured = phone.push(old.api());
    assertEquals(200, captured.status(), captured::toString);
    captured
        .json()
        .get("results")
        .forEach(r -> assertEquals("applied", r.get("result").asText()));

    // the office changes a lead's company while the phone, offline, changes it too: a conflict
    String disputed = office.get(0);
    phone.edit(disputed, Map.of("company", "Phone's Company"));
    phone.edit(captures.get(0), Map.of("title", "Buyer"));
    Api.Response office1 = current
        .api()
        .patch(
            "/v1/leads/" + disputed,
            Map.of("company", "Office's Company"),
            f.manager().accessToken(),
            Map.of("If-Match", "\"" + f.lead(disputed).get("version").asLong() + "\""));
    assertEquals(200, office1.status(), office1::toString);
    Api.Response edits = phone.push(current.api());
    assertEquals(200, edits.status(), edits::toString);
    JsonNode results = edits.json().get("results");
    assertEquals("conflict", results.get(0).get("result").asText(), edits::toString);
    assertEquals("applied", results.get(1).get("result").asText(), edits::toString);

    // a push whose answer is lost on the old instance is pushed again to the new one: the v1 form
    // of a replay
    captures.add(phone.capture(Map.of("lastName", "Lost Answer", "company", "Side By Side")));
    phone.edit(captures.get(1), Map.of("city", "Lisbon"));
    assertEquals(200, phone.pushLosingTheAnswer(old.api()).status());
    Api.Response replay = phone.push(current.api());
    assertEquals(200, replay.status(), replay::toString);
    for (JsonNode r : replay.json().get("results")) {
      assertEquals("duplicate", r.get("result").asText(), replay::toString);
      assertEquals("applied", r.get("original").asText(), replay::toString);
    }
    assertEquals(0, phone.outboxSize());

    phone.pullAll(List.of(current.api(), old.api()), 2);

    VersionedPhone fresh = new VersionedPhone(1, "d-rolling-fresh", f.rep1());
    fresh.pullAll(List.of(current.api()), 200);
    assertEquals(fresh.leads(), phone.leads());
    assertTrue(fresh.leads().keySet().containsAll(captures), "every capture is on the server");
    assertEquals("Phone's Company", fresh.leads().get(disputed).get("company").asText());
    assertEquals("Lisbon", fresh.leads().get(captures.get(1)).get("city").asText());
    assertEquals(
        0,
        f.api()
            .get("/v1/sync/rejections", f.rep1().accessToken())
            .json()
            .get("items")
            .size(),
        "nothing was rejected");
    assertEquals(
        1,
        f.api()
            .get("/v1/sync/conflicts", f.rep1().accessToken())
            .json()
            .get("items")
            .size(),
        "the conflict is in the inbox");
  }

  @Test
  void aVersionTwoPhoneGetsTheWindowFromTheOldInstanceKeepsItsOutboxAndSyncsThroughTheNewOne()
      throws Exception {
    SyncFixture f = SyncFixture.create(current, "Rolling v2");
    f.leadOwnedBy(f.rep2());
    VersionedPhone phone = new VersionedPhone(2, "d-rolling-v2", f.rep2());
    String capture = phone.capture(Map.of("lastName", "Early Adopter", "company", "New App"));

    Api.Response refused = phone.push(old.api());

    assertEquals(426, refused.status(), refused::toString);
    assertValid("sync-problem", refused.text());
    JsonNode golden = Json.MAPPER.readTree(Files.readString(
        CONTRACT.resolve("examples/sync-problem.protocol-version-above-window.json")));
    for (String field :
        List.of("type", "title", "code", "detail", "minProtocolVersion", "maxProtocolVersion")) {
      assertEquals(golden.get(field), refused.json().get(field), field);
    }
    assertEquals(1, phone.outboxSize(), "the outbox is kept");
    assertEquals(
        404,
        f.api().get("/v1/leads/" + capture, f.admin().accessToken()).status(),
        "nothing was written");
    Api.Response pullRefused = phone.pull(old.api(), 50);
    assertEquals(426, pullRefused.status(), pullRefused::toString);
    assertEquals(1, pullRefused.json().get("maxProtocolVersion").asInt());

    Api.Response pushed = phone.push(current.api());
    assertEquals(200, pushed.status(), pushed::toString);
    assertEquals("applied", pushed.json().get("results").get(0).get("result").asText());
    assertEquals(0, phone.outboxSize());
    phone.pullAll(List.of(current.api()), 50);
    assertTrue(phone.leads().containsKey(capture));
    assertEquals(2, phone.leads().size());
  }

  @Test
  void aVersionTwoPhoneWhoseAnswerWasLostGetsTheFirstResultsFlaggedReplayed() {
    SyncFixture f = SyncFixture.create(current, "Rolling replay");
    VersionedPhone phone = new VersionedPhone(2, "d-rolling-replay", f.rep1());
    String id = phone.capture(Map.of("lastName", "Twice Sent", "company", "Flaky Network"));
    assertEquals(200, phone.pushLosingTheAnswer(current.api()).status());

    Api.Response replay = phone.push(current.api());

    JsonNode r = replay.json().get("results").get(0);
    assertEquals("applied", r.get("result").asText(), replay::toString);
    assertTrue(r.get("replayed").asBoolean(), replay::toString);
    assertFalse(r.has("original"), replay::toString);
    assertEquals(0, phone.outboxSize());
    assertEquals("Twice Sent", phone.leads().get(id).get("lastName").asText());
  }

  @Test
  void anAppUpgradedBetweenTwoPullsResumesItsVersionOneCheckpointUnderVersionTwo() {
    SyncFixture f = SyncFixture.create(old, "Rolling upgrade");
    f.leadOwnedBy(f.rep1());
    f.leadOwnedBy(f.rep1());
    VersionedPhone phone = new VersionedPhone(1, "d-rolling-upgraded", f.rep1());
    phone.pullAll(List.of(old.api()), 50);
    String later = withApi(f, current.api()).leadOwnedBy(f.rep1());

    phone.appRelease(2);
    List<JsonNode> pages = phone.pullAll(List.of(current.api()), 50);

    assertEquals(1, pages.size(), pages::toString);
    JsonNode page = pages.get(0);
    assertEquals("delta", page.get("mode").asText(), "no re-baseline: " + page);
    assertFalse(page.has("reference"), "not a first sync: " + page);
    assertEquals(1, page.get("changes").size(), page::toString);
    assertEquals(later, page.get("changes").get(0).get("entityId").asText());
    assertEquals(3, phone.leads().size());
    Api.Response toOld = phone.pull(old.api(), 50);
    assertEquals(426, toOld.status(), "the upgraded app is refused by the old instance: " + toOld);
  }

  @Test
  void aCheckpointIssuedUnderAVersionTheInstanceDoesNotServeIsReBaselinedNotRefused() {
    SyncFixture f = SyncFixture.create(current, "Rolling back");
    String lead = f.leadOwnedBy(f.rep1());
    VersionedPhone phone = new VersionedPhone(2, "d-rolling-back", f.rep1());
    phone.pullAll(List.of(current.api()), 50);

    phone.appRelease(
        1); // the app went back to the release before (or the instances were rolled back)
    Api.Response r = phone.pull(old.api(), 50);

    assertEquals(200, r.status(), r::toString);
    assertEquals("rebaseline", r.json().get("mode").asText(), r::toString);
    assertEquals("REBASELINE_REQUIRED", r.json().get("code").asText(), r::toString);
    phone.pullAll(List.of(old.api()), 50);
    assertEquals(List.of(lead), List.copyOf(phone.leads().keySet()));
  }

  @Test
  void theCapIsEveryVersionThisReleaseSpeaksByDefaultAndRefusedAtStartOutsideThem() {
    assertEquals(ProtocolWindow.all(), SyncModule.window(FieldleadConfig.Sync.defaults()));
    assertEquals(
        ProtocolWindow.upTo(1),
        SyncModule.window(new FieldleadConfig.Sync(Duration.ofDays(30), OptionalInt.of(1))));
    ConfigException tooNew = assertThrows(
        ConfigException.class,
        () -> SyncModule.window(new FieldleadConfig.Sync(Duration.ofDays(30), OptionalInt.of(3))));
    assertTrue(tooNew.getMessage().contains("FIELDLEAD_SYNC_PROTOCOL_MAX"), tooNew.getMessage());
  }

  @Test
  void eachInstanceNamesTheNewestVersionItServesInTheFieldPolicies() {
    SyncFixture f = SyncFixture.create(current, "Rolling policies");
    assertEquals(
        1,
        old.api()
            .get("/v1/sync/field-policies", f.rep1().accessToken())
            .json()
            .get("protocolVersion")
            .asInt());
    assertEquals(
        2,
        current
            .api()
            .get("/v1/sync/field-policies", f.rep1().accessToken())
            .json()
            .get("protocolVersion")
            .asInt());
  }

  private static SyncFixture withApi(SyncFixture f, Api api) {
    return new SyncFixture(api, f.admin(), f.team(), f.manager(), f.rep1(), f.rep2());
  }
}
