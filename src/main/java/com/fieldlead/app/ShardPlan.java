package com.fieldlead.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonMinKey;
import org.bson.Document;

/**
 * How each collection fieldlead uses is placed on a sharded MongoDB cluster: its shard key, or why it stays unsharded.
 * The sharding guide's commands (deploy/SHARDING.md) are generated from this class ({@link #mongoshScript}) and
 * {@code ShardPlanTest} holds both to the indexes the server declares: every collection with an index is here, every
 * unique index of a sharded collection starts with its shard key (MongoDB enforces uniqueness across shards only
 * then), and every shard key is supported by a declared index, so the commands work on a fresh database and on one
 * the server has already started on. {@code ShardedClusterIT} applies the same commands to a real sharded cluster.
 *
 * <p>The rules behind the keys: the tenant comes first, so every tenant-scoped query names a key prefix and is routed
 * to the shards holding that tenant only, and a zone range on the tenant can pin a tenant's data to a region; then a
 * field with many values that never changes for a document (its id, its lead, its user), so a large tenant still
 * splits into many chunks and no write ever moves a document between shards. Ranged, not hashed: a hashed key
 * spreads one tenant over every shard (every tenant query would scatter), cannot carry a unique index, and cannot
 * express a tenant's zone range. Where the code detects a duplicate by the {@code _id} index (an idempotent insert),
 * the shard key is made of fields that are identical on every retry of that insert, so the retry meets the first
 * copy on the same shard, where the {@code _id} index sees it.
 */
public final class ShardPlan {

  /** The tenant field of most collections. */
  public static final String TENANT = "tenantId";

  /** How a collection's shard key names the tenant, which decides whether a zone range can pin a tenant's data. */
  public enum Tenancy {
    /** The key's first field is the tenant id (or GridFS's {@code metadata.tenantId}). */
    FIRST_FIELD,
    /** The key is {@code _id} and the {@code _id} is the tenant id. */
    ID_IS_TENANT,
    /** The key is {@code _id}, a string starting with the tenant id and a unit separator (U+001F). */
    ID_STARTS_WITH_TENANT,
    /** The key does not name the tenant (or the collection is unsharded). */
    NONE
  }

  /** One collection's placement: its shard key (null when unsharded), how the key names the tenant, and why. */
  public record Entry(String collection, Document key, Tenancy tenancy, String why) {
    public Entry {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(tenancy, "tenancy");
      Objects.requireNonNull(why, "why");
      key = key == null ? null : Document.parse(key.toJson()); // a private copy
    }

    /** Whether the collection is sharded (else it lives on the database's primary shard). */
    public boolean sharded() {
      return key != null;
    }

    /** The shard key's fields in order (empty when unsharded). */
    public List<String> keyFields() {
      return key == null ? List.of() : List.copyOf(key.keySet());
    }

    /** Whether a zone range on one tenant can pin this collection's documents. */
    public boolean zoneable() {
      return sharded() && tenancy != Tenancy.NONE;
    }
  }

  private static final Map<String, Entry> PLAN = new LinkedHashMap<>();

