package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.store.Migrations;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by an earlier release is upgraded in place: {@code fixtures/store-f13867b.zip} is the
 * embedded store of the jar built from commit f13867b (before leads kept their per-field stamps once per distinct
 * stamp), after {@code run --demo}, rep1's phone pushing 12 captures at the demo event and an edit of the first, and
 * a lead created through the API; stopped with SIGTERM.
 */
class UpgradeTest {

  private static final String EDITED = "f26472b0-f232-46fa-9cbc-bcdbb4cf5c45";

  @TempDir
  Path dir;

  private void unzipFixture() throws IOException {
    try (InputStream in = UpgradeTest.class.getResourceAsStream("/fixtures/store-f13867b.zip");
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        Path to = dir.resolve(e.getName()).normalize();
        assertTrue(to.startsWith(dir), e.getName());
        if (e.isDirectory()) {
          Files.createDirectories(to);
        } else {
          Files.createDirectories(to.getParent());
          Files.copy(zip, to);
        }
      }
    }
  }

  private TestServer start() {
    return TestServer.start(
        Map.of(
            ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY,
            "false",
            ConfigKey.FIELDLEAD_DATA_DIR,
            dir.toString()),
        Clock.systemUTC());
  }

  private static List<Document> storedLeads(TestServer server) {
    return Await.onContext(
        server,
        () -> MongoFutures.list(server.server().store().collection("leads").find()));
  }

  @Test
  void theReleaseBeforeTheCompactStampsIsMigratedWhileServingAndReadsAsBefore() throws Exception {
    unzipFixture();
    List<Migrations.Applied> applied;
    try (TestServer server = start()) {
      Api api = server.api();
      // served at once, while the background step may still run: the old form reads as before
      Session rep = AuthFixtures.login(api, "rep1@demo.test", "demo-password");
      Api.Response lead = api.get("/v1/leads/" + EDITED, rep.accessToken());
      assertEquals(200, lead.status(), lead::toString);
      assertEquals("CEO", lead.json().path("title").asText());
      int version = lead.json().path("version").asInt();
      assertTrue(
          Await.until(
              () -> Await.onContext(server, () -> server.server().migrations().state())
                      .version()
                  == server.server().migrations().latest(),
              30_000),
          "the store reaches this release's schema");
      List<Document> leads = storedLeads(server);
      assertTrue(leads.size() >= 13, "the fixture's leads: " + leads.size());
      for (Document d : leads) {
        assertEquals(2, d.getInteger("_sv"), () -> "form of " + d.get("id"));
        assertTrue(
            d.get("fieldMeta", Document.class).containsKey("_stamps"),
            () -> "compact stamps on " + d.get("id"));
      }
      // the API's per-field stamps are the ones written by the old release
      Api.Response after = api.get("/v1/leads/" + EDITED, rep.accessToken());
      assertEquals(lead.json().path("fieldMeta"), after.json().path("fieldMeta"));
      assertEquals(
          2, after.json().path("fieldMeta").path("title").path("version").asInt());
      assertEquals(
          1, after.json().path("fieldMeta").path("company").path("version").asInt());
      // phones see no change: the step rewrote the storage, not the lead
      Map<String, Object> pull = new LinkedHashMap<>();
      pull.put("protocolVersion", 1);
      pull.put("deviceId", "after-upgrade");
      pull.put("appVersion", "2.4.0");
      JsonNode page = api.post("/v1/sync/pull", pull, rep.accessToken()).json();
      boolean found = false;
      for (JsonNode c : page.path("changes")) {
        if (c.path("entityId").asText().equals(EDITED)) {
          found = true;
          assertEquals(version, c.path("version").asInt());
          assertEquals("CEO", c.path("state").path("title").asText());
        }
      }
      assertTrue(found, "the edited capture is in a first pull");
      applied =
          Await.onContext(server, () -> server.server().migrations().state()).applied();
      assertEquals(
          List.of(1, 2, 3, 4), applied.stream().map(Migrations.Applied::version).toList());
      assertTrue(
          applied.get(1).documents() >= 13, "leads rewritten: " + applied.get(1).documents());
    }
    // a restart runs nothing again
    try (TestServer again = start()) {
      Migrations.State state =
          Await.onContext(again, () -> again.server().migrations().state());
      assertEquals(applied, state.applied());
      assertFalse(storedLeads(again).isEmpty());
    }
  }
}
