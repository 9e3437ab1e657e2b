package com.fieldlead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Requests that no HTTP client library will send (a broken percent escape, a request line or headers over Netty's
 * limits) still get problem+json with a stable code, never a 500 or an empty body. Sent over a raw socket, since
 * java.net.http refuses such URIs.
 */
class MalformedRequestLineTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static TestServer server;
  private static String token;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.demo();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    token = server
        .api()
        .post(
            "/v1/auth/login", Map.of("email", "admin@demo.test", "password", "demo-password"), null)
        .json()
        .path("accessToken")
        .asText();
  }

  /** A raw answer: status, headers (lower-case names), body. */
  record Raw(int status, Map<String, String> headers, String body) {
    JsonNode json() throws IOException {
      return MAPPER.readTree(body);
    }
  }

  private static Raw send(String requestLineTarget, String method, Map<String, String> extraHeaders)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder(method)
          .append(' ')
          .append(requestLineTarget)
          .append(" HTTP/1.1\r\n")
          .append("Host: 127.0.0.1\r\nConnection: close\r\nAccept: application/json\r\n")
          .append("Authorization: Bearer ")
          .append(token)
          .append("\r\n");
      extraHeaders.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      if (!method.equals("GET") && !method.equals("DELETE")) {
        req.append("Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
      } else {
        req.append("\r\n");
      }
      socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
    } catch (SocketException reset) {
      // the server may close right after answering a request it could not decode; what arrived is
      // the answer
    }
    return out.toByteArray();
  }

  private static Raw parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int headEnd = text.indexOf("\r\n\r\n");
    assertTrue(headEnd > 0, "no HTTP answer: " + text);
    String[] lines = text.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    String body = text.substring(headEnd + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Raw(status, headers, body);
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int eol = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(body, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }

  private static void assertProblem(Raw r, int status, String code) throws IOException {
    assertEquals(status, r.status(), r.toString());
    assertEquals("application/problem+json", r.headers().get("content-type"), r.toString());
    JsonNode body = r.json();
    assertEquals(code, body.path("code").asText(), r.toString());
    assertEquals(status, body.path("status").asInt(), r.toString());
    assertFalse(body.path("detail").asText().isEmpty(), r.toString());
    assertEquals(r.headers().get("x-request-id"), body.path("requestId").asText(), r.toString());
  }

  /** Every operation of the contract with a path parameter, as "METHOD /path/{param}". */
  private static List<String[]> byIdOperations() throws IOException {
    JsonNode paths = new ObjectMapper(new YAMLFactory())
        .readTree(Path.of(ApiRouter.CONTRACT_PATH).toFile())
        .path("paths");
    Set<String> methods = Set.of("get", "put", "post", "patch", "delete");
    List<String[]> out = new ArrayList<>();
    paths.fields().forEachRemaining(p -> {
      if (p.getKey().contains("{")) {
        p.getValue().fieldNames().forEachRemaining(m -> {
          if (methods.contains(m)) {
            out.add(new String[] {m.toUpperCase(Locale.ROOT), p.getKey()});
          }
        });
      }
    });
    return out;
  }

  @Test
  void aBrokenPercentEscapeInAPathIs400OnEveryByIdRouteAndLogsNoError() throws IOException {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> errors = new ListAppender<>();
    errors.start();
    root.addAppender(errors);
    List<String[]> operations = byIdOperations();
    try {
      assertTrue(operations.size() >= 35, "by-id operations in the contract: " + operations.size());
      for (String[] op : operations) {
        for (String bad : List.of("%u0000", "%", "%zz", "abc%2")) {
          String target = op[1].replaceAll("\\{[^}]+}", bad);
          Raw r = send(target, op[0], Map.of());
          assertProblem(r, 400, "BAD_REQUEST");
          assertTrue(
              r.json().path("detail").asText().contains("percent"),
              op[0] + " " + target + ": " + r);
        }
      }
      assertProblem(send("/docs/assets/%u0000", "GET", Map.of()), 400, "BAD_REQUEST");
      assertProblem(send("/v1/leads?q=%u0000", "GET", Map.of()), 400, "BAD_REQUEST");
    } finally {
      root.detachAppender(errors);
    }
    assertEquals(
        List.of(),
        errors.list.stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
            .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage())
            .toList());
  }

  @Test
  void aPathOverTheLineLimitIs414ProblemJson() throws IOException {
    Raw r = send("/v1/leads/" + "a".repeat(5000), "GET", Map.of());
    assertProblem(r, 414, "URI_TOO_LONG");
  }

  @Test
  void aQueryOverTheLineLimitIs414ProblemJson() throws IOException {
    Raw r = send("/v1/leads?q=" + "a".repeat(5000), "GET", Map.of());
    assertProblem(r, 414, "URI_TOO_LONG");
  }

  @Test
  void headersOverTheLimitAre431ProblemJson() throws IOException {
    Raw r = send("/v1/me", "GET", Map.of("X-Padding", "p".repeat(9000)));
    assertProblem(r, 431, "HEADERS_TOO_LARGE");
  }

  @Test
  void aRequestLineNettyCannotParseIs400ProblemJson() throws IOException {
    Raw r = send("/v1/me", "GET", Map.of("Content-Length", "abc"));
    assertProblem(r, 400, "BAD_REQUEST");
  }
}