  static {
    // -- leads and what hangs off them
    tenantById("leads", "the largest collection: every list, pull and push names the tenant");
    sharded(
        "lead_history",
        key(TENANT, "leadId"),
        "one lead's history is read together; grows with every edit");
    sharded(
        "lead_scope_exits",
        key(TENANT, "syncSeq"),
        "read only by pulls as a range of the tenant's change numbers; inserts carry their number");
    tenantById("contacts", "personal data, converted leads");
    tenantById("accounts", "converted leads' companies");
    tenantById("activities", "grows with every call, meeting and note");
    tenantById("tasks", "grows with follow-ups; pulled by change number within the tenant");
    sharded(
        "task_scope_exits",
        key(TENANT, "syncSeq"),
        "read only by pulls as a range of the tenant's change numbers");
    tenantById("cadences", "per tenant; sharded so a zone can hold it with the tenant's leads");
    tenantById("cadence_runs", "one run per lead enrolled");
    // -- assignment and SLA
    tenantById("lead_assignments", "one entry per routing decision");
    sharded(
        "lead_queues",
        key(TENANT, "leadId"),
        "the unique (tenant, lead) index is the key; upserts name both fields");
    sharded(
        "sla_clocks",
        key(TENANT, "leadId"),
        "the unique (tenant, lead) index is the key; the due-clock job scatters (see the guide)");
    // -- sync
    sharded(
        "sync_counters",
        key("_id"),
        Tenancy.ID_IS_TENANT,
        "one document per tenant whose _id is the tenant id: every write of a tenant touches it, so spreading"
            + " tenants over shards spreads that load; the marker purge scatters");
    sharded(
        "sync_mutations",
        key("_id"),
        Tenancy.ID_STARTS_WITH_TENANT,
        "exactly-once pushes rely on a duplicate _id (tenant, user, device, client id); the key is that _id, so a"
            + " retried push meets its first copy on the same shard; the _id starts with the tenant id");
    sharded("sync_conflicts", key(TENANT, "userId"), "each rep's conflict inbox");
    sharded("sync_rejections", key(TENANT, "userId"), "each rep's rejected pushes");
    // -- events, notifications, webhooks (outboxes: claimed across tenants, see the guide)
    sharded(
        "domain_events",
        key(TENANT, "leadId"),
        "kept after delivery, so it grows for ever; a copy retried by the relay has the same tenant and lead,"
            + " so its duplicate _id is caught; the claim of due events scatters");
    sharded(
        "notifications",
        key(TENANT, "userId"),
        "each user's inbox is read by (tenant, user); the send claim scatters");
    sharded(
        "audit_log",
        key(TENANT, "at"),
        "grows with every admin action; read by tenant and time, inserts carry both");
    sharded(
        "crm_pushes",
        key(TENANT, "connectionId"),
        "a connection's push log and chain (the webhook outbox's shape); the _id (connection, event) retried"
            + " keeps the same key");
    sharded(
        "webhook_deliveries",
        key(TENANT, "subscriptionId"),
        "a subscription's delivery log and chain; the _id (subscription, event) retried keeps the same key");
    // -- forms and attachments
    sharded(
        "web_form_submissions",
        key(TENANT, "formId"),
        "one receipt per public submission: grows with traffic");
    tenantById("attachment_records", "one per photo or voice note; pulled by change number");
    sharded(
        "attachment_pieces",
        key(TENANT, "attachmentId"),
        "resumable upload pieces, deleted when an upload completes or expires");
    sharded(
        "attachments.files",
        key("metadata." + TENANT, "metadata.attachmentId"),
        Tenancy.FIRST_FIELD,
        "the GridFS file documents; their unique (tenant, attachment) index is the key");
    sharded(
        "attachments.chunks",
        key("files_id", "n"),
        Tenancy.NONE,
        "the bytes: MongoDB's key for GridFS chunks, matching the driver's unique (files_id, n) index;"
            + " carries no tenant, so a zone cannot pin it (see the guide)");
    sharded(
        "attachment_thumbnails.chunks",
        key("files_id", "n"),
        Tenancy.NONE,
        "thumbnail bytes, as attachments.chunks");
    sharded("devices", key(TENANT, "id"), "phones and their push tokens");
    // -- small, global, or settings: stay on the primary shard
    unsharded("tenants", "one document per tenant, read at login and by id");
    unsharded(
        "users",
        "the unique index on email alone (a login names no tenant) cannot start with a tenant key");
    unsharded(
        "teams",
        "a few per tenant; the unique (tenant, lower-case name) index would make a rename a"
            + " shard-key change");
    unsharded("sessions", "read by session id alone; expire after days");
    unsharded("refresh_tokens", "read by token hash alone; expire");
    unsharded("login_attempts", "counters keyed by e-mail and address, across tenants; expire");
    unsharded("access_epochs", "one counter per tenant, read through a per-instance cache");
    unsharded("leases", "a handful of named background-job leases for the whole install");
    unsharded("migrations", "markers of one-time start-up steps");
    unsharded("settings", "per-tenant settings, one document each");
    unsharded(
        "analytics_days",
        "one compact document per tenant and day of captures (counts, no lead data), replaced by _id"
            + " (tenant/day) with an upsert, which would need the whole shard key in its filter");
    unsharded(
        "analytics_dirty",
        "marks of days to count again, claimed across tenants by time and deleted once counted");
    unsharded("analytics_event_costs", "one document per event whose cost an admin set");
    unsharded(
        "api_keys",
        "read by the key's hash alone on every request made with a key; a few per tenant");
    unsharded(
        "api_key_rates", "per-key request counters of the current window, across tenants; expire");
    unsharded(
        "privacy_suppressions",
        "one salted hash per erased person, checked at every capture; small");
    unsharded("privacy_jobs", "one document per export or erasure run as a job, read by id; small");
    unsharded("lead_settings", "per-tenant lead settings and the install's cursor key");
    unsharded("sync_settings", "the install's checkpoint key");
    unsharded("sync_devices", "one document per phone, keyed by (tenant, user, device); small");
    unsharded("sync_nudges", "one document per pending nudge; small and short-lived");
    unsharded("notification_prefs", "one document per user");
    unsharded("routing_rules", "a few versions per tenant");
    unsharded("sla_policies", "a few versions per tenant");
    unsharded("routing_cursors", "one per team");
    unsharded("rep_availability", "one per rep");
    unsharded("scoring_rules", "a few versions per tenant");
    unsharded("events", "trade shows: tens per tenant");
    unsharded("segments", "saved filters: tens per user");
    unsharded("qualifier_questions", "tens per event");
    unsharded(
        "web_forms",
        "a public submission names only the form's key, so its unique index is on the key alone");
    unsharded("form_rates", "per-minute counters across tenants; deleted after two windows");
    unsharded("request_rates", "per-minute counters across tenants; deleted after two windows");
    unsharded("badge_formats", "one per event that uses one");
    unsharded("csv_mappings", "saved column mappings: a few per tenant");
    unsharded("csv_import_jobs", "upserted by job id alone; finished jobs are deleted");
    unsharded(
        "csv_import_errors", "rejected rows of a job, deleted with it; keyed by job, not tenant");
    unsharded(
        "attachment_thumbnails.files", "one small file document per thumbnail, read by id alone");
    unsharded("webhook_subscriptions", "a few per tenant");
    unsharded(
        "crm_connections",
        "at most one per CRM and tenant; the OAuth callback finds one by its state, across tenants");
    unsharded(
        "crm_counters",
        "one document for the whole install numbering every CRM push: a serialisation point, as"
            + " webhook_counters");
    unsharded(
        "webhook_counters",
        "one document for the whole install numbering every delivery: a serialisation point (see the guide)");
  }

