package com.fieldlead.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.testing.KeepAliveHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * fieldlead as a new user runs it: {@code java -XX:SharedArchiveFile=target/fieldlead.jsa -jar target/fieldlead.jar
 * run --demo} in an empty directory, no other JVM option (the durable embedded store under {@code ./data}), or the
 * in-memory store as a second column; a jar without an archive beside it (an earlier build's) starts without one.
 * Phones are rep1's devices, speaking the sync protocol of mobile-contract/.
 */
final class FieldleadPeer implements Peer {

  private static final Pattern COMMANDS = Pattern.compile(
      "^mongodb_driver_commands_seconds_count\\{.*?collection=\"([^\"]*)\",command=\"([^\"]*)\".*?\\} ([0-9.Ee+-]+)$");

  private final Path jar;
  private final boolean inMemory;
  private final int port = ServerProcess.freePort();
  private final KeepAliveHttp http;
  private final AtomicLong mutationIds = new AtomicLong();
  /** Lead versions the phones have seen (push results and pulls), shared as a phone's store would hold them. */
  private final Map<String, Long> versions = new ConcurrentHashMap<>();

  private ServerProcess server;
  private Path dir;

  FieldleadPeer(Path jar, boolean inMemory) {
    this.jar = jar;
    this.inMemory = inMemory;
    this.http = new KeepAliveHttp("http://127.0.0.1:" + port);
  }

  private String name;

  /** The same server under another column name (an earlier build's jar beside this one). */
  FieldleadPeer named(String name) {
    this.name = name;
    return this;
  }

  @Override
  public String name() {
    if (name != null) {
      return name;
    }
    return inMemory ? "fieldlead (in-memory store)" : "fieldlead";
  }

  @Override
  public long startFresh(Path dir) throws Exception {
    this.dir = dir;
    Map<String, String> env = new HashMap<>();
    env.put("FIELDLEAD_HTTP_PORT", String.valueOf(port));
    env.put("FIELDLEAD_HTTP_HOST", "127.0.0.1");
    // a benchmark's phones send far more than a phone's 20 requests a second: measure the server,
    // not its limits
    env.put("FIELDLEAD_RATE_LIMIT_DEVICE_PER_MINUTE", "0");
    env.put("FIELDLEAD_RATE_LIMIT_TENANT_PER_MINUTE", "0");
    if (inMemory) {
      env.put("FIELDLEAD_EMBEDDED_IN_MEMORY", "true");
    }
    List<String> command = ServerProcess.runDemo(jar);
    server = new ServerProcess(command, env, dir);
    return server.start(port, "/health/ready");
  }

  @Override
  public long restart() throws Exception {
    http.close();
    server.stop();
    return server.start(port, "/health/ready");
  }

  @Override
  public void setUp() {
    String admin = login("admin@demo.test");
    for (ObjectNode body : BenchLeads.qualifierQuestions()) {
      KeepAliveHttp.Response r = http.post("/v1/qualifier-questions", bytes(body), admin, Map.of());
      if (r.status() != 201 && r.status() != 409) {
        throw new IllegalStateException("qualifier question: " + r.status() + " " + r.text());
      }
    }
  }

  private String login(String email) {
    ObjectNode body =
        BenchLeads.JSON.createObjectNode().put("email", email).put("password", "demo-password");
    KeepAliveHttp.Response r = http.post("/v1/auth/login", bytes(body), null, Map.of());
    if (r.status() != 200) {
      throw new IllegalStateException("login " + email + ": " + r.status() + " " + r.text());
    }
    return json(r).path("accessToken").asText();
  }

  @Override
  public Phone phone(String name) {
    String token = login("rep1@demo.test");
    String deviceId = UUID.nameUUIDFromBytes(
            ("bench-device:" + name).getBytes(StandardCharsets.UTF_8))
        .toString();
    ObjectNode device = BenchLeads.JSON
        .createObjectNode()
        .put("id", deviceId)
        .put("platform", "android")
        .put("appVersion", "bench-1")
        .put("syncProtocolVersion", 1);
    KeepAliveHttp.Response r = http.post("/v1/devices", bytes(device), token, Map.of());
    if (r.status() != 200 && r.status() != 201) {
      throw new IllegalStateException("device: " + r.status() + " " + r.text());
    }
    return new FieldleadPhone(name, token, deviceId);
  }

  private final class FieldleadPhone implements Phone {
    private final String name;
    private final String deviceId;
    private String token;
    private String checkpoint;

    FieldleadPhone(String name, String token, String deviceId) {
      this.name = name;
      this.token = token;
      this.deviceId = deviceId;
    }

    @Override
    public void pushCaptures(List<BenchLeads.Capture> captures) {
      ArrayNode mutations = BenchLeads.JSON.createArrayNode();
      for (BenchLeads.Capture c : captures) {
        mutations
            .addObject()
            .put("clientMutationId", deviceId + ":" + mutationIds.incrementAndGet())
            .put("entityType", "lead")
            .put("entityId", c.id())
            .put("op", "create")
            .set("changes", c.doc());
      }
      push(mutations);
    }

    @Override
    public void pushEdits(List<Edit> edits) {
      ArrayNode mutations = BenchLeads.JSON.createArrayNode();
      for (Edit e : edits) {
        Long base = versions.get(e.id());
        if (base == null) {
          throw new IllegalStateException("edit of a lead the phone has not seen: " + e.id());
        }
        mutations
            .addObject()
            .put("clientMutationId", deviceId + ":" + mutationIds.incrementAndGet())
            .put("entityType", "lead")
            .put("entityId", e.id())
            .put("op", "update")
            .put("baseVersion", base)
            .set("changes", e.changes());
      }
      push(mutations);
    }

    private void push(ArrayNode mutations) {
      ObjectNode body =
          BenchLeads.JSON.createObjectNode().put("protocolVersion", 1).put("deviceId", deviceId);
      body.set("mutations", mutations);
      JsonNode answer = json(call("/v1/sync/push", bytes(body)));
      for (JsonNode result : answer.path("results")) {
        String kind = result.path("result").asText();
        if (!kind.equals("applied") && !kind.equals("merged") && !kind.equals("conflict")) {
          throw new IllegalStateException("push result " + kind + ": " + result);
        }
        versions.put(result.path("entityId").asText(), result.path("version").asLong());
      }
      if (answer.path("results").size() != mutations.size()) {
        throw new IllegalStateException(
            "push answered " + answer.path("results").size() + " of " + mutations.size());
      }
    }

    @Override
    public Page pull(int limit) {
      ObjectNode body = BenchLeads.JSON
          .createObjectNode()
          .put("protocolVersion", 1)
          .put("deviceId", deviceId)
          .put("limit", limit);
      if (checkpoint != null) {
        body.put("checkpoint", checkpoint);
      }
      KeepAliveHttp.Response r = call("/v1/sync/pull", bytes(body));
      byte[] plain = decoded(r);
      JsonNode page = parse(plain);
      int changes = 0;
      for (JsonNode change : page.path("changes")) {
        changes++;
        if (change.path("entityType").asText().equals("lead")) {
          versions.put(change.path("entityId").asText(), change.path("version").asLong());
        }
      }
      checkpoint = page.path("checkpoint").asText();
      return new Page(
          changes, plain.length, r.body().length, page.path("hasMore").asBoolean());
    }

    @Override
    public void checkpointFrom(Phone other) {
      checkpoint = ((FieldleadPhone) other).checkpoint;
    }

    /** A sync call; a token that expired during a long run is renewed once (a phone refreshes its session). */
    private KeepAliveHttp.Response call(String path, byte[] body) {
      KeepAliveHttp.Response r = http.post(path, body, token, Map.of("Accept-Encoding", "gzip"));
      if (r.status() == 401) {
        token = login("rep1@demo.test");
        r = http.post(path, body, token, Map.of("Accept-Encoding", "gzip"));
      }
      if (r.status() != 200) {
        throw new IllegalStateException(name + " " + path + ": " + r.status() + " "
            + new String(decoded(r), StandardCharsets.UTF_8));
      }
      return r;
    }
  }

  @Override
  public long[] rss() {
    return server.rss();
  }

  @Override
  public long disk() {
    return inMemory ? 0 : ServerProcess.bytesUnder(dir.resolve("data"));
  }

  @Override
  public Map<String, Long> storeCommands() {
    KeepAliveHttp.Response r = http.send("GET", "/metrics", null, Map.of());
    Map<String, Long> out = new TreeMap<>();
    for (String line : r.text().split("\n")) {
      Matcher m = COMMANDS.matcher(line);
      if (m.matches()) {
        out.merge(m.group(1) + "." + m.group(2), (long) Double.parseDouble(m.group(3)), Long::sum);
      }
    }
    return out;
  }

  @Override
  public List<String> logProblems() {
    return server.logLines().stream()
        .filter(l ->
            l.matches("^\\S+ (WARN|ERROR) .*") || l.startsWith("\tat ") || l.contains("Exception"))
        .toList();
  }

  @Override
  public void close() {
    http.close();
    if (server != null) {
      server.stop();
    }
  }

  static byte[] decoded(KeepAliveHttp.Response r) {
    if (!"gzip".equalsIgnoreCase(r.headers().get("content-encoding"))) {
      return r.body();
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(KeepAliveHttp.Response r) {
    return parse(decoded(r));
  }

  static JsonNode parse(byte[] b) {
    try {
      return BenchLeads.JSON.readTree(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return BenchLeads.JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
