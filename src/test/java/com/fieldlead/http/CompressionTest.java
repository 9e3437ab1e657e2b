package com.fieldlead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A body labelled gzip is gzip, whatever HTTP version the client negotiates (the JDK client tries an h2c upgrade on
 * plain HTTP first; a label without compression there would break every client that trusts the header).
 */
class CompressionTest {

  private static TestServer server;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.demo();

  @BeforeAll
  static void start() {
    server = SERVER.get();
  }

  @Test
  void gzipLabelledBodiesAreGzipOverHttp11AndWithTheDefaultClient() throws Exception {
    for (HttpClient.Version version :
        new HttpClient.Version[] {HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2}) {
      HttpClient client = HttpClient.newBuilder().version(version).build();
      for (int i = 0; i < 2; i++) { // the second request rides the (possibly upgraded) connection
        HttpResponse<byte[]> r = client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/openapi.yaml"))
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        String encoding = r.headers().firstValue("content-encoding").orElse("identity");
        assertEquals("gzip", encoding, version + ": a 100 KB contract is compressed");
        assertTrue(
            gunzip(r.body()).startsWith("openapi: 3.1"), version + ": the body really is gzip");
      }
    }
  }

  /**
   * Vert.x 5's HTTP/2 encoder switches to "plain" for good after one uncompressed answer on a connection, then labels
   * later answers gzip without compressing them (eclipse-vertx/vert.x#5896). An answer the client did not ask to
   * compress first, then ones it did, on one connection of the default client: those must be real gzip.
   */
  @Test
  void anUncompressedAnswerFirstDoesNotLeaveLaterAnswersOnTheConnectionMislabelled()
      throws Exception {
    HttpClient client = HttpClient.newBuilder().build(); // HTTP/2 preferred: tries an h2c upgrade
    for (String encoding : new String[] {"identity", "identity", "gzip", "gzip"}) {
      HttpResponse<byte[]> r = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/openapi.yaml"))
              .header("Accept-Encoding", encoding)
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, r.statusCode());
      if (r.headers().firstValue("content-encoding").orElse("identity").equals("gzip")) {
        assertTrue(
            r.body().length > 2 && (r.body()[0] & 0xff) == 0x1f && (r.body()[1] & 0xff) == 0x8b,
            "answer over " + r.version() + " is labelled gzip but is not gzip");
      }
    }
  }

  @Test
  void aGzipLabelledPostAnswerIsGzipWithTheDefaultClient() throws Exception {
    String token = server
        .api()
        .post(
            "/v1/auth/login", Map.of("email", "rep1@demo.test", "password", "demo-password"), null)
        .json()
        .path("accessToken")
        .asText();
    for (HttpClient.Version version :
        new HttpClient.Version[] {HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2}) {
      HttpClient client = HttpClient.newBuilder().version(version).build();
      HttpResponse<byte[]> r = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/sync/pull"))
              .header("Accept-Encoding", "gzip")
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"protocolVersion\":1,\"deviceId\":\"d-gzip\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, r.statusCode());
      assertEquals(
          "gzip",
          r.headers().firstValue("content-encoding").orElse("identity"),
          version.toString());
      assertTrue(gunzip(r.body()).startsWith("{"), version + ": the body really is gzip");
    }
  }

  private static String gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