  private ShardPlan() {}

  /** Every collection's placement, in the order the guide lists them. */
  public static List<Entry> entries() {
    return List.copyOf(PLAN.values());
  }

  /** The placement of {@code collection}, if the plan names it. */
  public static Optional<Entry> of(String collection) {
    return Optional.ofNullable(PLAN.get(collection));
  }

  /** The {@code shardCollection} admin command for a sharded entry. */
  public static Document shardCollectionCommand(String database, Entry entry) {
    if (!entry.sharded()) {
      throw new IllegalArgumentException(entry.collection() + " stays unsharded");
    }
    return new Document("shardCollection", database + "." + entry.collection())
        .append("key", entry.key());
  }

  /**
   * The lower (inclusive) and upper (exclusive) shard key bounds that hold exactly {@code tenantId}'s documents of a
   * zoneable entry: {@code {tenantId: T, other: MinKey}} to {@code {tenantId: T + U+0000, other: MinKey}} (the
   * smallest key of the next possible tenant id); on an {@code _id}
   * that is the tenant id, {@code T} to {@code T} followed by U+0000; on one that starts with it and a unit separator
   * (U+001F), {@code T} and U+001F to {@code T} and U+0020 (the next character).
   */
  public static List<Document> tenantRange(Entry entry, String tenantId) {
    if (!entry.zoneable()) {
      throw new IllegalArgumentException(entry.collection() + " has no tenant range");
    }
    Document min = new Document();
    Document max = new Document();
    for (String field : entry.keyFields()) {
      switch (entry.tenancy()) {
        case ID_IS_TENANT -> {
          min.append(field, tenantId);
          max.append(field, tenantId + "\u0000");
        }
        case ID_STARTS_WITH_TENANT -> {
          min.append(field, tenantId + "\u001f");
          max.append(field, tenantId + "\u0020");
        }
        default -> {
          // up to the next possible tenant id, not to (T, MaxKey): a query on T alone is bounded by
          // (T, MaxKey) inclusive, and would also be routed to a chunk starting there
          boolean tenant = min.isEmpty();
          min.append(field, tenant ? tenantId : new BsonMinKey());
          max.append(field, tenant ? tenantId + "\u0000" : new BsonMinKey());
        }
      }
    }
    return List.of(min, max);
  }

