package com.fieldlead.crm;

import com.fieldlead.auth.Principal;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.crypto.SecretBox;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.outbox.Outbox;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The admin side of the CRM connectors, always within the caller's tenant: connections (create, with the OAuth
 * authorize URL; read; change the trigger; delete), the OAuth callback, the field mapping, the failures of a
 * connection's pushes, and a manual re-push of a lead.
 */
final class CrmService {

  private static final SecureRandom RANDOM = new SecureRandom();
  static final String SALESFORCE_EXTERNAL_ID = "Fieldlead_Id__c";
  static final String HUBSPOT_EXTERNAL_ID = "fieldlead_id";
  static final String MANUAL = "crm.manual";

  private final FieldleadConfig.Crm config;
  private final MongoConnections connections;
  private final Outbox outbox;
  private final OAuthClient oauth;
  private final Sessions sessions;
  private final SecretBox box;
  private final LeadModule leads;
  private final Clock clock;
  private final Runnable wake;

  CrmService(
      FieldleadConfig.Crm config,
      MongoConnections connections,
      Outbox outbox,
      OAuthClient oauth,
      Sessions sessions,
      SecretBox box,
      LeadModule leads,
      Clock clock,
      Runnable wake) {
    this.config = config;
    this.connections = connections;
    this.outbox = outbox;
    this.oauth = oauth;
    this.sessions = sessions;
    this.box = box;
    this.leads = leads;
    this.clock = clock;
    this.wake = wake;
  }

  /** A new connection with the system's preset mapping, and where to send the admin to grant access. */
  Future<Map<String, Object>> create(Principal p, CrmInputs.ConnectionInput in) {
    String system = in.system();
    if (system == null || !Connection.SYSTEMS.contains(system)) {
      throw ProblemException.invalidField(
          "/system", "enum", "system must be one of " + Connection.SYSTEMS);
    }
    configured(system);
    Instant now = clock.instant();
    String state = newState();
    Connection c = new Connection(
        UUID.randomUUID().toString(),
        p.tenantId(),
        system,
        Connection.PENDING,
        in.enabled() == null || in.enabled(),
        in.trigger() == null ? Connection.TRIGGER_QUALIFIED : in.trigger(),
        in.qualifiedStatus() == null ? "qualified" : in.qualifiedStatus(),
        in.externalIdField() != null
            ? in.externalIdField()
            : Connection.SALESFORCE.equals(system) ? SALESFORCE_EXTERNAL_ID : HUBSPOT_EXTERNAL_ID,
        FieldMapping.preset(system),
        state,
        null,
        null,
        null,
        null,
        now,
        p.userId(),
        null,
        now);
    return connections.insert(c).map(inserted -> {
      if (!inserted) {
        throw new ProblemException(
            ErrorCode.ALREADY_EXISTS, "the tenant has a " + system + " connection already");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("connection", c.view());
      out.put("authorizeUrl", oauth.authorizeUrl(system, state));
      return out;
    });
  }

  /** A fresh authorize URL for the connection (connect again after a revoked or expired grant). */
  Future<Map<String, Object>> authorize(Principal p, String id) {
    String state = newState();
    return found(p, id).compose(c -> {
      configured(c.system());
      return connections
          .update(
              p.tenantId(),
              id,
              Updates.combine(
                  Updates.set(MongoConnections.OAUTH_STATE, state),
                  Updates.set(MongoConnections.UPDATED_AT, Date.from(clock.instant()))))
          .map(x -> Map.<String, Object>of("authorizeUrl", oauth.authorizeUrl(c.system(), state)));
    });
  }

  /**
   * The provider sent the admin's browser back: {@code state} names the connection (used once); the code is exchanged
   * for tokens, which are stored sealed.
   */
  Future<Map<String, Object>> callback(String code, String state, String error) {
    if (state == null || state.isBlank()) {
      throw ProblemException.invalidField("state", "required", "state is required");
    }
    return connections.byOauthState(state).compose(found -> {
      Connection c = found.orElseThrow(() -> new ProblemException(
          ErrorCode.BAD_REQUEST,
          "unknown or already used OAuth state; start the connection again"));
      if (error != null) {
        throw new ProblemException(ErrorCode.BAD_REQUEST, "the CRM did not grant access: " + error);
      }
      if (code == null || code.isBlank()) {
        throw ProblemException.invalidField("code", "required", "code is required");
      }
      return oauth
          .exchange(c.system(), code)
          .recover(t -> Future.failedFuture(
              t instanceof OAuthClient.TokenException e
                  ? new ProblemException(
                      e.retryable() ? ErrorCode.UNAVAILABLE : ErrorCode.BAD_REQUEST, e.getMessage())
                  : t))
          .compose(t -> {
            if (t.refreshToken() == null) {
              throw new ProblemException(
                  ErrorCode.BAD_REQUEST,
                  "the CRM granted no refresh token (Salesforce: add the refresh_token scope to the connected app)");
            }
            Instant now = clock.instant();
            List<Bson> sets = new ArrayList<>(sessions.stored(c.id(), t, t.instanceUrl(), now));
            sets.add(Updates.set(MongoConnections.STATE, Connection.CONNECTED));
            sets.add(Updates.set(MongoConnections.CONNECTED_AT, Date.from(now)));
            sets.add(Updates.unset(MongoConnections.OAUTH_STATE));
            return connections.update(c.tenantId(), c.id(), Updates.combine(sets));
          })
          .map(updated -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", Connection.CONNECTED);
            out.put("system", c.system());
            out.put("connectionId", c.id());
            return out;
          });
    });
  }

