package com.fieldlead.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.ConfigLoader;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.lead.demo.LeadDemoSeed;
import com.fieldlead.store.EmbeddedStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The {@code class-archive} command: the work a new user's first minute puts through the server, done once so that
 * the JVM can write the classes it loaded into a class data archive. The build runs it as {@code java
 * -XX:ArchiveClassesAtExit=target/fieldlead.jsa -jar target/fieldlead.jar class-archive}; started with {@code
 * -XX:SharedArchiveFile=target/fieldlead.jsa}, the server then maps those classes, already parsed and verified, instead
 * of loading them from the jar (README, Running: the start measured both ways).
 *
 * <p>What it does: {@code run --demo} on a scratch data directory (the durable embedded store, a free local port,
 * defaults only: the build's environment is not read), then over HTTP what a rep's phone and a manager do first
 * (log in, register a device, push captures at the demo event and an edit, pull to the end, list leads and
 * notifications), then a graceful stop. An answer other than the expected one stops the training early but not the
 * build (a {@code mvn package} on a machine that cannot run it still builds a jar that starts); the archive then holds
 * only what was loaded until then, which {@code ClassArchiveIT} finds in the build's verify phase.
 */
final class ClassArchiveTraining {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CAPTURES = 60;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private String base;

  private ClassArchiveTraining() {}

  static int run() {
    Path dir = null;
    FieldleadServer server = null;
    try {
      dir = Files.createTempDirectory("fieldlead-class-archive-");
      Map<ConfigKey, String> overrides = new EnumMap<>(ConfigKey.class);
      overrides.put(ConfigKey.FIELDLEAD_DATA_DIR, dir.toString());
      overrides.put(ConfigKey.FIELDLEAD_HTTP_HOST, "127.0.0.1");
      overrides.put(ConfigKey.FIELDLEAD_HTTP_PORT, "0");
      overrides.put(ConfigKey.FIELDLEAD_DEMO, "true");
      FieldleadConfig config = ConfigLoader.load(Map.of(), overrides);
      HeapReturn.apply();
      server = new FieldleadServer(config, Clock.systemUTC());
      server.start().toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
      ClassArchiveTraining training = new ClassArchiveTraining();
      training.base = "http://127.0.0.1:" + server.port();
      training.firstMinute();
      return 0;
    } catch (Exception e) {
      // the archive then holds the classes loaded so far: the server starts with it, only slower
      // than it could; ClassArchiveIT, in the build's verify phase, fails on an archive without the
      // sync path's classes, so a training run that breaks does not go unseen
      System.err.println(
          "fieldlead class-archive: the training run stopped early (the archive holds"
              + " what was loaded until then): " + e);
      return 0;
    } finally {
      if (server != null) {
        server.stopAndWait();
      }
      if (dir != null) {
        EmbeddedStore.deleteQuietly(dir);
      }
    }
  }

  private void firstMinute() throws IOException, InterruptedException {
    expect(200, "GET", "/health/ready", null, null);
    String rep = login("rep1@demo.test");
    String device = UUID.randomUUID().toString();
    ObjectNode register = JSON.createObjectNode()
        .put("id", device)
        .put("platform", "android")
        .put("appVersion", "class-archive")
        .put("syncProtocolVersion", 1);
    expect(201, "POST", "/v1/devices", register, rep);
    String first = null;
    for (int push = 0; push < 2; push++) {
      ArrayNode mutations = JSON.createArrayNode();
      for (int i = 0; i < CAPTURES / 2; i++) {
        String id = UUID.randomUUID().toString();
        first = first == null ? id : first;
        mutations.add(capture(device, push * CAPTURES + i, id));
      }
      expect(200, "POST", "/v1/sync/push", pushBody(device, mutations), rep);
    }
    String checkpoint = pullToTheEnd(device, rep, null);
    ArrayNode edit = JSON.createArrayNode();
    edit.addObject()
        .put("clientMutationId", device + ":edit")
        .put("entityType", "lead")
        .put("entityId", first)
        .put("op", "update")
        .put("baseVersion", 1)
        .put("clientTime", Instant.now().toString())
        .set("changes", JSON.createObjectNode().put("notes", "met at the booth, wants a demo"));
    expect(200, "POST", "/v1/sync/push", pushBody(device, edit), rep);
    pullToTheEnd(device, rep, checkpoint);
    expect(200, "GET", "/v1/leads?limit=50", null, rep);
    String manager = login("manager@demo.test");
    expect(200, "GET", "/v1/leads?limit=50&status=new", null, manager);
    expect(200, "GET", "/v1/notifications", null, manager);
  }

  private static ObjectNode capture(String device, int n, String id) {
    ObjectNode changes = JSON.createObjectNode()
        .put("firstName", "Visitor")
        .put("lastName", "Number " + n)
        .put("email", "visitor" + n + "@example.com")
        .put("company", "Example Corp " + (n % 7))
        .put("title", "Head of Operations")
        .put("eventId", LeadDemoSeed.EXPO_ID)
        .put("captureMethod", "badge_scan")
        .put("capturedAt", Instant.now().minusSeconds(120).toString())
        .put("notes", "asked about pricing for a team of twenty, follow up next week");
    boolean hot = n % 2 == 0; // half of them hot: the hot-lead alert's path too
    changes
        .putObject("bant")
        .put("budget", hot ? "approved" : "unknown")
        .put("authority", hot ? "decision_maker" : "user")
        .put("need", hot ? "high" : "medium")
        .put("timeline", hot ? "immediate" : "within_12_months");
    ObjectNode mutation = JSON.createObjectNode()
        .put("clientMutationId", device + ":" + n)
        .put("entityType", "lead")
        .put("entityId", id)
        .put("op", "create")
        .put("clientTime", Instant.now().toString());
    mutation.set("changes", changes);
    return mutation;
  }

  private static ObjectNode pushBody(String device, ArrayNode mutations) {
    ObjectNode body = JSON.createObjectNode().put("protocolVersion", 1).put("deviceId", device);
    body.set("mutations", mutations);
    return body;
  }

  private String pullToTheEnd(String device, String token, String from)
      throws IOException, InterruptedException {
    String checkpoint = from;
    for (int page = 0; page < 100; page++) {
      ObjectNode body = JSON.createObjectNode()
          .put("protocolVersion", 1)
          .put("deviceId", device)
          .put("limit", 50);
      if (checkpoint != null) {
        body.put("checkpoint", checkpoint);
      }
      JsonNode answer = expect(200, "POST", "/v1/sync/pull", body, token);
      checkpoint = answer.path("checkpoint").asText();
      if (!answer.path("hasMore").asBoolean()) {
        return checkpoint;
      }
    }
    throw new IllegalStateException("the pull did not reach the end in 100 pages");
  }

  private String login(String email) throws IOException, InterruptedException {
    ObjectNode body =
        JSON.createObjectNode().put("email", email).put("password", DemoSeed.PASSWORD);
    return expect(200, "POST", "/v1/auth/login", body, null).path("accessToken").asText();
  }

  private JsonNode expect(int status, String method, String path, JsonNode body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Accept", "application/json")
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != status) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode()
          + " (expected " + status + "): " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
  }
}
