package com.fieldlead.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.ScopedIds;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ids that phones choose are unique per tenant, not per install: another tenant creating a task, activity or device
 * with an id that exists elsewhere gets it created (201), never a 409 that would confirm the id exists; each tenant
 * then reads its own, and a replay or reuse within one tenant behaves as before.
 */
class TenantScopedIdsTest {

  private static TestServer server;
  private static Api api;
  private static AuthFixtures.Session a;
  private static AuthFixtures.Session b;
  private static String leadA;
  private static String leadB;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    AuthFixtures.TwoTenants tenants = AuthFixtures.twoTenants(server);
    a = tenants.adminA();
    b = tenants.adminB();
    leadA = lead(a);
    leadB = lead(b);
  }

  private static String lead(AuthFixtures.Session s) {
    String id = UUID.randomUUID().toString();
    Api.Response r = api.post(
        "/v1/leads", Map.of("id", id, "lastName", "Lead", "company", "Co"), s.accessToken());
    assertEquals(201, r.status(), r::toString);
    return id;
  }

  private static Map<String, Object> task(String id, String title, String leadId) {
    return Map.of(
        "id",
        id,
        "title",
        title,
        "leadId",
        leadId,
        "dueAt",
        "2026-12-01T09:00:00Z",
        "timeZone",
        "Europe/Berlin");
  }

  @Test
  void aTaskIdTakenInAnotherTenantIsCreatedAndEachTenantReadsItsOwn() {
    String id = UUID.randomUUID().toString();
    assertEquals(
        201, api.post("/v1/tasks", task(id, "A's task", leadA), a.accessToken()).status());
    Api.Response inB = api.post("/v1/tasks", task(id, "B's task", leadB), b.accessToken());
    assertEquals(201, inB.status(), inB::toString);
    assertEquals(
        "A's task",
        api.get("/v1/tasks/" + id, a.accessToken()).json().path("title").asText());
    assertEquals(
        "B's task",
        api.get("/v1/tasks/" + id, b.accessToken()).json().path("title").asText());
    // within a tenant an id is still one task: the same content replays, other content is a
    // conflict
    assertEquals(
        200, api.post("/v1/tasks", task(id, "B's task", leadB), b.accessToken()).status());
    assertEquals(
        409,
        api.post("/v1/tasks", task(id, "B's other task", leadB), b.accessToken())
            .status());
  }

  @Test
  void anActivityIdTakenInAnotherTenantIsCreated() {
    String id = UUID.randomUUID().toString();
    Map<String, Object> noteA = Map.of(
        "id",
        id,
        "type",
        "note",
        "occurredAt",
        "2026-11-20T10:00:00Z",
        "note",
        Map.of("text", "A's note"));
    Map<String, Object> noteB = Map.of(
        "id",
        id,
        "type",
        "note",
        "occurredAt",
        "2026-11-20T10:00:00Z",
        "note",
        Map.of("text", "B's note"));
    assertEquals(
        201,
        api.post("/v1/leads/" + leadA + "/activities", noteA, a.accessToken()).status());
    Api.Response inB = api.post("/v1/leads/" + leadB + "/activities", noteB, b.accessToken());
    assertEquals(201, inB.status(), inB::toString);
    Api.Response listB = api.get("/v1/leads/" + leadB + "/activities", b.accessToken());
    assertEquals(200, listB.status(), listB::toString);
    assertEquals(
        List.of("B's note"), listB.json().path("items").findValuesAsText("text"), listB::toString);
  }

  @Test
  void aDeviceIdTakenInAnotherTenantIsRegisteredAndEachTenantSeesItsOwn() {
    String id = UUID.randomUUID().toString();
    Map<String, Object> phone =
        Map.of("id", id, "platform", "android", "appVersion", "1.0.0", "syncProtocolVersion", 1);
    assertEquals(201, api.post("/v1/devices", phone, a.accessToken()).status());
    Api.Response inB = api.post("/v1/devices", phone, b.accessToken());
    assertEquals(201, inB.status(), inB::toString);
    assertEquals(200, api.get("/v1/devices/" + id, a.accessToken()).status());
    assertEquals(
        b.userId(),
        api.get("/v1/devices/" + id, b.accessToken()).json().path("userId").asText());
    assertEquals(
        200,
        api.post("/v1/devices", phone, b.accessToken()).status(),
        "re-registering in B updates");
  }

  @Test
  void aTaskPushedByAPhoneWithAnIdTakenInAnotherTenantIsApplied() {
    String id = UUID.randomUUID().toString();
    assertEquals(
        201, api.post("/v1/tasks", task(id, "A's task", leadA), a.accessToken()).status());
    Api.Response push = api.post(
        "/v1/sync/push",
        Map.of(
            "protocolVersion",
            1,
            "deviceId",
            "phone-b",
            "mutations",
            List.of(Map.of(
                "clientMutationId",
                "m1",
                "entityType",
                "task",
                "entityId",
                id,
                "op",
                "create",
                "changes",
                Map.of(
                    "title",
                    "B's pushed task",
                    "leadId",
                    leadB,
                    "dueAt",
                    "2026-12-02T09:00:00Z",
                    "timeZone",
                    "Europe/Berlin")))),
        b.accessToken());
    assertEquals(200, push.status(), push::toString);
    assertEquals(
        "applied", push.json().path("results").path(0).path("result").asText(), push::toString);
    assertEquals(
        "B's pushed task",
        api.get("/v1/tasks/" + id, b.accessToken()).json().path("title").asText());
    assertEquals(
        "A's task",
        api.get("/v1/tasks/" + id, a.accessToken()).json().path("title").asText());
  }

  @Test
  void recordsStoredWithTheirIdAsUnderscoreIdBeforeAreFoundAfterTheOneTimeStep() {
    var store = server.server().store();
    String deviceId = UUID.randomUUID().toString();
    String epoch = "2026-11-01T00:00:00Z";
    // as an earlier build wrote them: the id only in _id
    Await.onContext(
        server,
        () -> MongoFutures.one(store
            .collection("devices")
            .insertOne(new Document("_id", deviceId)
                .append("tenantId", a.tenantId())
                .append("userId", a.userId())
                .append("platform", "ios")
                .append("appVersion", "0.9")
                .append("syncProtocolVersion", 1)
                .append("createdAt", Date.from(Instant.parse(epoch)))
                .append("lastSeenAt", Date.from(Instant.parse(epoch))))));
    Await.onContext(
        server,
        () -> MongoFutures.one(
            store.collection("migrations").deleteOne(new Document("_id", "tenant-scoped-ids"))));
    assertEquals(
        404,
        api.get("/v1/devices/" + deviceId, a.accessToken()).status(),
        "not found before the step");
    Await.onContext(server, () -> ScopedIds.migrate(store, Map.of("devices", "id", "tasks", "id")));
    Api.Response found = api.get("/v1/devices/" + deviceId, a.accessToken());
    assertEquals(200, found.status(), found::toString);
    assertEquals("ios", found.json().path("platform").asText());
    // and the id is now taken in tenant A only
    Map<String, Object> phone = Map.of(
        "id", deviceId, "platform", "android", "appVersion", "1.0.0", "syncProtocolVersion", 1);
    assertEquals(201, api.post("/v1/devices", phone, b.accessToken()).status());
  }
}
