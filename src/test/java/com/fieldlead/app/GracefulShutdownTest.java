package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.TestServer;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping (what SIGTERM does) stops accepting at once but lets a request already in flight finish. */
class GracefulShutdownTest {

  @Test
  void inFlightRequestCompletesWhileNewConnectionsAreRefused() throws Exception {
    TestServer server =
        TestServer.start(Map.of(ConfigKey.FIELDLEAD_SHUTDOWN_GRACE_MS, "10000"), Clock.systemUTC());
    int port = server.port();
    String body = "{\"email\":\"nobody@example.test\",\"password\":\"wrong-password\"}";
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(15000);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST /v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Content-Length: " + body.length() + "\r\n\r\n";
      out.write((head + body.substring(0, 10)).getBytes(StandardCharsets.UTF_8));
      out.flush();

      awaitActiveRequests(server, 2); // ours, plus the metrics scrape that observes it

      Future<Void> stopped = server.server().stop();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      boolean refused = false;
      while (!refused && System.nanoTime() < deadline) {
        try (Socket probe = new Socket()) {
          probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (SocketException e) {
          refused = true; // refused, or reset by a listener that is closing
        }
      }
      assertTrue(refused, "new connections are refused once stopping");
      assertFalse(stopped.isComplete(), "stop waits for the request in flight");

      out.write(body.substring(10).getBytes(StandardCharsets.UTF_8));
      out.flush();
      String response = readResponseHead(socket.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 401"), response);
      stopped.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
    assertThrows(SocketException.class, () -> new Socket("127.0.0.1", port).close());
  }

  /** Waits (bounded) until the server counts at least {@code n} requests in progress. */
  private static void awaitActiveRequests(TestServer server, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String metrics = "";
    while (System.nanoTime() < deadline) {
      metrics = server.api().get("/metrics", null).text();
      double active = metrics
          .lines()
          .filter(l -> l.startsWith("vertx_http_server_active_requests"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
      if (active >= n) {
        return;
      }
    }
    throw new AssertionError("the half-sent request never became active:\n"
        + metrics.lines().filter(l -> l.contains("active")).toList());
  }

  private static String readResponseHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      sb.append((char) c);
      if (sb.toString().endsWith("\r\n\r\n")) {
        break;
      }
    }
    return sb.toString();
  }
}
