package com.fieldlead.webhook;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.crypto.SecretBox;
import com.fieldlead.outbox.Outbox;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failed deliveries on a clock the test moves: Retry-After, giving up after 3 days, disabling a hook failing for 4. */
class WebhookRetryTest {

  private static final MutableClock clock = new MutableClock(Instant.parse("2026-06-10T10:00:00Z"));

  // the worker polls rarely: the test drives it
  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(settings(), clock);

  private static Map<ConfigKey, String> settings() {
    Map<ConfigKey, String> s = new HashMap<>(WebhookHarness.local("60000"));
    s.put(ConfigKey.FIELDLEAD_WEBHOOK_DISABLE_AFTER, "P4D");
    return s;
  }

  private static Receiver receiver;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    receiver = Receiver.start();
    server = SERVER.get();
    api = server.api();
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  @BeforeEach
  void clear() {
    receiver.clear();
  }

  private static void drive() {
    Await.onContext(server, () -> server.server().features().webhooks().deliverDueNow());
  }

  /** What the receiver got for one event (other tests' hooks may still be retrying on this server). */
  private static List<Receiver.Received> sent(String eventId) {
    return receiver.received().stream()
        .filter(r -> eventId.equals(r.header("Fieldlead-Event-Id")))
        .toList();
  }

  private static JsonNode only(Session admin, String sub) {
    List<JsonNode> all = WebhookHarness.deliveries(api, admin, sub);
    assertEquals(1, all.size(), all::toString);
    return all.get(0);
  }

  @Test
  void a503WithRetryAfterIsTriedAgainNoSoonerThanItAsksAndThenDelivered() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Retry Co");
    String[] sub = WebhookHarness.subscribe(api, admin, receiver.url("/r"), List.of("lead.hot"));
    receiver.script(new Receiver.Answer(503, Map.of("Retry-After", "120"), "x".repeat(1000)));
    String eventId =
        WebhookHarness.event(server, admin.tenantId(), "lead.hot", "lead-1").id();
    Instant attempted = clock.instant();
    drive();
    assertTrue(Await.until(() -> only(admin, sub[0]).has("lastAttemptAt"), 10_000));
    assertEquals(1, sent(eventId).size(), () -> receiver.received().toString());
    JsonNode first = only(admin, sub[0]);
    assertEquals("pending", first.path("status").asText(), first::toString);
    assertEquals(503, first.path("responseStatus").asInt());
    assertEquals("HTTP 503", first.path("error").asText());
    assertEquals(Outbox.RESPONSE_CHARS, first.path("responseBody").asText().length());
    assertEquals(
        attempted.plusSeconds(120), Instant.parse(first.path("nextAttemptAt").asText()));

    clock.advance(Duration.ofSeconds(119));
    drive();
    assertEquals(1, sent(eventId).size(), "not before Retry-After");

