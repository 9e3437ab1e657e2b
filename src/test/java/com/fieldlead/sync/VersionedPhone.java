package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.sync.sim.LeadReplica;
import com.fieldlead.testing.Api;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A phone that speaks one sync protocol version (the app's release), as the client guide of mobile-contract/protocol.md
 * says, and talks to whichever instance each call is given: a local store of leads, a durable outbox with client
 * mutation ids, a stored checkpoint. It reads push results in its own version's form and fails the test on a result
 * written in another's (a v1 phone must never see {@code replayed}, a v2 phone never {@code duplicate}).
 */
final class VersionedPhone {

  private final String device;
  private final Session session;
  private final Map<String, JsonNode> leads = new TreeMap<>();
  private final List<Map<String, Object>> outbox = new ArrayList<>();
  private final Set<String> createsInOutbox = new HashSet<>();
  private final LeadReplica replica = new LeadReplica(leads, createsInOutbox);
  private int version;
  private String checkpoint;
  private int seq;

  VersionedPhone(int version, String device, Session session) {
    this.version = version;
    this.device = device;
    this.session = session;
  }

  /** The app was upgraded (or rolled back): from now on it states {@code newVersion}; its store and outbox stay. */
  void appRelease(int newVersion) {
    version = newVersion;
  }

  Map<String, JsonNode> leads() {
    return leads;
  }

  int outboxSize() {
    return outbox.size();
  }

  String checkpoint() {
    return checkpoint;
  }

  /** A capture: a new lead with the phone's own UUID, queued. */
  String capture(Map<String, Object> fields) {
    String id = UUID.randomUUID().toString();
    enqueue(id, "create", null, fields);
    createsInOutbox.add(id);
    return id;
  }

  /** An edit of a lead the phone holds, made on the version it holds. */
  void edit(String id, Map<String, Object> changes) {
    enqueue(id, "update", leads.get(id).get("version").asLong(), changes);
  }

  private void enqueue(String id, String op, Long base, Map<String, Object> changes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clientMutationId", device + ":" + (++seq));
    m.put("entityType", "lead");
    m.put("entityId", id);
    m.put("op", op);
    if (base != null) {
      m.put("baseVersion", base);
    }
    m.put("changes", changes);
    outbox.add(m);
  }

  /** Pushes the whole outbox to {@code api} and applies a 200 answer (any other answer keeps the outbox). */
  Api.Response push(Api api) {
    Api.Response r = send(api);
    if (r.status() == 200) {
      apply(r.json().get("results"));
    }
    return r;
  }

  /** Pushes the whole outbox to {@code api} and loses the answer (a dropped connection): the outbox keeps it all. */
  Api.Response pushLosingTheAnswer(Api api) {
    return send(api);
  }

  private Api.Response send(Api api) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("protocolVersion", version);
    body.put("deviceId", device);
    body.put("appVersion", "app-v" + version);
    body.put("mutations", List.copyOf(outbox));
    Api.Response r = api.post("/v1/sync/push", body, session.accessToken());
    if (r.status() == 200) {
      assertEquals(version, r.json().get("protocolVersion").asInt(), r::toString);
      assertEquals(outbox.size(), r.json().get("results").size(), r::toString);
    }
    return r;
  }

  private void apply(JsonNode results) {
    List<Map<String, Object>> sent = List.copyOf(outbox);
    for (int i = 0; i < sent.size(); i++) {
      Map<String, Object> m = sent.get(i);
      JsonNode res = results.get(i);
      String kind = finalResult(res);
      if (kind.equals("in_progress")) {
        continue; // not final: pushed again later
      }
      outbox.remove(m);
      String id = (String) m.get("entityId");
      createsInOutbox.remove(id);
      JsonNode local = leads.get(id);
      boolean written = Set.of("applied", "merged", "conflict").contains(kind);
      if (written
          && res.has("state")
          && (local == null
              || res.get("version").asLong() >= local.get("version").asLong())) {
        leads.put(id, res.get("state"));
      }
    }
  }

  /** The result to act on, read as this phone's version writes it. */
  private String finalResult(JsonNode res) {
    String kind = res.get("result").asText();
    if (version == 1) {
      assertFalse(res.has("replayed"), () -> "a v1 phone got a v2 result: " + res);
      if (kind.equals("duplicate")) {
        assertTrue(res.has("original"), () -> "a v1 duplicate names its first result: " + res);
        return res.get("original").asText();
      }
      return kind;
    }
    assertNotEquals("duplicate", kind, () -> "a v2 phone got a v1 result: " + res);
    assertFalse(res.has("original"), () -> "a v2 phone got a v1 result: " + res);
    return kind;
  }

  /**
   * Pulls until caught up, page {@code n} from {@code instances.get(n % size)} (so each checkpoint is issued by one
   * instance and presented to the next), applying each page before keeping its checkpoint; returns the pages.
   */
  List<JsonNode> pullAll(List<Api> instances, int limit) {
    List<JsonNode> pages = new ArrayList<>();
    for (int n = 0; n < 1000; n++) {
      Api.Response r = pull(instances.get(n % instances.size()), limit);
      assertEquals(200, r.status(), r::toString);
      JsonNode page = r.json();
      assertEquals(version, page.get("protocolVersion").asInt(), r::toString);
      pages.add(page);
      replica.apply(page);
      checkpoint = page.get("checkpoint").asText();
      if (!page.get("hasMore").asBoolean()) {
        return pages;
      }
    }
    throw new AssertionError(device + ": pull did not end");
  }

  /** One pull from {@code api} with the stored checkpoint; the caller decides what to do with the answer. */
  Api.Response pull(Api api, int limit) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("protocolVersion", version);
    body.put("deviceId", device);
    body.put("appVersion", "app-v" + version);
    body.put("limit", limit);
    if (checkpoint != null) {
      body.put("checkpoint", checkpoint);
    }
    return api.post("/v1/sync/pull", body, session.accessToken());
  }
}
