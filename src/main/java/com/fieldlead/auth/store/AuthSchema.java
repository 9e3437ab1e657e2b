package com.fieldlead.auth.store;

import com.fieldlead.store.IndexDef;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The auth package's MongoDB schema as code: collection and field names, and the indexes. Every query on a
 * tenant-owned collection names {@link #TENANT_ID}; the tenant comes from the principal, never from the request.
 */
public final class AuthSchema {

  public static final String TENANTS = "tenants";
  public static final String USERS = "users";
  public static final String TEAMS = "teams";
  public static final String DEVICES = "devices";
  public static final String SESSIONS = "sessions";
  public static final String REFRESH_TOKENS = "refresh_tokens";
  public static final String LOGIN_ATTEMPTS = "login_attempts";
  public static final String SETTINGS = "settings";

  public static final String ID = "_id";
  /**
   * A device's id, chosen by the phone: unique per tenant, so it is this field and not {@code _id} (an id taken in
   * another tenant is no conflict and tells nothing about it).
   */
  public static final String DEVICE_KEY = "id";

  public static final String TENANT_ID = "tenantId";
  public static final String USER_ID = "userId";
  public static final String DEVICE_ID = "deviceId";
  public static final String SESSION_ID = "sessionId";
  public static final String NAME = "name";
  public static final String NAME_LOWER = "nameLower";
  public static final String EMAIL = "email";
  public static final String ROLE = "role";
  public static final String TEAM_IDS = "teamIds";
  public static final String MANAGED_TEAM_IDS = "managedTeamIds";
  public static final String TIME_ZONE = "timeZone";
  public static final String DISABLED = "disabled";
  public static final String PASSWORD_HASH = "passwordHash";
  public static final String CREATED_AT = "createdAt";
  public static final String UPDATED_AT = "updatedAt";
  public static final String EXPIRES_AT = "expiresAt";
  public static final String REVOKED_AT = "revokedAt";
  public static final String REVOKE_REASON = "revokeReason";
  public static final String LAST_REFRESH_AT = "lastRefreshAt";
  public static final String ROTATED_AT = "rotatedAt";
  public static final String PLATFORM = "platform";
  public static final String APP_VERSION = "appVersion";
  public static final String SYNC_PROTOCOL_VERSION = "syncProtocolVersion";
  public static final String FCM_TOKEN = "fcmToken";
  public static final String FCM_TOKEN_UPDATED_AT = "fcmTokenUpdatedAt";
  public static final String LAST_SEEN_AT = "lastSeenAt";
  public static final String FAILURES = "failures";
  public static final String WINDOW_START = "windowStart";
  public static final String LOCKED_UNTIL = "lockedUntil";
  public static final String KNOWN_UNTIL = "knownUntil";
  public static final String VALUE = "value";

  private AuthSchema() {}

  public static List<IndexDef> indexes() {
    return List.of(
        // Login is by email alone, so an email is unique across the install, not per tenant.
        IndexDef.unique(USERS, "users_email_unique", Indexes.ascending(EMAIL)),
        IndexDef.of(USERS, "users_tenant_email", Indexes.ascending(TENANT_ID, EMAIL)),
        IndexDef.of(USERS, "users_tenant_teams", Indexes.ascending(TENANT_ID, TEAM_IDS)),
        IndexDef.of(
            USERS, "users_tenant_managed_teams", Indexes.ascending(TENANT_ID, MANAGED_TEAM_IDS)),
        IndexDef.unique(
            TEAMS, "teams_tenant_name_unique", Indexes.ascending(TENANT_ID, NAME_LOWER)),
        IndexDef.unique(DEVICES, "devices_tenant_id", Indexes.ascending(TENANT_ID, DEVICE_KEY)),
        IndexDef.of(DEVICES, "devices_tenant_user", Indexes.ascending(TENANT_ID, USER_ID)),
        IndexDef.of(SESSIONS, "sessions_user", Indexes.ascending(TENANT_ID, USER_ID)),
        IndexDef.of(SESSIONS, "sessions_device", Indexes.ascending(TENANT_ID, DEVICE_ID)),
        IndexDef.of(SESSIONS, "sessions_expiry", Indexes.ascending(EXPIRES_AT)),
        IndexDef.of(REFRESH_TOKENS, "refresh_tokens_session", Indexes.ascending(SESSION_ID)),
        IndexDef.of(REFRESH_TOKENS, "refresh_tokens_expiry", Indexes.ascending(EXPIRES_AT)),
        IndexDef.of(LOGIN_ATTEMPTS, "login_attempts_window", Indexes.ascending(WINDOW_START)));
  }

  public static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  public static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
