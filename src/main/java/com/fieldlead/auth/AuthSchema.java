package com.fieldlead.auth;

import com.fieldlead.store.IndexDef;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The auth package's MongoDB schema as code: collection and field names, and the indexes. Every query on a
 * tenant-owned collection names {@link #TENANT_ID}; the tenant comes from the principal, never from the request.
 */
final class AuthSchema {

  static final String TENANTS = "tenants";
  static final String USERS = "users";
  static final String TEAMS = "teams";
  static final String DEVICES = "devices";
  static final String SESSIONS = "sessions";
  static final String REFRESH_TOKENS = "refresh_tokens";
  static final String LOGIN_ATTEMPTS = "login_attempts";
  static final String SETTINGS = "settings";

  static final String ID = "_id";
  /**
   * A device's id, chosen by the phone: unique per tenant, so it is this field and not {@code _id} (an id taken in
   * another tenant is no conflict and tells nothing about it).
   */
  static final String DEVICE_KEY = "id";

  static final String TENANT_ID = "tenantId";
  static final String USER_ID = "userId";
  static final String DEVICE_ID = "deviceId";
  static final String SESSION_ID = "sessionId";
  static final String NAME = "name";
  static final String NAME_LOWER = "nameLower";
  static final String EMAIL = "email";
  static final String ROLE = "role";
  static final String TEAM_IDS = "teamIds";
  static final String MANAGED_TEAM_IDS = "managedTeamIds";
  static final String TIME_ZONE = "timeZone";
  static final String DISABLED = "disabled";
  static final String PASSWORD_HASH = "passwordHash";
  static final String CREATED_AT = "createdAt";
  static final String UPDATED_AT = "updatedAt";
  static final String EXPIRES_AT = "expiresAt";
  static final String REVOKED_AT = "revokedAt";
  static final String REVOKE_REASON = "revokeReason";
  static final String LAST_REFRESH_AT = "lastRefreshAt";
  static final String ROTATED_AT = "rotatedAt";
  static final String PLATFORM = "platform";
  static final String APP_VERSION = "appVersion";
  static final String SYNC_PROTOCOL_VERSION = "syncProtocolVersion";
  static final String FCM_TOKEN = "fcmToken";
  static final String FCM_TOKEN_UPDATED_AT = "fcmTokenUpdatedAt";
  static final String LAST_SEEN_AT = "lastSeenAt";
  static final String FAILURES = "failures";
  static final String WINDOW_START = "windowStart";
  static final String LOCKED_UNTIL = "lockedUntil";
  static final String KNOWN_UNTIL = "knownUntil";
  static final String VALUE = "value";

  private AuthSchema() {}

  static List<IndexDef> indexes() {
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

  static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