  Future<List<Connection.View>> list(Principal p) {
    return connections
        .list(p.tenantId())
        .map(all -> all.stream().map(Connection::view).toList());
  }

  Future<Connection.View> get(Principal p, String id) {
    return found(p, id).map(Connection::view);
  }

  /** Changes the trigger, the qualified status, the external-id field or whether the connection pushes. */
  Future<Connection.View> update(Principal p, String id, CrmInputs.ConnectionInput in) {
    if (in.system() != null) {
      throw ProblemException.invalidField(
          "/system", "immutable", "a connection's system cannot change; make another connection");
    }
    List<Bson> sets = new ArrayList<>();
    sets.add(Updates.set(MongoConnections.UPDATED_AT, Date.from(clock.instant())));
    if (in.trigger() != null) {
      sets.add(Updates.set(MongoConnections.TRIGGER, in.trigger()));
    }
    if (in.qualifiedStatus() != null) {
      sets.add(Updates.set(MongoConnections.QUALIFIED_STATUS, in.qualifiedStatus()));
    }
    if (in.externalIdField() != null) {
      sets.add(Updates.set(MongoConnections.EXTERNAL_ID_FIELD, in.externalIdField()));
    }
    if (in.enabled() != null) {
      sets.add(Updates.set(MongoConnections.ENABLED, in.enabled()));
    }
    return connections
        .update(p.tenantId(), id, Updates.combine(sets))
        .map(c -> c.orElseThrow(() -> ProblemException.notFound("crm connection " + id))
            .view());
  }

  Future<Void> delete(Principal p, String id) {
    return connections.delete(p.tenantId(), id).map(deleted -> {
      if (!deleted) {
        throw ProblemException.notFound("crm connection " + id);
      }
      return null;
    });
  }

  Future<Map<String, Object>> mapping(Principal p, String id) {
    return found(p, id).map(c -> mappingView(c.system(), c.mapping()));
  }

  /** Replaces the mapping; every bad entry is named ({@code /fields/2/source}) and nothing changes. */
  Future<Map<String, Object>> putMapping(Principal p, String id, CrmInputs.MappingInput in) {
    List<FieldMapping.Entry> fields = in.fields() == null ? List.of() : in.fields();
    return found(p, id).compose(c -> {
      List<FieldError> errors = FieldMapping.check(c.system(), fields);
      if (!errors.isEmpty()) {
        throw new ProblemException(
            ErrorCode.VALIDATION_FAILED, errors.get(0).message(), errors, Map.of());
      }
      return connections
          .update(
              p.tenantId(),
              id,
              Updates.combine(
                  Updates.set(MongoConnections.MAPPING, FieldMapping.toDocuments(fields)),
                  Updates.set(MongoConnections.UPDATED_AT, Date.from(clock.instant()))))
          .map(x -> mappingView(c.system(), fields));
    });
  }

  private static Map<String, Object> mappingView(String system, List<FieldMapping.Entry> fields) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("system", system);
    out.put("objects", FieldMapping.objects(system));
    out.put("fields", fields);
    return out;
  }

  /** Both presets, as a connection starts with them. */
  Map<String, Object> presets() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String system : Connection.SYSTEMS) {
      out.put(system, mappingView(system, FieldMapping.preset(system)));
    }
    return out;
  }

  /** The connection's pushes whose last attempt failed (given up, or waiting for a retry), newest first. */
  Future<List<CrmPushView>> failures(Principal p, String id, int limit) {
    return found(p, id)
        .compose(c -> outbox.failures(p.tenantId(), id, limit))
        .map(docs -> docs.stream().map(CrmPushView::of).toList());
  }

  /** Queues a push of the lead as it is now (a new push at the end of the lead's order), due at once. */
  Future<CrmPushView> push(Principal p, String id, String leadId) {
    return found(p, id)
        .compose(c -> leads.lead(p.tenantId(), leadId).compose(lead -> {
          if (lead.isEmpty() || lead.get().deleted()) {
            throw ProblemException.notFound("lead " + leadId);
          }
          String eventId = "manual-" + UUID.randomUUID();
          return outbox.reserve(1).compose(seq -> {
            Document item = outbox.newItem(
                p.tenantId(),
                c.id(),
                eventId,
                MANUAL,
                leadId,
                seq,
                new Document(CrmFanOut.KIND, "manual").append("by", p.userId()).toJson(),
                clock.instant());
            return outbox.insertAll(List.of(item)).map(n -> {
              wake.run();
              return CrmPushView.of(item);
            });
          });
        }));
  }

  private Future<Connection> found(Principal p, String id) {
    return connections
        .find(p.tenantId(), id)
        .map(c -> c.orElseThrow(() -> ProblemException.notFound("crm connection " + id)));
  }

  /** Refuses a connection the server cannot keep: no token key, no redirect URI, or no OAuth client. */
  private void configured(String system) {
    List<String> missing = new ArrayList<>();
    if (!box.encrypts()) {
      missing.add(ConfigKey.FIELDLEAD_CRM_TOKEN_KEY.name());
    }
    if (config.redirectUri().isEmpty()) {
      missing.add(ConfigKey.FIELDLEAD_CRM_REDIRECT_URI.name());
    }
    if (!oauth.provider(system).configured()) {
      missing.add(
          Connection.SALESFORCE.equals(system)
              ? "FIELDLEAD_SALESFORCE_CLIENT_ID/_SECRET"
              : "FIELDLEAD_HUBSPOT_CLIENT_ID/_SECRET");
    }
    if (!missing.isEmpty()) {
      throw new ProblemException(
          ErrorCode.CONFLICT,
          "the server is not configured for " + system + " connections: set "
              + String.join(", ", missing));
    }
  }

  private static String newState() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
