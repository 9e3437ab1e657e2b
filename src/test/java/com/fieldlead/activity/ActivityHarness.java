package com.fieldlead.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.http.ApiRouter;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.lead.model.LeadSummary;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.EmbeddedStore;
import com.fieldlead.store.MongoStore;
import com.fieldlead.sync.ChangeSequencer;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * The activity module behind the real contract-built router (validation, failure handler, problem+json) on the
 * embedded store, with a fake gate ({@code Bearer <name>} of a registered principal), fake leads and a fake user
 * directory, so endpoint behaviour is tested without depending on the auth and lead features' progress. Operations
 * of other features answer 501. End-to-end tests through the real server and demo logins are in
 * {@code ActivityDemoEndpointTest}.
 */
final class ActivityHarness implements AutoCloseable {

  static final String TENANT = "t-1";

  final MutableClock clock;
  final FakeLeads leads = new FakeLeads();
  final FakeDirectory directory = new FakeDirectory();
  final ActivityModule module;
  private final Map<String, Principal> principals = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final EmbeddedStore embedded;
  private final MongoStore store;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  ActivityHarness(Instant start) {
    clock = new MutableClock(start);
    vertx = Vertx.vertx();
    embedded = EmbeddedStore.startInMemory();
    store = MongoStore.connect(
        embedded.connectionString(),
        new FieldleadConfig.Store(
            Optional.empty(), "fl_activity", Path.of("data"), true, 20, Duration.ofSeconds(5)),
        null);
    module = new ActivityModule(store, clock, leads, directory, new ChangeSequencer(store, clock));
    Promise<HttpServer> started = Promise.promise();
    vertx.runOnContext(x -> store
        .ensureIndexes(module.indexes())
        .compose(y -> ApiRouter.loadContract(vertx))
        .compose(contract -> {
          List<Endpoint> endpoints = new ArrayList<>(module.endpoints());
          endpoints.add(others(contract));
          var router = ApiRouter.create(vertx, contract, 1_000_000, this::gate, endpoints);
          return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1");
        })
        .onComplete(started));
    server = Await.result(started.future());
  }

  MongoStore store() {
    return store;
  }

  /** Registers a caller; requests with {@code Bearer <name>} act as them. */
  Principal user(String name, Role role, List<String> teams, List<String> managedTeams) {
    Principal p =
        new Principal(TENANT, "u-" + name, role, "s-" + name, "d-" + name, teams, managedTeams);
    principals.put(name, p);
    return p;
  }

  private Handler<RoutingContext> gate(Set<String> roles) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      Principal p = header == null ? null : principals.get(header.replaceFirst("^Bearer ", ""));
      if (p == null) {
        ctx.fail(new ProblemException(ErrorCode.UNAUTHENTICATED, "A bearer token is required."));
        return;
      }
      if (!roles.isEmpty() && !roles.contains(p.role().wire())) {
        ctx.fail(ProblemException.forbidden("role " + p.role().wire()));
        return;
      }
      ctx.put("fieldlead.principal", p); // Principal.CONTEXT_KEY
      ctx.next();
    };
  }

  /** Stub handlers (501) for every contract operation another feature owns. */
  private static Endpoint others(OpenAPIContract contract) {
    Set<String> ours = Set.of(
        "recordActivity",
        "listActivities",
        "createTask",
        "listTasks",
        "listMyTasks",
        "getTask",
        "updateTask",
        "deleteTask",
        "snoozeTask",
        "createCadence",
        "listCadences",
        "getCadence",
        "applyCadence",
        "listLeadCadences");
    return routes -> {
      for (Operation op : contract.operations()) {
        if (ours.contains(op.getOperationId())) {
          continue;
        }
        Handler<RoutingContext> stub = ctx -> ctx.response().setStatusCode(501).end();
        if (op.getSecurityRequirements().isEmpty()) {
          routes.open(op.getOperationId(), stub);
        } else {
          routes.secured(op.getOperationId(), Role.ANY, stub);
        }
      }
    };
  }

  /** A finished exchange. */
  record Reply(int status, Map<String, String> headers, String text) {
    JsonNode json() {
      try {
        return MAPPER.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + text, e);
      }
    }

    String code() {
      return json().path("code").asText();
    }

    /** The first field named in a problem's errors[]. */
    String field() {
      return json().path("errors").path(0).path("field").asText();
    }

    /** Every field named in a problem's errors[] (nested schema failures name parents too). */
    List<String> fields() {
      return StreamSupport.stream(json().path("errors").spliterator(), false)
          .map(e -> e.path("field").asText())
          .toList();
    }

    String etag() {
      return headers.get("etag");
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  Reply get(String path, String as) {
    return send("GET", path, null, as, Map.of());
  }

  Reply post(String path, Object body, String as) {
    return send("POST", path, body, as, Map.of());
  }

  Reply send(String method, String path, Object body, String as, Map<String, String> headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.actualPort() + path))
          .timeout(Duration.ofSeconds(20));
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        String text = body instanceof String s ? s : MAPPER.writeValueAsString(body);
        b.method(method, HttpRequest.BodyPublishers.ofString(text))
            .header("Content-Type", "application/json");
      }
      if (as != null) {
        b.header("Authorization", "Bearer " + as);
      }
      headers.forEach(b::header);
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> h = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      return new Reply(r.statusCode(), h, r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs a future-returning action on a Vert.x context and waits for it (for calls that are not HTTP). */
  <T> T call(Supplier<Future<T>> action) {
    return Await.onContext(vertx, action);
  }

  @Override
  public void close() {
    try {
      Await.result(server.close());
    } finally {
      store.close();
      embedded.close();
      Await.result(vertx.close());
    }
  }

  /** Leads by id; visible to admins, to the owner, and to users listed as extra viewers. */
  static final class FakeLeads implements LeadLookup {
    private final Map<String, LeadSummary> leads = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> viewers = new ConcurrentHashMap<>();

    LeadSummary put(LeadSummary lead, String... extraViewers) {
      leads.put(lead.id(), lead);
      viewers.put(lead.id(), Set.of(extraViewers));
      return lead;
    }

    static LeadSummary open(String id, String ownerId, String teamId, String zone) {
      return new LeadSummary(TENANT, id, ownerId, teamId, "new", true, false, 1, zone);
    }

    @Override
    public Future<LeadSummary> visible(Principal caller, String leadId) {
      LeadSummary lead = leads.get(leadId);
      boolean sees = lead != null
          && lead.tenantId().equals(caller.tenantId())
          && (caller.is(Role.ADMIN)
              || caller.userId().equals(lead.ownerId())
              || viewers.get(leadId).contains(caller.userId()));
      return sees
          ? Future.succeededFuture(lead)
          : Future.failedFuture(ProblemException.notFound("lead"));
    }

    @Override
    public Future<LeadSummary> byId(String tenantId, String leadId) {
      LeadSummary lead = leads.get(leadId);
      return lead != null && lead.tenantId().equals(tenantId)
          ? Future.succeededFuture(lead)
          : Future.failedFuture(ProblemException.notFound("lead"));
    }
  }

  /** Users by id with their zone and teams. */
  static final class FakeDirectory implements AssigneeDirectory {
    private final Map<String, Assignee> users = new ConcurrentHashMap<>();

    void put(Principal p, String zone) {
      users.put(p.userId(), new Assignee(p.userId(), zone, p.teamIds()));
    }

    @Override
    public Future<Optional<Assignee>> find(String tenantId, String userId) {
      return Future.succeededFuture(
          TENANT.equals(tenantId) ? Optional.ofNullable(users.get(userId)) : Optional.empty());
    }
  }
}
