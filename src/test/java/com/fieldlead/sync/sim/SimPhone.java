package com.fieldlead.sync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.json.Json;
import com.fieldlead.testing.Api;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A simulated phone speaking the real sync protocol over HTTP (mobile-contract/protocol.md): a local store of leads
 * (state and version), an outbox of mutations with client mutation ids, a stored checkpoint. It works offline, edits
 * random fields (one field, {@code company}, is edited by everyone on purpose to force same-field conflicts), pushes
 * its outbox (sometimes "losing" the response and pushing the same batch again later), pulls until caught up and
 * handles tombstones, scope exits and re-baselines.
 *
 * <p>Reinstall model: the app wipes its store and checkpoint only after its outbox was flushed (a push that got its
 * answers), and the new install is a new device id (its client mutation ids restart at 1, so reusing the old device id
 * would collide with the old install's ids). Unsent edits are therefore never lost by a reinstall in this model.
 */
final class SimPhone {

  /** A queued mutation, as on the wire. */
  record Mutation(
      String cmid,
      String type,
      String entityId,
      String op,
      Long base,
      Map<String, Object> changes) {
    Map<String, Object> wire() {
      Map<String, Object> m = new HashMap<>();
      m.put("clientMutationId", cmid);
      m.put("entityType", type);
      m.put("entityId", entityId);
      m.put("op", op);
      if (base != null) {
        m.put("baseVersion", base);
      }
      m.put("changes", changes);
      return m;
    }
  }

  static final List<String> FIELDS = List.of("company", "title", "city");
  private final String name;
  private final Supplier<Session> session;
  private final Api api;
  private final Ledger ledger;
  private final Map<String, JsonNode> leads = new TreeMap<>();
  private final List<Mutation> outbox = new ArrayList<>();
  private final Set<String> createsInOutbox = new HashSet<>();
  private final LeadReplica replica = new LeadReplica(leads, createsInOutbox);
  private String checkpoint;
  private boolean online = true;
  private int install = 1;
  private int seq;
  private int rebaselines;
  private int staleAnswers;

  SimPhone(String name, Supplier<Session> session, Api api, Ledger ledger) {
    this.name = name;
    this.session = session;
    this.api = api;
    this.ledger = ledger;
  }

  String name() {
    return name;
  }

  String device() {
    return name + "-i" + install;
  }

  Session session() {
    return session.get();
  }

  boolean online() {
    return online;
  }

  void online(boolean on) {
    online = on;
  }

  Map<String, JsonNode> leads() {
    return leads;
  }

  int outboxSize() {
    return outbox.size();
  }

  int staleAnswers() {
    return staleAnswers;
  }

  int rebaselines() {
    return rebaselines;
  }

  private String key(String cmid) {
    return session().userId() + "/" + device() + "/" + cmid;
  }

  private void enqueue(String type, String id, String op, Long base, Map<String, Object> changes) {
    Mutation m = new Mutation(device() + ":" + (++seq), type, id, op, base, changes);
    ledger.queued(key(m.cmid()));
    outbox.add(m);
  }

  /** Captures a new lead with the phone's own UUID. */
  String create(Random random) {
    // A version 4 UUID from the seeded random, so a replayed seed makes the same ids (and the same
    // picks).
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    String id = new UUID(hi, lo).toString();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("lastName", "Sim " + name);
    fields.put("company", "Co " + name + "-" + seq);
    fields.put("title", "T " + name + "-" + seq);
    fields.put("city", "C " + name + "-" + seq);
    enqueue("lead", id, "create", null, fields);
    createsInOutbox.add(id);
    leads.put(id, Json.MAPPER.valueToTree(Map.of("id", id, "version", 1)));
    return id;
  }

  /** Edits one or two random fields of a random local lead; values are unique, so any overlap is a real conflict. */
  void edit(Random random) {
    String id = pick(random);
    if (id == null) {
      return;
    }
    Map<String, Object> changes = new LinkedHashMap<>();
    int n = 1 + random.nextInt(2);
    for (int i = 0; i < n; i++) {
      String field = random.nextInt(2) == 0 ? "company" : FIELDS.get(random.nextInt(FIELDS.size()));
      changes.put(field, field + " by " + device() + " #" + (seq + 1));
    }
    enqueue("lead", id, "update", leads.get(id).path("version").asLong(1), changes);
  }

  void delete(Random random) {
    String id = pick(random);
    if (id == null) {
      return;
    }
    enqueue("lead", id, "delete", leads.get(id).path("version").asLong(1), Map.of());
    leads.remove(id);
  }

  String pick(Random random) {
    if (leads.isEmpty()) {
      return null;
    }
    List<String> ids = new ArrayList<>(leads.keySet());
    return ids.get(random.nextInt(ids.size()));
  }

  /** Pushes the outbox; with {@code dropResponse} the server processes it but the phone never sees the answer. */
  void push(boolean dropResponse) {
    if (!online || outbox.isEmpty()) {
      return;
    }
    List<Mutation> batch = new ArrayList<>(outbox.subList(0, Math.min(100, outbox.size())));
    List<Map<String, Object>> wire = batch.stream().map(Mutation::wire).toList();
    Api.Response r = api.post(
        "/v1/sync/push",
        Map.of("protocolVersion", 1, "deviceId", device(), "mutations", wire),
        session().accessToken());
    if (r.status() != 200) {
      ledger.problem(device() + " push answered " + r);
      return;
    }
    JsonNode results = r.json().get("results");
    if (results.size() != batch.size()) {
      ledger.problem(
          device() + " push answered " + results.size() + " results for " + batch.size());
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      ledger.answered(key(batch.get(i).cmid()), batch.get(i), device(), results.get(i));
    }
    if (dropResponse) {
      return; // the response was lost: the outbox keeps the batch, the same ids are pushed again
      // later
    }
    for (int i = 0; i < batch.size(); i++) {
      Mutation m = batch.get(i);
      JsonNode res = results.get(i);
      if (res.path("result").asText().equals("in_progress")) {
        continue; // not final: another request holds it; it stays in the outbox and is pushed again
      }
      outbox.remove(m);
      createsInOutbox.remove(m.entityId());
      JsonNode state = res.get("state");
      String kind = res.path("result").asText();
      if (kind.equals("duplicate")) {
        kind = res.path("original").asText();
      }
      boolean written = kind.equals("applied") || kind.equals("merged") || kind.equals("conflict");
      long mine = leads.containsKey(m.entityId())
          ? leads.get(m.entityId()).path("version").asLong()
          : 0;
      if (res.has("version") && res.path("version").asLong() < mine) {
        // A replay's answer repeats the first result, whose state may be older than what a pull
        // brought since:
        // taking it would roll the copy back, and no later delta would repair it (the change is
        // behind the checkpoint).
        staleAnswers++;
      } else if (written && !m.op().equals("delete") && leads.containsKey(m.entityId())) {
        if (state != null && state.isObject()) {
          leads.put(m.entityId(), state);
        } else if (res.has("version")) {
          ((ObjectNode) leads.get(m.entityId()))
              .put("version", res.get("version").asLong());
        }
      }
    }
  }

  /** Pulls until {@code hasMore} is false, applying each page before storing its checkpoint. */
  void pullAll() {
    if (!online) {
      return;
    }
    for (int page = 0; page < 10_000; page++) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("protocolVersion", 1);
      body.put("deviceId", device());
      body.put("appVersion", "2.4.0");
      if (checkpoint != null) {
        body.put("checkpoint", checkpoint);
      }
      Api.Response r = api.post("/v1/sync/pull", body, session().accessToken());
      if (r.status() == 400 && r.code() != null && r.code().startsWith("CHECKPOINT_")) {
        ledger.problem(device() + " checkpoint refused (client drops it and resyncs): " + r);
        checkpoint = null;
        continue;
      }
      if (r.status() != 200) {
        ledger.problem(device() + " pull answered " + r);
        return;
      }
      JsonNode j = r.json();
      if (replica.apply(j)) {
        rebaselines++;
      }
      checkpoint = j.get("checkpoint").asText();
      if (!j.get("hasMore").asBoolean()) {
        return;
      }
    }
    ledger.problem(device() + " pull did not end");
  }

  /** Reinstall: flush the outbox (answers seen), then wipe store and checkpoint and sync again as a new install. */
  void reinstall() {
    if (!online) {
      return;
    }
    for (int i = 0; i < 20 && !outbox.isEmpty(); i++) {
      push(false);
    }
    if (!outbox.isEmpty()) {
      return; // not flushed: the simulated user does not reinstall yet
    }
    leads.clear();
    checkpoint = null;
    install++;
    seq = 0;
    pullAll();
  }

  /** Pushes until the outbox is empty (bounded). */
  void flush() {
    for (int i = 0; i < 50 && !outbox.isEmpty() && online; i++) {
      push(false);
    }
  }
}
