package com.fieldlead.auth;

import com.fieldlead.problem.ProblemException;
import java.time.Instant;
import java.util.List;

/** The auth package's wire types (request and response bodies), as in api-spec/openapi.yaml. */
final class AuthApi {

  private AuthApi() {}

  record LoginRequest(String email, String password, String deviceId) {}

  record RefreshRequest(String refreshToken) {}

  record Tokens(
      String accessToken,
      String tokenType,
      long expiresIn,
      String refreshToken,
      long refreshExpiresIn,
      String sessionId,
      String userId,
      String tenantId,
      String role,
      String deviceId) {}

  record TenantView(String id, String name) {}

  record TeamRef(String id, String name) {}

  record SessionView(String id, String deviceId, Instant createdAt, Instant expiresAt) {}

  record Me(
      UserView user,
      TenantView tenant,
      String role,
      List<TeamRef> teams,
      List<TeamRef> managedTeams,
      SessionView session,
      DeviceView device) {}

  record UserView(
      String id,
      String tenantId,
      String email,
      String name,
      String role,
      List<String> teamIds,
      List<String> managedTeamIds,
      String timeZone,
      boolean disabled,
      Instant createdAt,
      Instant updatedAt) {

    static UserView of(MongoUsers.StoredUser s) {
      UserInfo u = s.info();
      return new UserView(
          u.id(),
          u.tenantId(),
          u.email(),
          u.name(),
          u.role().wire(),
          u.teamIds(),
          u.managedTeamIds(),
          u.timeZone(),
          u.disabled(),
          s.createdAt(),
          s.updatedAt());
    }
  }

  record CreateUser(
      String email,
      String name,
      String role,
      String password,
      String timeZone,
      List<String> teamIds,
      List<String> managedTeamIds) {}

  /** Absent (null) fields stay as they are. */
  record UpdateUser(
      String name,
      String role,
      String timeZone,
      List<String> teamIds,
      List<String> managedTeamIds,
      Boolean disabled,
      String password) {}

  record Page<T>(List<T> items, String next) {}

  record TeamView(
      String id,
      String name,
      List<String> managerIds,
      List<String> memberIds,
      Instant createdAt,
      Instant updatedAt) {}

  record CreateTeam(String name, List<String> managerIds, List<String> memberIds) {}

  /** Absent (null) fields stay as they are; lists replace the whole set. */
  record UpdateTeam(String name, List<String> managerIds, List<String> memberIds) {}

  /**
   * A phone's registration. {@code protocolVersion} is the sync protocol version, named as in pull and push;
   * {@code syncProtocolVersion} is its deprecated earlier name, still accepted (one of the two is required).
   */
  record RegisterDevice(
      String id,
      String platform,
      String appVersion,
      Integer protocolVersion,
      @Deprecated Integer syncProtocolVersion,
      String fcmToken) {

    /** The sync protocol version under either name; a 400 when both are given and differ. */
    int version() {
      if (protocolVersion != null
          && syncProtocolVersion != null
          && !protocolVersion.equals(syncProtocolVersion)) {
        throw ProblemException.invalidField(
            "/syncProtocolVersion",
            "conflict",
            "syncProtocolVersion is the deprecated name of protocolVersion; send protocolVersion only");
      }
      return protocolVersion != null ? protocolVersion : syncProtocolVersion;
    }
  }

  /** A device as answered; {@code syncProtocolVersion} repeats {@code protocolVersion} under its deprecated name. */
  record DeviceView(
      String id,
      String userId,
      String platform,
      String appVersion,
      int protocolVersion,
      @Deprecated int syncProtocolVersion,
      boolean hasFcmToken,
      Instant fcmTokenUpdatedAt,
      Instant createdAt,
      Instant lastSeenAt,
      Instant revokedAt,
      boolean revoked) {

    static DeviceView of(MongoDevices.Device d) {
      return new DeviceView(
          d.id(),
          d.userId(),
          d.platform(),
          d.appVersion(),
          d.syncProtocolVersion(),
          d.syncProtocolVersion(),
          d.fcmToken() != null,
          d.fcmTokenUpdatedAt(),
          d.createdAt(),
          d.lastSeenAt(),
          d.revokedAt(),
          d.revoked());
    }
  }
}
