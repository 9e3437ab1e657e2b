package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A tenant with one team (a manager, two reps) and helpers to pull, push and make leads for sync tests. */
record SyncFixture(
    Api api, Session admin, String team, Session manager, Session rep1, Session rep2) {

  static SyncFixture create(TestServer server, String tenant) {
    Api api = server.api();
    Session admin = AuthFixtures.tenantWithAdmin(server, tenant);
    String team = AuthFixtures.team(api, admin, "Field");
    Session manager = AuthFixtures.user(api, admin, "manager", List.of(), List.of(team));
    Session rep1 = AuthFixtures.user(api, admin, "rep", List.of(team), List.of());
    Session rep2 = AuthFixtures.user(api, admin, "rep", List.of(team), List.of());
    return new SyncFixture(api, admin, team, manager, rep1, rep2);
  }

  /** Everything a full pull walk returned, and the checkpoint it ended with. */
  record Pulled(String checkpoint, List<JsonNode> changes, JsonNode firstPage) {
    /** The last change of {@code entityId} in this walk, or null. */
    JsonNode last(String entityId) {
      JsonNode found = null;
      for (JsonNode c : changes) {
        if (c.get("entityId").asText().equals(entityId)) {
          found = c;
        }
      }
      return found;
    }
  }

  Api.Response pull(Session s, String device, String checkpoint, Integer limit) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("protocolVersion", 1);
    body.put("deviceId", device);
    body.put("appVersion", "2.4.0");
    if (checkpoint != null) {
      body.put("checkpoint", checkpoint);
    }
    if (limit != null) {
      body.put("limit", limit);
    }
    return api.post("/v1/sync/pull", body, s.accessToken());
  }

  /** Pulls until {@code hasMore} is false. */
  Pulled pullAll(Session s, String device, String checkpoint) {
    List<JsonNode> changes = new ArrayList<>();
    JsonNode first = null;
    String cp = checkpoint;
    for (int page = 0; page < 1000; page++) {
      Api.Response r = pull(s, device, cp, null);
      assertEquals(200, r.status(), r::toString);
      JsonNode j = r.json();
      first = first == null ? j : first;
      if (j.has("changes")) {
        j.get("changes").forEach(changes::add);
      }
      cp = j.get("checkpoint").asText();
      if (!j.get("hasMore").asBoolean()) {
        return new Pulled(cp, changes, first);
      }
    }
    throw new AssertionError("pull did not end");
  }

  Api.Response push(Session s, String device, List<Map<String, Object>> mutations) {
    return api.post(
        "/v1/sync/push",
        Map.of("protocolVersion", 1, "deviceId", device, "mutations", mutations),
        s.accessToken());
  }

  static Map<String, Object> mutation(
      String cmid, String type, String id, String op, Long base, Map<String, Object> changes) {
    Map<String, Object> m = new HashMap<>();
    m.put("clientMutationId", cmid);
    m.put("entityType", type);
    m.put("entityId", id);
    m.put("op", op);
    if (base != null) {
      m.put("baseVersion", base);
    }
    m.put("changes", changes);
    return m;
  }

  /** A lead created by the manager and owned by {@code owner} (not captured by them: reassignment moves it away). */
  String leadOwnedBy(Session owner) {
    Api.Response r = api.post(
        "/v1/leads",
        Map.of(
            "id",
            UUID.randomUUID().toString(),
            "lastName",
            "Lovelace",
            "company",
            "Engines",
            "email",
            "ada+" + UUID.randomUUID() + "@example.com",
            "ownerId",
            owner.userId(),
            "teamId",
            team),
        manager.accessToken());
    assertEquals(201, r.status(), r::toString);
    return r.json().get("id").asText();
  }

  JsonNode lead(String id) {
    Api.Response r = api.get("/v1/leads/" + id, admin.accessToken());
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }
}
