package com.fieldlead.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A tenant for routing tests: admin, one team with its manager and reps (sorted by user id), and a booth user. */
record RoutingFixture(
    Api api, Session admin, String teamId, Session manager, List<Session> reps, Session booth) {

  static RoutingFixture create(Api api, Session admin, int repCount) {
    String team = AuthFixtures.team(api, admin, "Field");
    Session manager = AuthFixtures.user(api, admin, "manager", List.of(), List.of(team));
    List<Session> reps = new ArrayList<>();
    for (int i = 0; i < repCount; i++) {
      reps.add(AuthFixtures.user(api, admin, "rep", List.of(team), List.of()));
    }
    reps.sort(Comparator.comparing(Session::userId)); // round robin rotates in user-id order
    return new RoutingFixture(
        api, admin, team, manager, List.copyOf(reps), AuthFixtures.user(api, admin, "booth"));
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A lead captured by {@code who}; answers its id. */
  String capture(Session who, Object... kv) {
    Map<String, Object> body = map(kv);
    body.putIfAbsent("lastName", "Lead");
    Api.Response r = api.post("/v1/leads", body, who.accessToken());
    assertEquals(201, r.status(), r::toString);
    return r.json().get("id").asText();
  }

  /** {@code n} leads captured offline by {@code who} and pushed in one sync batch; answers their ids in order. */
  List<String> pushCaptures(Session who, int n) {
    List<String> ids = new ArrayList<>();
    List<Map<String, Object>> mutations = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      mutations.add(map(
          "clientMutationId",
          "c-" + id,
          "entityType",
          "lead",
          "entityId",
          id,
          "op",
          "create",
          "changes",
          map("lastName", "Visitor " + i, "company", "Expo Co " + i)));
    }
    Api.Response r = api.post(
        "/v1/sync/push",
        map("protocolVersion", 1, "deviceId", "booth-" + who.userId(), "mutations", mutations),
        who.accessToken());
    assertEquals(200, r.status(), r::toString);
    for (JsonNode result : r.json().get("results")) {
      assertEquals("applied", result.path("result").asText(), result::toString);
    }
    return ids;
  }

  JsonNode lead(String id) {
    Api.Response r = api.get("/v1/leads/" + id, admin.accessToken());
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  String owner(String id) {
    JsonNode owner = lead(id).get("ownerId");
    return owner == null || owner.isNull() ? null : owner.asText();
  }

  JsonNode history(String id) {
    Api.Response r = api.get("/v1/leads/" + id + "/assignments", admin.accessToken());
    assertEquals(200, r.status(), r::toString);
    return r.json().get("items");
  }

  JsonNode lastAssignment(String id) {
    JsonNode items = history(id);
    return items.get(items.size() - 1);
  }

  void putRules(Object body) {
    Api.Response r = api.put("/v1/routing/rules", body, admin.accessToken());
    assertEquals(200, r.status(), r::toString);
  }

  void availability(Session of, Object body) {
    Api.Response r =
        api.put("/v1/users/" + of.userId() + "/availability", body, admin.accessToken());
    assertEquals(200, r.status(), r::toString);
  }
}
