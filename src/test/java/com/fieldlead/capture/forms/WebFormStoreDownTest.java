package com.fieldlead.capture.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A submission while the store is unreachable is answered 503 with Retry-After, never with a success: the page (or
 * the script) tells the person to send it again. One instance runs the store; a second uses it and loses it.
 */
class WebFormStoreDownTest {

  @Test
  void aSubmissionWhileTheStoreIsDownIsAnswered503WithRetryAfterInBothShapes() {
    try (TestServer storeHost = TestServer.start()) {
      assumeTrue(storeHost.server().embeddedStore() != null, "needs the embedded store to stop it");
      try (TestServer app = TestServer.start(
          Map.of(
              ConfigKey.MONGODB_URI,
              storeHost.server().storeConnectionString(),
              ConfigKey.FIELDLEAD_MONGODB_TIMEOUT_MS,
              "300"),
          Clock.systemUTC())) {
        Api api = app.api();
        Session admin = AuthFixtures.tenantWithAdmin(app, "Forms down");
        Api.Response created =
            api.post("/v1/forms", WebFormEndpointTest.definition(), admin.accessToken());
        assertEquals(201, created.status(), created.toString());
        String key = created.json().path("key").asText();
        String token =
            api.get("/v1/forms/" + key + "/token", null).json().path("token").asText();

        storeHost.server().embeddedStore().close();

        String body = "last_name=Lovelace&email=ada%40example.com&_fl_token=" + token;
        Api.Response page = api.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/v1/forms/" + key + "/submissions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)),
            null,
            Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertEquals(503, page.status(), page.toString());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.toString());
        assertTrue(page.text().contains("nothing was saved"), page.text());
        assertTrue(Integer.parseInt(page.header("Retry-After")) > 0);

        Api.Response json = api.post(
            "/v1/forms/" + key + "/submissions",
            Map.of("last_name", "Lovelace", "email", "ada@example.com", "_fl_token", token),
            null);
        assertEquals(503, json.status(), json.toString());
        assertEquals("UNAVAILABLE", json.code());
        assertTrue(Integer.parseInt(json.header("Retry-After")) > 0);
      }
    }
  }
}
