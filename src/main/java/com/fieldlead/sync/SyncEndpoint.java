package com.fieldlead.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.DeviceRevocations;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import com.fieldlead.json.Json;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.sync.merge.MergeRules;
import com.fieldlead.sync.protocol.Kept;
import com.fieldlead.sync.protocol.MutationResult;
import com.fieldlead.sync.protocol.ProtocolWindow;
import com.fieldlead.sync.protocol.PullRequest;
import com.fieldlead.sync.protocol.PushResponse;
import com.fieldlead.sync.protocol.ResultKind;
import com.fieldlead.sync.protocol.SyncLimits;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code /v1/sync}: pull, push, the conflict inbox and rejected-mutation list, and device sync state for managers.
 * Sync bodies are read tolerantly (unknown fields ignored, sync invariant 9's forward compatibility); the protocol
 * version is checked before anything else and answered 426 with the window this instance serves (a problem like any
 * other); within it, each answer is written in the version its request stated ({@code ProtocolDialect}).
 */
final class SyncEndpoint implements Endpoint {

  static final int DEFAULT_LIST_LIMIT = 50;
  static final int MAX_DEVICE_ID = 128;

  private final PullService pull;
  private final PullPrefetch prefetch;
  private final PushService push;
  private final Inbox inbox;
  private final DeviceStates devices;
  private final DeviceRevocations revocations;
  private final Clock clock;
  private final ProtocolWindow window;

  SyncEndpoint(
      PullService pull,
      PullPrefetch prefetch,
      PushService push,
      Inbox inbox,
      DeviceStates devices,
      DeviceRevocations revocations,
      Clock clock,
      ProtocolWindow window) {
    this.pull = pull;
    this.prefetch = prefetch;
    this.push = push;
    this.inbox = inbox;
    this.devices = devices;
    this.revocations = revocations;
    this.clock = clock;
    this.window = window;
  }

  @Override
  public void register(Routes routes) {
    Map<ChangeChecks.Kind, Function<JsonNode, List<FieldError>>> checks =
        new EnumMap<>(ChangeChecks.Kind.class);
    for (ChangeChecks.Kind kind : ChangeChecks.Kind.values()) {
      checks.put(kind, routes.bodyCheck(kind.operationId));
    }
    push.checkChangesWith(checks);
    routes
        .secured("syncPull", Role.ANY, EarlyPull.SLOT, prefetch::start, this::pull)
        .secured("syncPush", Role.ANY, this::push)
        .secured(
            "listSyncConflicts",
            Role.ANY,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> inbox
                    .conflicts(
                        Principal.of(ctx),
                        QueryParams.string(ctx, "status"),
                        QueryParams.string(ctx, "userId"),
                        QueryParams.limit(ctx, DEFAULT_LIST_LIMIT))
                    .map(items -> Map.of("items", items)))))
        .secured(
            "resolveSyncConflict",
            Role.ANY,
            ctx -> Responses.reply(ctx, 200, Responses.attempt(() -> {
              JsonNode keep = body(ctx).get("keep");
              return inbox.resolve(
                  Principal.of(ctx), ctx.pathParam("conflictId"), Kept.fromWire(keep.asText()));
            })))
        .secured(
            "dismissSyncConflict",
            Role.ANY,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(
                    () -> inbox.dismissConflict(Principal.of(ctx), ctx.pathParam("conflictId")))))
        .secured(
            "listSyncRejections",
            Role.ANY,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> inbox
                    .rejections(
                        Principal.of(ctx),
                        QueryParams.string(ctx, "status"),
                        QueryParams.string(ctx, "userId"),
                        QueryParams.limit(ctx, DEFAULT_LIST_LIMIT))
                    .map(items -> Map.of("items", items)))))
        .secured(
            "dismissSyncRejection",
            Role.ANY,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(
                    () -> inbox.dismissRejection(Principal.of(ctx), ctx.pathParam("rejectionId")))))
        .secured(
            "syncFieldPolicies",
            Role.ANY,
            ctx -> Responses.reply(ctx, 200, Future.succeededFuture(fieldPolicies(window.max()))))
        .secured(
            "listSyncDevices",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> devices
                    .list(
                        Principal.of(ctx),
                        duration(QueryParams.string(ctx, "staleFor")),
                        QueryParams.string(ctx, "userId"),
                        clock.instant(),
                        QueryParams.limit(ctx, DEFAULT_LIST_LIMIT))
                    .map(items -> Map.of("items", items)))));
  }

  private void pull(RoutingContext ctx, EarlyPull early) {
    JsonNode body = body(ctx);
    requireSupportedVersion(body);
    Responses.reply(ctx, 200, Responses.attempt(() -> {
      PullRequest req = Json.TOLERANT.treeToValue(body, PullRequest.class);
      return usable(ctx, deviceId(ctx, req.deviceId()))
          .compose(device -> pull.pull(Principal.of(ctx), req, device, early));
    }));
  }

  private void push(RoutingContext ctx) {
    JsonNode body = body(ctx);
    requireSupportedVersion(body);
    Responses.reply(ctx, 200, Responses.attempt(() -> {
      JsonNode mutations = body.path("mutations");
      if (mutations.size() > SyncLimits.MAX_MUTATIONS_PER_PUSH) {
        throw new ProblemException(
            ErrorCode.PAYLOAD_TOO_LARGE,
            "a push carries at most "
                + SyncLimits.MAX_MUTATIONS_PER_PUSH + " mutations; this one has " + mutations.size()
                + ": split the outbox into several pushes");
      }
      List<JsonNode> items = new ArrayList<>();
      mutations.forEach(items::add);
      JsonNode app = body.get("appVersion");
      JsonNode device = body.get("deviceId");
      return usable(ctx, deviceId(ctx, device == null || device.isNull() ? null : device.asText()))
          .compose(id -> push.push(
              Principal.of(ctx),
              id,
              body.path("protocolVersion").asInt(),
              app == null || app.isNull() ? null : app.asText(),
              items))
          .map(answer -> retryAfter(ctx, answer));
    }));
  }

  /** A push with mutations still in progress elsewhere says, in {@code Retry-After}, when to push them again. */
  private static PushResponse retryAfter(RoutingContext ctx, PushResponse answer) {
    answer.results().stream()
        .filter(r -> r.result() == ResultKind.IN_PROGRESS && r.retryAfter() != null)
        .mapToInt(MutationResult::retryAfter)
        .max()
        .ifPresent(seconds -> ctx.response().putHeader("Retry-After", Integer.toString(seconds)));
    return answer;
  }

  /**
   * The declared per-field merge policies a push is merged with (sync invariant 5), per entity type: the default, the
   * fields with another policy, and the server-owned fields a push may not write. Activities are append-only. The
   * policies are the same in every protocol version; the answer names the newest this instance serves.
   */
  static Map<String, Object> fieldPolicies(int protocolVersion) {
    List<Map<String, Object>> entities = new ArrayList<>();
    for (MergeRules rules : List.of(MergeRules.LEADS, MutationApplier.TASKS)) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("entityType", rules.entityType());
      e.put("defaultPolicy", rules.defaultPolicy());
      e.put("policies", new TreeMap<>(rules.policies()));
      e.put("serverOwned", new TreeSet<>(rules.serverOwned()));
      entities.add(e);
    }
    Map<String, Object> activity = new LinkedHashMap<>();
    activity.put("entityType", PullService.ACTIVITY);
    activity.put("appendOnly", true);
    entities.add(activity);
    return Map.of("protocolVersion", protocolVersion, "entities", entities);
  }

  /** Throws the 426 upgrade problem, with the supported window as extension members, when the version is outside it. */
  private void requireSupportedVersion(JsonNode body) {
    int version = body.path("protocolVersion").asInt();
    window.check(version).ifPresent(detail -> {
      Map<String, Object> served = new LinkedHashMap<>();
      served.put("minProtocolVersion", window.min());
      served.put("maxProtocolVersion", window.max());
      throw new ProblemException(
          ErrorCode.PROTOCOL_VERSION_UNSUPPORTED, detail, List.of(), Map.of(), served);
    });
  }

  /**
   * A device id named in the body (the session has none) passes the login's rule: a revoked device is refused as a
   * login naming it is, and so is another user's device. The session's own device was checked by the gate.
   */
  private Future<String> usable(RoutingContext ctx, String deviceId) {
    Principal p = Principal.of(ctx);
    if (p.deviceId() != null) {
      return Future.succeededFuture(deviceId);
    }
    return revocations.use(p.tenantId(), p.userId(), deviceId).map(use -> switch (use) {
      case UNREGISTERED, ACTIVE -> deviceId;
      case REVOKED ->
        throw new ProblemException(
            ErrorCode.SESSION_REVOKED,
            "This device has been revoked: it no "
                + "longer syncs. Register the phone under a new id.");
      case OTHER_USER ->
        throw ProblemException.invalidField(
            "/deviceId",
            "unknown",
            "Not a device of this user; name your own device or register this phone first.");
    });
  }

  /** The session's device when it has one (the token is bound to it), else the one the body names. */
  private static String deviceId(RoutingContext ctx, String given) {
    String session = Principal.of(ctx).deviceId();
    String id = session != null ? session : given;
    if (id == null || id.isBlank() || id.length() > MAX_DEVICE_ID) {
      throw new ProblemException(
          ErrorCode.VALIDATION_FAILED,
          "deviceId is required (1.." + MAX_DEVICE_ID
              + " characters) when the session is not bound to a device",
          List.of(new FieldError("/deviceId", "required", "name the device that syncs")),
          Map.of());
    }
    return id;
  }

  private static JsonNode body(RoutingContext ctx) {
    JsonNode node = ctx.get(Validation.BODY_KEY);
    if (node == null || !node.isObject()) {
      throw new ProblemException(
          ErrorCode.VALIDATION_FAILED,
          "A JSON object body is required",
          List.of(new FieldError("body", "required", "A JSON object body is required")),
          Map.of());
    }
    return node;
  }

  private static Duration duration(String text) {
    if (text == null) {
      return null;
    }
    try {
      Duration d = Duration.parse(text);
      if (d.isNegative() || d.isZero()) {
        throw new DateTimeParseException("not positive", text, 0);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw ProblemException.invalidField(
          "query.staleFor", "format", "staleFor is a positive ISO-8601 duration, " + "e.g. PT24H");
    }
  }
}