  /** The {@code updateZoneKeyRange} admin command that puts {@code tenantId}'s documents of an entry in a zone. */
  public static Document zoneRangeCommand(
      String database, Entry entry, String tenantId, String zone) {
    List<Document> range = tenantRange(entry, tenantId);
    return new Document("updateZoneKeyRange", database + "." + entry.collection())
        .append("min", range.get(0))
        .append("max", range.get(1))
        .append("zone", zone);
  }

  /**
   * The mongosh commands that shard a database for fieldlead (run against a mongos, before or after the first
   * start): one {@code sh.shardCollection} per sharded collection.
   */
  public static String mongoshScript(String database) {
    StringBuilder out = new StringBuilder();
    out.append("sh.enableSharding(\"").append(database).append("\")\n");
    for (Entry e : PLAN.values()) {
      if (e.sharded()) {
        out.append("sh.shardCollection(\"")
            .append(database)
            .append('.')
            .append(e.collection())
            .append("\", ")
            .append(shellKey(e.key()))
            .append(")\n");
      }
    }
    return out.toString();
  }

  /**
   * The mongosh commands that pin one tenant's documents to {@code zone} (after {@code sh.addShardToZone} has named
   * the zone's shards): one range per zoneable sharded collection.
   */
  public static String zoneScript(String database, String tenantId, String zone) {
    StringBuilder out = new StringBuilder();
    for (Entry e : PLAN.values()) {
      if (e.zoneable()) {
        List<Document> range = tenantRange(e, tenantId);
        out.append("sh.updateZoneKeyRange(\"")
            .append(database)
            .append('.')
            .append(e.collection())
            .append("\", ")
            .append(shellKey(range.get(0)))
            .append(", ")
            .append(shellKey(range.get(1)))
            .append(", \"")
            .append(zone)
            .append("\")\n");
      }
    }
    return out.toString();
  }

  private static String shellKey(Document key) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> f : key.entrySet()) {
      String name =
          f.getKey().matches("[A-Za-z_][A-Za-z0-9_]*") ? f.getKey() : '"' + f.getKey() + '"';
      parts.add(name + ": " + shellValue(f.getValue()));
    }
    return "{" + String.join(", ", parts) + "}";
  }

  private static String shellValue(Object v) {
    if (v instanceof BsonMinKey) {
      return "MinKey";
    }
    if (v instanceof String s) {
      StringBuilder q = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        if (c < 0x20 || c == '"' || c == '\\') {
          q.append(String.format("\\u%04x", (int) c));
        } else {
          q.append(c);
        }
      }
      return q.append('"').toString();
    }
    return String.valueOf(v);
  }

  private static Document key(String... fields) {
    Document key = new Document();
    for (String f : fields) {
      key.append(f, 1);
    }
    return key;
  }

  private static void tenantById(String collection, String why) {
    sharded(collection, key(TENANT, "id"), "the unique (tenant, id) index is the key; " + why);
  }

  private static void sharded(String collection, Document key, String why) {
    sharded(collection, key, Tenancy.FIRST_FIELD, why);
  }

  private static void sharded(String collection, Document key, Tenancy tenancy, String why) {
    put(new Entry(collection, key, tenancy, why));
  }

  private static void unsharded(String collection, String why) {
    put(new Entry(collection, null, Tenancy.NONE, why));
  }

  private static void put(Entry e) {
    if (PLAN.putIfAbsent(e.collection(), e) != null) {
      throw new IllegalStateException("named twice: " + e.collection());
    }
  }
}
