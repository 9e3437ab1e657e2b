package com.fieldlead.notify.store;

import com.fieldlead.store.IndexDef;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** The notify package's MongoDB schema as code: collections, field names and indexes. */
public final class NotifySchema {

  private NotifySchema() {}

  public static final String ID = "_id";
  static final String TENANT = "tenantId";
  static final String USER = "userId";
  /** The key in a notification's {@code data} naming the lead it is about. */
  static final String LEAD_ID = "leadId";

  /** Collection {@code notifications}: the durable outbox and the per-user inbox at once. */
  static final class N {
    static final String COLLECTION = "notifications";
    static final String KIND = "kind";
    static final String TITLE = "title";
    static final String BODY = "body";
    static final String DATA = "data";
    static final String COLLAPSE_KEY = "collapseKey";
    static final String URGENT = "urgent";
    static final String INBOX = "inbox";
    static final String STATUS = "status";
    static final String ATTEMPTS = "attempts";
    static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String CREATED_AT = "createdAt";
    static final String SENT_AT = "sentAt";
    static final String READ_AT = "readAt";
    static final String LAST_ERROR = "lastError";
    static final String SENDER = "sender";
    static final String DELIVERED_DEVICES = "deliveredDevices";
    static final String LOGGED = "logged";
    static final String DEFERRED_UNTIL = "deferredUntil";
    /** The W3C trace context of the request that caused it (tracing on only). */
    static final String TRACEPARENT = "traceparent";

    static final String CANCELLED_AT = "cancelledAt";

    private N() {}
  }

  /** Collection {@code notification_prefs}: one document per user, {@code _id = tenantId:userId}. */
  static final class P {
    static final String COLLECTION = "notification_prefs";
    static final String KINDS = "kinds";
    static final String QUIET_START = "quietStart";
    static final String QUIET_END = "quietEnd";
    static final String TIME_ZONE = "timeZone";
    static final String DIGEST_TIME = "digestTime";
    static final String LOCALE = "locale";
    static final String UPDATED_AT = "updatedAt";

    private P() {}
  }

  /** Collection {@code sync_nudges}: last nudge per device, {@code _id = tenantId:deviceId}, for coalescing. */
  public static final class S {
    public static final String COLLECTION = "sync_nudges";
    public static final String LAST_AT = "lastAt";

    private S() {}
  }

  public static List<IndexDef> indexes() {
    return List.of(
        // Workers: due pending notifications, and expired leases of crashed workers.
        IndexDef.of(
            N.COLLECTION, "notifications_due", Indexes.ascending(N.STATUS, N.NEXT_ATTEMPT_AT)),
        IndexDef.of(
            N.COLLECTION, "notifications_lease", Indexes.ascending(N.STATUS, N.LEASE_UNTIL)),
        IndexDef.of(N.COLLECTION, "notifications_claim", Indexes.ascending(N.LEASE_OWNER)),
        // GET /v1/notifications: the user's inbox, newest first, cursor on (createdAt, _id).
        IndexDef.of(
            N.COLLECTION,
            "notifications_inbox",
            Indexes.compoundIndex(
                Indexes.ascending(TENANT, USER, N.INBOX), Indexes.descending(N.CREATED_AT, ID))),
        // Daily digests: users who asked for one.
        IndexDef.of(P.COLLECTION, "notification_prefs_digest", Indexes.ascending(P.DIGEST_TIME)));
  }

  public static Date date(Instant i) {
    return i == null ? null : Date.from(i);
  }

  static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }
}