    clock.advance(Duration.ofSeconds(2));
    drive();
    assertTrue(
        Await.until(() -> only(admin, sub[0]).path("status").asText().equals("delivered"), 10_000));
    assertEquals(2, sent(eventId).size(), "the same event id on the retry");
    assertEquals("2", sent(eventId).get(1).header("Fieldlead-Delivery-Attempt"));
  }

  @Test
  void aFailingDeliveryIsGivenUpAfterThreeDaysAndAHookFailingForFourIsTurnedOff() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Broken Co");
    String[] sub = WebhookHarness.subscribe(api, admin, receiver.url("/b"), List.of("lead.hot"));
    receiver.otherwise(r -> new Receiver.Answer(500, Map.of(), "down"));
    WebhookHarness.event(server, admin.tenantId(), "lead.hot", "lead-2");
    drive();
    assertTrue(Await.until(
        () -> api.get("/v1/webhooks/" + sub[0], admin.accessToken()).json().has("failingSince"),
        10_000));

    for (int i = 0; i < 14; i++) { // 84 hours in steps of the longest delay
      clock.advance(Duration.ofHours(6));
      drive();
    }
    Session again = AuthFixtures.login(api, admin.email(), AuthFixtures.PASSWORD); // tokens expired
    JsonNode given = only(again, sub[0]);
    assertEquals("failed", given.path("status").asText(), given::toString);
    assertTrue(given.path("error").asText().contains("gave up"), given::toString);
    assertTrue(given.path("attempts").asInt() > 5, given::toString);
    JsonNode hook = api.get("/v1/webhooks/" + sub[0], again.accessToken()).json();
    assertTrue(hook.path("enabled").asBoolean(), "failing for 84 h, not yet the 4 days");

    clock.advance(Duration.ofHours(13));
    Session later = AuthFixtures.login(api, admin.email(), AuthFixtures.PASSWORD);
    WebhookHarness.event(server, admin.tenantId(), "lead.hot", "lead-3");
    drive();
    assertTrue(Await.until(
        () -> !api.get("/v1/webhooks/" + sub[0], later.accessToken())
            .json()
            .path("enabled")
            .asBoolean(),
        10_000));
    hook = api.get("/v1/webhooks/" + sub[0], later.accessToken()).json();
    assertTrue(hook.path("disabledReason").asText().contains("failed"), hook::toString);
    assertTrue(hook.has("disabledAt"));

    // a disabled hook gets no new deliveries; turned on later its failure state is cleared
    WebhookHarness.event(server, admin.tenantId(), "lead.hot", "lead-4");
    drive();
    assertEquals(2, WebhookHarness.deliveries(api, later, sub[0]).size());
    Api.Response on =
        api.patch("/v1/webhooks/" + sub[0], Map.of("enabled", true), later.accessToken(), Map.of());
    assertEquals(200, on.status(), on::toString);
    assertTrue(on.json().path("enabled").asBoolean());
    assertFalse(on.json().has("disabledReason"));
    assertFalse(on.json().has("failingSince"));
  }

  @Test
  void aRedirectIsNotFollowedAndCountsAsAFailedAttempt() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Moved Co");
    String[] sub = WebhookHarness.subscribe(api, admin, receiver.url("/old"), List.of("lead.hot"));
    receiver.otherwise(
        r -> new Receiver.Answer(302, Map.of("Location", receiver.url("/moved")), ""));
    String eventId =
        WebhookHarness.event(server, admin.tenantId(), "lead.hot", "lead-9").id();
    drive();
    assertTrue(Await.until(() -> only(admin, sub[0]).has("lastAttemptAt"), 10_000));
    JsonNode attempt = only(admin, sub[0]);
    assertEquals("pending", attempt.path("status").asText(), attempt::toString);
    assertEquals(302, attempt.path("responseStatus").asInt());
    assertEquals(1, sent(eventId).size());
    drive();
    assertTrue(
        receiver.received().stream().noneMatch(r -> "/moved".equals(r.header(":path"))),
        "nothing followed the Location");
  }

  @Test
  void aSecretThisInstanceCannotReadIsRetriedLaterAndNothingUnsignedIsSent() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Keyed Co");
    String id = UUID.randomUUID().toString();
    byte[] key = new byte[32];
    key[5] = 9;
    // sealed by an instance that has FIELDLEAD_WEBHOOK_SECRET_KEY; this one has none
    String sealed = new SecretBox(Optional.of(key), "FIELDLEAD_WEBHOOK_SECRET_KEY")
        .seal(id, Signatures.newSecret());
    Instant now = clock.instant();
    Subscription sub = new Subscription(
        id,
        admin.tenantId(),
        receiver.url("/keyed"),
        List.of("lead.hot"),
        true,
        null,
        sealed,
        null,
        null,
        now,
        admin.userId(),
        now,
        null,
        null,
        null);
    Await.onContext(server, () -> new MongoWebhooks(server.server().store()).insert(sub));
    String eventId =
        WebhookHarness.event(server, admin.tenantId(), "lead.hot", "lead-k").id();
    drive();
    assertTrue(Await.until(() -> only(admin, id).has("lastAttemptAt"), 10_000));
    JsonNode attempt = only(admin, id);
    assertEquals("pending", attempt.path("status").asText(), attempt::toString);
    assertTrue(
        attempt.path("error").asText().contains("FIELDLEAD_WEBHOOK_SECRET_KEY"), attempt::toString);
    assertTrue(attempt.has("nextAttemptAt"));
    assertTrue(sent(eventId).isEmpty(), "nothing sent unsigned");
  }
}
