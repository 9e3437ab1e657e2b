package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new user's path, as a real process: {@code run --demo} on the durable embedded store is ready fast, the demo
 * rep logs in, data written through the API survives {@code kill -9}, and SIGTERM stops the server cleanly.
 */
class ProcessLifecycleTest {

  private static final Pattern LISTENING = Pattern.compile("fieldlead listening \\[port=(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A server child process and the file its output goes to. */
  private record Child(Process process, Path log) {}

  /**
   * Starts the server in a working directory of its own that holds a decoy {@code api-spec/openapi.yaml} (as a
   * checkout of another release would): the server must route by the contract built into it, not by that file.
   */
  private Child launch(Path dataDir, Path log) throws IOException {
    Path work = Files.createDirectories(log.resolveSibling(log.getFileName() + ".cwd"));
    Files.createDirectories(work.resolve("api-spec"));
    Files.writeString(
        work.resolve("api-spec/openapi.yaml"),
        "openapi: 3.1.0\ninfo: {title: decoy, version: '0'}\npaths:\n  /decoy:\n    get:\n"
            + "      operationId: decoyOperationNoReleaseHas\n"
            + "      responses: {'200': {description: ok}}\n");
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        System.getProperty("java.class.path"),
        Main.class.getName(),
        "run",
        "--demo");
    Map<String, String> env = pb.environment();
    env.remove("MONGODB_URI");
    env.put("FIELDLEAD_HTTP_PORT", "0");
    env.put("FIELDLEAD_HTTP_HOST", "127.0.0.1");
    env.put("FIELDLEAD_DATA_DIR", dataDir.toString());
    env.put("FIELDLEAD_PASSWORD_ITERATIONS", "10000");
    env.put("FIELDLEAD_SHUTDOWN_GRACE_MS", "3000");
    env.put("FIELDLEAD_ACCESS_LOG_LEVEL", "WARN");
    pb.directory(work.toFile());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return new Child(pb.start(), log);
  }

  /** Polls the child's output file until a line matches (bounded); returns group 1 or the line. */
  private static String awaitLine(Child child, Pattern pattern, long seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String text = "";
    while (System.nanoTime() < deadline) {
      text = Files.readString(child.log());
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return m.groupCount() > 0 ? m.group(1) : m.group();
      }
      if (!child.process().isAlive()) {
        text = Files.readString(child.log());
        m = pattern.matcher(text);
        if (m.find()) {
          return m.groupCount() > 0 ? m.group(1) : m.group();
        }
        break;
      }
      child.process().waitFor(100, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError(
        "no line matching " + pattern + " within " + seconds + "s; output:\n" + text);
  }

  private HttpResponse<String> call(String method, String url, String body, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String login(String base, String email) throws Exception {
    HttpResponse<String> r = call(
        "POST",
        base + "/v1/auth/login",
        "{\"email\":\"" + email + "\",\"password\":\"demo-password\"}",
        null);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body()).path("accessToken").asText();
  }

  @Test
  void demoServerIsReadyFastSurvivesKillMinus9AndStopsCleanlyOnSigterm(
      @TempDir Path dataDir, @TempDir Path logs) throws Exception {
    Child first = launch(dataDir, logs.resolve("first.log"));
    String deviceId = UUID.randomUUID().toString();
    try {
      long started = System.nanoTime();
      String base = "http://127.0.0.1:" + awaitLine(first, LISTENING, 60);
      assertEquals(200, call("GET", base + "/health/ready", null, null).statusCode());
      long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertTrue(readyMs < 20_000, "ready after " + readyMs + " ms");

      HttpResponse<String> contract = call("GET", base + "/openapi.yaml", null, null);
      assertEquals(200, contract.statusCode());
      assertTrue(
          contract.body().contains("/v1/sync/push")
              && !contract.body().contains("decoyOperationNoReleaseHas"),
          "the server answers its own contract, not the working directory's");

      String token = login(base, "rep1@demo.test");
      JsonNode me = JSON.readTree(call("GET", base + "/v1/me", null, token).body());
      assertEquals("rep1@demo.test", me.path("user").path("email").asText(), me.toString());

      HttpResponse<String> device = call(
          "POST",
          base + "/v1/devices",
          "{\"id\":\"" + deviceId
              + "\",\"platform\":\"android\",\"appVersion\":\"1.0.0\",\"syncProtocolVersion\":1}",
          token);
      assertTrue(device.statusCode() == 201 || device.statusCode() == 200, device.body());
    } finally {
      first.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
      first.process().waitFor(30, TimeUnit.SECONDS);
    }
    assertEquals(137, first.process().exitValue(), "killed with SIGKILL");

    Child second = launch(dataDir, logs.resolve("second.log"));
    try {
      String base = "http://127.0.0.1:" + awaitLine(second, LISTENING, 60);
      String token = login(base, "rep1@demo.test");
      HttpResponse<String> device = call("GET", base + "/v1/devices/" + deviceId, null, token);
      assertEquals(
          200,
          device.statusCode(),
          "device registered before kill -9 is still there: " + device.body());

      second.process().destroy(); // SIGTERM: graceful path
      assertTrue(second.process().waitFor(30, TimeUnit.SECONDS), "exits after SIGTERM");
      assertTrue(
          List.of(0, 143).contains(second.process().exitValue()),
          "exit " + second.process().exitValue());
      awaitLine(second, Pattern.compile("shutdown requested"), 5);
      awaitLine(second, Pattern.compile("fieldlead stopped"), 5);
    } finally {
      second.process().destroyForcibly();
    }
  }
}
