package com.fieldlead.webhook;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.json.Json;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Subscriptions, signed deliveries verified by the README recipe, rotation, redelivery, isolation and bad input. */
class WebhookEndpointTest {

  @RegisterExtension
  static final TestServerExtension SERVER =
      TestServerExtension.start(WebhookHarness.local("20"), Clock.systemUTC());

  private static Receiver receiver;
  private static TestServer server;
  private static Api api;
  private static Session admin;

  @BeforeAll
  static void start() throws Exception {
    receiver = Receiver.start();
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Hooks Co");
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  @BeforeEach
  void clear() {
    receiver.clear();
  }

  private static Receiver.Received awaitEvent(String eventId) {
    assertTrue(
        Await.until(
            () -> receiver.received().stream()
                .anyMatch(r -> eventId.equals(r.header("Fieldlead-Event-Id"))),
            15_000),
        "delivery of " + eventId);
    return receiver.received().stream()
        .filter(r -> eventId.equals(r.header("Fieldlead-Event-Id")))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aHotCaptureIsDeliveredSignedAndTheReceiverVerifiesItWithOnlyTheReadmeRecipe()
      throws Exception {
    String[] sub = WebhookHarness.subscribe(
        api, admin, receiver.url("/hooks?src=fieldlead"), List.of("lead.hot"));
    Session rep = AuthFixtures.user(api, admin, "rep");
    String leadId = UUID.randomUUID().toString();
    Api.Response created = api.post(
        "/v1/leads",
        Map.of(
            "id",
            leadId,
            "firstName",
            "Ana",
            "lastName",
            "Souza",
            "company",
            "Northwind",
            "hotAtCapture",
            true),
        rep.accessToken());
    assertEquals(201, created.status(), created::toString);
    assertTrue(Await.until(() -> !receiver.received().isEmpty(), 15_000), "a delivery arrives");
    Receiver.Received got = receiver.received().get(0);
    JsonNode body = Json.MAPPER.readTree(got.body());
    assertEquals("lead.hot", body.path("type").asText());
    assertEquals(leadId, body.path("leadId").asText());
    assertEquals(1, body.path("version").asInt());
    assertEquals(body.path("id").asText(), got.header("Fieldlead-Event-Id"));
    assertEquals("application/json", got.header("Content-Type"));
    long now = System.currentTimeMillis() / 1000;
    String signature = got.header("Fieldlead-Signature");
    assertTrue(WebhookHarness.verifies(signature, got.body(), sub[1], now), signature);
    assertFalse(
        WebhookHarness.verifies(signature, got.body(), Signatures.newSecret(), now),
        "another secret does not verify");
    byte[] tampered = got.text().replace("lead.hot", "lead.hoT").getBytes();
    assertFalse(WebhookHarness.verifies(signature, tampered, sub[1], now), "a changed body fails");
    assertTrue(Await.until(
        () -> WebhookHarness.deliveries(api, admin, sub[0]).stream()
            .anyMatch(d -> d.path("status").asText().equals("delivered")),
        10_000));
    JsonNode logged = WebhookHarness.deliveries(api, admin, sub[0]).get(0);
    assertEquals(200, logged.path("responseStatus").asInt());
    assertEquals(1, logged.path("attempts").asInt());
    assertEquals("ok", logged.path("responseBody").asText());
    assertTrue(logged.has("latencyMs"));
  }

  @Test
  void aRotatedSecretSignsBesideTheOldOneDuringTheOverlapAndAloneAfterIt() throws Exception {
    String[] sub =
        WebhookHarness.subscribe(api, admin, receiver.url("/rot"), List.of("sla.breached"));
    Api.Response rotated = api.post(
        "/v1/webhooks/" + sub[0] + "/rotate-secret",
        Map.of("overlapSeconds", 3600),
        admin.accessToken());
    assertEquals(200, rotated.status(), rotated::toString);
    String fresh = rotated.json().path("secret").asText();
    assertNotEquals(sub[1], fresh);
    assertTrue(rotated.json().path("subscription").has("previousSecretExpiresAt"));
    DomainEvent e = WebhookHarness.event(server, admin.tenantId(), "sla.breached", null);
    Receiver.Received got = awaitEvent(e.id());
    long now = System.currentTimeMillis() / 1000;
    String header = got.header("Fieldlead-Signature");
    assertEquals(2, header.split("v1=").length - 1, header);
    assertTrue(WebhookHarness.verifies(header, got.body(), sub[1], now), "old secret");
    assertTrue(WebhookHarness.verifies(header, got.body(), fresh, now), "new secret");

    Api.Response ended = api.post(
        "/v1/webhooks/" + sub[0] + "/rotate-secret",
        Map.of("overlapSeconds", 0),
        admin.accessToken());
    String newest = ended.json().path("secret").asText();
    DomainEvent e2 = WebhookHarness.event(server, admin.tenantId(), "sla.breached", null);
    Receiver.Received got2 = awaitEvent(e2.id());
    String header2 = got2.header("Fieldlead-Signature");
    assertEquals(1, header2.split("v1=").length - 1, header2);
    assertTrue(WebhookHarness.verifies(header2, got2.body(), newest, now));
    assertFalse(WebhookHarness.verifies(header2, got2.body(), fresh, now));
    api.delete("/v1/webhooks/" + sub[0], admin.accessToken());
  }

  @Test
  void aDeliveredEventIsSentAgainOnRedeliverWithTheSameEventId() {
    String[] sub =
        WebhookHarness.subscribe(api, admin, receiver.url("/again"), List.of("lead.assigned"));
    DomainEvent e = WebhookHarness.event(server, admin.tenantId(), "lead.assigned", "lead-r1");
    awaitEvent(e.id());
    assertTrue(Await.until(
        () -> WebhookHarness.deliveries(api, admin, sub[0]).stream()
            .anyMatch(d -> d.path("status").asText().equals("delivered")),
        10_000));
    String deliveryId =
        WebhookHarness.deliveries(api, admin, sub[0]).get(0).path("id").asText();
    Api.Response again = api.post(
        "/v1/webhooks/" + sub[0] + "/deliveries/" + deliveryId + "/redeliver",
        Map.of(),
        admin.accessToken());
    assertEquals(202, again.status(), again::toString);
    assertTrue(Await.until(
        () -> receiver.received().stream()
                .filter(r -> e.id().equals(r.header("Fieldlead-Event-Id")))
                .count()
            == 2,
        15_000));
    assertEquals(
        404,
        api.post(
                "/v1/webhooks/" + sub[0] + "/deliveries/" + UUID.randomUUID() + "/redeliver",
                Map.of(),
                admin.accessToken())
            .status());
    api.delete("/v1/webhooks/" + sub[0], admin.accessToken());
  }

  @Test
  void secretsAreShownOnlyOnceAndEventsOfOtherTypesOrTenantsAreNotSent() {
    String[] sub = WebhookHarness.subscribe(api, admin, receiver.url("/only"), List.of("lead.hot"));
    Api.Response one = api.get("/v1/webhooks/" + sub[0], admin.accessToken());
    assertEquals(200, one.status());
    assertFalse(one.text().contains(sub[1]), "no secret in a read");
    assertFalse(api.get("/v1/webhooks", admin.accessToken()).text().contains(sub[1]));
    Session other = AuthFixtures.tenantWithAdmin(server, "Other Co");
    DomainEvent foreign = WebhookHarness.event(server, other.tenantId(), "lead.hot", "x1");
    DomainEvent otherType = WebhookHarness.event(server, admin.tenantId(), "sla.breached", "x2");
    DomainEvent wanted = WebhookHarness.event(server, admin.tenantId(), "lead.hot", "x3");
    awaitEvent(wanted.id());
    Await.onContext(server, () -> server.server().features().webhooks().deliverDueNow());
    List<String> ids =
        receiver.received().stream().map(r -> r.header("Fieldlead-Event-Id")).toList();
    assertFalse(ids.contains(foreign.id()));
    assertFalse(ids.contains(otherType.id()));
    api.delete("/v1/webhooks/" + sub[0], admin.accessToken());
  }

  @Test
  void anotherTenantsAdminSeesNoneOfItAndRepsAreForbidden() {
    String[] sub = WebhookHarness.subscribe(api, admin, receiver.url("/iso"), List.of("lead.hot"));
    Session other = AuthFixtures.tenantWithAdmin(server, "Nosy Co");
    assertEquals(404, api.get("/v1/webhooks/" + sub[0], other.accessToken()).status());
    assertEquals(
        404,
        api.patch("/v1/webhooks/" + sub[0], Map.of("enabled", false), other.accessToken(), Map.of())
            .status());
    assertEquals(
        404,
        api.post("/v1/webhooks/" + sub[0] + "/rotate-secret", Map.of(), other.accessToken())
            .status());
    assertEquals(
        404,
        api.get("/v1/webhooks/" + sub[0] + "/deliveries", other.accessToken()).status());
    assertEquals(404, api.delete("/v1/webhooks/" + sub[0], other.accessToken()).status());
    assertEquals(
        0, api.get("/v1/webhooks", other.accessToken()).json().path("items").size());
    Session rep = AuthFixtures.user(api, admin, "rep");
    Api.Response forbidden = api.get("/v1/webhooks", rep.accessToken());
    assertEquals(403, forbidden.status());
    assertEquals("FORBIDDEN", forbidden.code());
    assertEquals(200, api.get("/v1/webhooks/" + sub[0], admin.accessToken()).status());
    api.delete("/v1/webhooks/" + sub[0], admin.accessToken());
  }

  @Test
  void badInputIsA400ProblemNamingTheFieldAndStoresNothing() {
    int before =
        api.get("/v1/webhooks", admin.accessToken()).json().path("items").size();
    Api.Response unknownType = api.post(
        "/v1/webhooks",
        Map.of("url", receiver.url("/x"), "events", List.of("lead.exploded")),
        admin.accessToken());
    assertEquals(400, unknownType.status());
    assertEquals("application/problem+json", unknownType.header("Content-Type"));
    assertEquals("VALIDATION_FAILED", unknownType.code());
    assertTrue(unknownType.text().contains("/events/0"), unknownType::toString);
    Api.Response noUrl =
        api.post("/v1/webhooks", Map.of("events", List.of("lead.hot")), admin.accessToken());
    assertEquals(400, noUrl.status());
    Api.Response extra = api.post(
        "/v1/webhooks",
        Map.of("url", receiver.url("/x"), "events", List.of("lead.hot"), "secret", "mine"),
        admin.accessToken());
    assertEquals(400, extra.status());
    Api.Response ftp = api.post(
        "/v1/webhooks",
        Map.of("url", "ftp://example.com/x", "events", List.of("lead.hot")),
        admin.accessToken());
    assertEquals(400, ftp.status());
    assertTrue(ftp.text().contains("/url"), ftp::toString);
    Api.Response unresolvable = api.post(
        "/v1/webhooks",
        Map.of("url", "http://no-such-host.invalid/x", "events", List.of("lead.hot")),
        admin.accessToken());
    assertEquals(400, unresolvable.status(), unresolvable::toString);
    Api.Response badOverlap = api.post(
        "/v1/webhooks/" + UUID.randomUUID() + "/rotate-secret",
        Map.of("overlapSeconds", -1),
        admin.accessToken());
    assertEquals(400, badOverlap.status());
    assertEquals(
        before,
        api.get("/v1/webhooks", admin.accessToken()).json().path("items").size());
  }
}
