package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.attachment.AttachmentRecords;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.store.Migration;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.embedded.KvBackend;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import io.vertx.core.Future;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attachment metadata in sync pulls: a photo one device uploads reaches the other phones that see its lead on their
 * next pull (metadata only), a delete arrives as a tombstone, a lead's reassignment or merge brings its attachments
 * along, and nobody outside the lead's visibility, or in another tenant, ever gets them.
 */
class SyncAttachmentPullTest {

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  static TestServer server;
  static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(Map.of(), CLOCK);

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  @Test
  void aPhotoUploadedByOneDeviceReachesAnotherDevicesPullAndItsDeleteArrivesAsATombstone() {
    SyncFixture f = SyncFixture.create(server, "Photos");
    String lead = f.leadOwnedBy(f.rep1());
    String managerCp = f.pullAll(f.manager(), "d-b", null).checkpoint();
    String rep1Cp = f.pullAll(f.rep1(), "d-a", null).checkpoint();

    String photo = UUID.randomUUID().toString();
    byte[] png = png(120, 80);
    Api.Response up = upload(f.rep1(), lead, photo, "booth_photo", "image/png", png);
    assertEquals(201, up.status(), up::toString);

    SyncFixture.Pulled managers = f.pullAll(f.manager(), "d-b", managerCp);
    JsonNode change = managers.last(photo);
    assertNotNull(change, () -> "the manager's phone did not get the photo: " + managers.changes());
    assertEquals("attachment", change.get("entityType").asText());
    assertEquals(1, change.get("version").asLong());
    assertFalse(change.get("deleted").asBoolean());
    JsonNode state = change.get("state");
    assertEquals(up.json(), state, "the pulled metadata is the attachment API's");
    assertEquals(lead, state.get("leadId").asText());
    assertEquals("image/png", state.get("contentType").asText());
    assertEquals(png.length, state.get("size").asLong());
    assertTrue(state.get("thumbnail").asBoolean());
    assertEquals(120, state.get("width").asInt());
    assertEquals(f.rep1().userId(), state.get("createdBy").asText());
    assertFalse(state.has("tenantId") || state.has("syncSeq"), state::toString);
    assertFalse(managers.changes().toString().contains("iVBOR"), "no bytes travel in a pull");
    // the uploader's other device learns of it too
    SyncFixture.Pulled rep1s = f.pullAll(f.rep1(), "d-a", rep1Cp);
    assertNotNull(rep1s.last(photo));

    Api.Response del =
        api.delete("/v1/leads/" + lead + "/attachments/" + photo, f.manager().accessToken());
    assertEquals(204, del.status(), del::toString);
    JsonNode tombstone = f.pullAll(f.rep1(), "d-a", rep1s.checkpoint()).last(photo);
    assertNotNull(tombstone, "the delete did not reach the uploader's phone");
    assertTrue(tombstone.get("deleted").asBoolean(), tombstone::toString);
    assertEquals(2, tombstone.get("version").asLong());
    assertNull(tombstone.get("state"), tombstone::toString);
  }

  @Test
  void aPulledAttachmentAndItsTombstoneAreValidAgainstTheContractsSchema() throws IOException {
    SyncFixture f = SyncFixture.create(server, "Contract");
    String lead = f.leadOwnedBy(f.rep1());
    String cp = f.pullAll(f.rep1(), "d-contract", null).checkpoint();
    String photo = UUID.randomUUID().toString();
    String note = UUID.randomUUID().toString();
    assertEquals(
        201,
        upload(f.rep1(), lead, photo, "business_card", "image/png", png(64, 40)).status());
    assertEquals(
        201, upload(f.rep1(), lead, note, "voice_note", "audio/ogg", ogg()).status());
    assertEquals(
        204,
        api.delete("/v1/leads/" + lead + "/attachments/" + note, f.rep1().accessToken())
            .status());
    Api.Response page = f.pull(f.rep1(), "d-contract", cp, null);
    assertEquals(200, page.status(), page::toString);
    SyncGoldenExamplesTest.assertValid("pull-response", page.text());
    assertTrue(page.text().contains("\"entityType\":\"attachment\""), page::toString);
  }

  @Test
  void anAttachmentCannotBePushedItIsRejectedAndNothingIsStored() {
    SyncFixture f = SyncFixture.create(server, "NoPush");
    String lead = f.leadOwnedBy(f.rep1());
    String id = UUID.randomUUID().toString();
    Api.Response r = f.push(
        f.rep1(),
        "d-push",
        List.of(SyncFixture.mutation(
            "a-1",
            "attachment",
            id,
            "create",
            null,
            Map.of("leadId", lead, "kind", "voice_note"))));
    assertEquals(200, r.status(), r::toString);
    JsonNode result = r.json().get("results").get(0);
    assertEquals("rejected", result.get("result").asText(), result::toString);
    assertEquals("VALIDATION_FAILED", result.get("code").asText(), result::toString);
    assertNull(f.pullAll(f.rep1(), "d-push", null).last(id));
  }

  @Test
  void aRepWhoCannotSeeTheLeadAndAnotherTenantNeverGetItsAttachmentsNorTheirTombstones() {
    SyncFixture f = SyncFixture.create(server, "Hidden");
    Session other = AuthFixtures.tenantWithAdmin(server, "Elsewhere");
    String lead = f.leadOwnedBy(f.rep1());
    String rep2Cp = f.pullAll(f.rep2(), "d-rep2", null).checkpoint();
    String otherCp = f.pullAll(other, "d-other", null).checkpoint();

    String card = UUID.randomUUID().toString();
    String note = UUID.randomUUID().toString();
    assertEquals(
        201,
        upload(f.rep1(), lead, card, "business_card", "image/png", png(40, 30)).status());
    assertEquals(
        201, upload(f.rep1(), lead, note, "voice_note", "audio/ogg", ogg()).status());
    assertEquals(
        204,
        api.delete("/v1/leads/" + lead + "/attachments/" + card, f.rep1().accessToken())
            .status());

    SyncFixture.Pulled rep2 = f.pullAll(f.rep2(), "d-rep2", rep2Cp);
    assertNull(rep2.last(card), "a rep outside the lead's visibility got its tombstone");
    assertNull(rep2.last(note), "a rep outside the lead's visibility got its attachment");
    SyncFixture.Pulled elsewhere = f.pullAll(other, "d-other", otherCp);
    assertTrue(
        elsewhere.changes().stream()
            .noneMatch(c -> c.get("entityType").asText().equals("attachment")),
        () -> "another tenant's admin got attachments: " + elsewhere.changes());
    // while the tenant's admin, who sees every lead, gets the live one and the tombstone
    SyncFixture.Pulled admin = f.pullAll(f.admin(), "d-admin", null);
    assertEquals("voice_note", admin.last(note).get("state").get("kind").asText());
    assertFalse(admin.last(note).get("state").get("thumbnail").asBoolean());
    assertTrue(admin.last(card).get("deleted").asBoolean());
  }

  @Test
  void aLeadReassignedToAnotherRepArrivesOnTheirPhoneWithItsAttachmentsAndAMergeMovesThem() {
    SyncFixture f = SyncFixture.create(server, "Moves");
    String lead = f.leadOwnedBy(f.rep1());
    String loser = f.leadOwnedBy(f.rep1());
    String photo = UUID.randomUUID().toString();
    String card = UUID.randomUUID().toString();
    assertEquals(
        201,
        upload(f.rep1(), lead, photo, "booth_photo", "image/png", png(30, 30)).status());
    assertEquals(
        201,
        upload(f.rep1(), loser, card, "business_card", "image/png", png(20, 20)).status());
    String rep2Cp = f.pullAll(f.rep2(), "d-rep2", null).checkpoint();
    String managerCp = f.pullAll(f.manager(), "d-m", null).checkpoint();

    Api.Response assigned = api.post(
        "/v1/leads/" + lead + "/assign",
        Map.of("ownerId", f.rep2().userId(), "reason", "closer to the customer"),
        f.manager().accessToken());
    assertEquals(200, assigned.status(), assigned::toString);
    SyncFixture.Pulled rep2 = f.pullAll(f.rep2(), "d-rep2", rep2Cp);
    assertNotNull(rep2.last(lead), "the lead moved to rep2");
    JsonNode moved = rep2.last(photo);
    assertNotNull(moved, () -> "the lead's photo did not come with it: " + rep2.changes());
    assertEquals(1, moved.get("version").asLong(), "a re-stamp is not a new version");

    Api.Response merged = api.post(
        "/v1/leads/" + lead + "/merge", Map.of("otherId", loser), f.manager().accessToken());
    assertEquals(200, merged.status(), merged::toString);
    JsonNode repointed = f.pullAll(f.manager(), "d-m", managerCp).last(card);
    assertNotNull(repointed, "the merged-away lead's card did not move");
    assertEquals(lead, repointed.get("state").get("leadId").asText());
    assertEquals(2, repointed.get("version").asLong());
  }

  @Test
  void anEmptyPullReadsNoAttachmentRecordsAndNothingItDidNotReadBefore() {
    SyncFixture f = SyncFixture.create(server, "Quiet");
    String lead = f.leadOwnedBy(f.rep1());
    assertEquals(
        201,
        upload(
                f.rep1(),
                lead,
                UUID.randomUUID().toString(),
                "booth_photo",
                "image/png",
                png(10, 10))
            .status());
    String cp = f.pullAll(f.rep1(), "d-quiet", null).checkpoint();
    cp = f.pullAll(f.rep1(), "d-quiet", cp).checkpoint(); // the device's sync state is written now
    // what an empty pull read before attachments were pulled: the tenant's access epoch and
    // watermark, and the
    // device the body names (this session is not bound to one), at most once each. Background jobs
    // share the
    // counters, so a measurement may hold their commands too: the pull's own cost is at most the
    // least measured.
    Map<String, Long> allowed =
        Map.of("access_epochs.find", 1L, "sync_counters.find", 1L, "devices.find", 1L);
    List<Map<String, Long>> measured = new ArrayList<>();
    for (int run = 0; run < 5; run++) {
      Map<String, Long> sent = emptyPullCommands(f, cp);
      assertFalse(
          sent.keySet().stream().anyMatch(k -> k.startsWith(AttachmentRecords.COLLECTION)),
          sent::toString);
      measured.add(sent);
      if (sent.entrySet().stream()
          .allMatch(e -> e.getValue() <= allowed.getOrDefault(e.getKey(), 0L))) {
        return;
      }
    }
    throw new AssertionError("every empty pull sent more than before: " + measured);
  }

  private Map<String, Long> emptyPullCommands(SyncFixture f, String cp) {
    Map<String, Long> start = api.storeCommands();
    Api.Response empty = f.pull(f.rep1(), "d-quiet", cp, null);
    Map<String, Long> end = api.storeCommands();
    assertEquals(200, empty.status(), empty::toString);
    assertEquals(0, empty.json().get("changes").size(), empty::toString);
    Map<String, Long> sent = new TreeMap<>();
    end.forEach((k, n) -> {
      long d = n - start.getOrDefault(k, 0L);
      if (d > 0) {
        sent.put(k, d);
      }
    });
    return sent;
  }

  @Test
  void aReBaselineListsTheLiveAttachmentsOfVisibleLeadsAndNotTheDeletedOnes() {
    SyncFixture f =
        SyncFixture.create(server, "Listing"); // fresh tokens: this test moves the clock
    String lead = f.leadOwnedBy(f.rep1());
    String hidden = f.leadOwnedBy(f.rep2());
    String kept = UUID.randomUUID().toString();
    String gone = UUID.randomUUID().toString();
    String theirs = UUID.randomUUID().toString();
    assertEquals(
        201,
        upload(f.rep1(), lead, kept, "booth_photo", "image/png", png(10, 10)).status());
    assertEquals(
        201, upload(f.rep1(), lead, gone, "voice_note", "audio/ogg", ogg()).status());
    assertEquals(
        201, upload(f.rep2(), hidden, theirs, "voice_note", "audio/ogg", ogg()).status());
    String checkpoint = f.pullAll(f.rep1(), "d-away", null).checkpoint();
    assertEquals(
        204,
        api.delete("/v1/leads/" + lead + "/attachments/" + gone, f.rep1().accessToken())
            .status());

    Map<String, Long> scansBefore = KvBackend.fullScanShapes();
    CLOCK.advance(SyncModule.TOMBSTONE_HORIZON.plusDays(1));
    Session rep = AuthFixtures.login(api, f.rep1().email(), AuthFixtures.PASSWORD);
    Set<String> listed = new HashSet<>();
    String next = checkpoint;
    Api.Response r;
    int pages = 0;
    do { // one entity per page: the listing's cursor must pass from tasks to attachments
      r = f.pull(rep, "d-away", next, 1);
      assertEquals(200, r.status(), r::toString);
      if (r.json().get("mode").asText().equals("rebaseline")) {
        r.json().get("entities").forEach(e -> {
          assertTrue(
              listed.add(e.get("entityType").asText() + ":" + e.get("entityId").asText()));
        });
        next = r.json().get("checkpoint").asText();
      }
      assertTrue(++pages < 50, "the re-baseline listing does not end");
    } while (r.json().get("mode").asText().equals("rebaseline"));
    assertTrue(listed.contains("lead:" + lead), listed::toString);
    assertTrue(listed.contains("attachment:" + kept), listed::toString);
    assertFalse(listed.contains("attachment:" + gone), "a deleted attachment would come back");
    assertFalse(listed.contains("attachment:" + theirs), "another rep's lead's attachment");
    JsonNode state = f.pullAll(rep, "d-away", next).last(kept);
    assertEquals(lead, state.get("state").get("leadId").asText());
    KvBackend.fullScanShapes()
        .forEach((shape, n) -> assertFalse(
            shape.startsWith(AttachmentRecords.COLLECTION)
                && n > scansBefore.getOrDefault(shape, 0L),
            () -> "the listing read every attachment record: " + shape));
  }

  @Test
  void anAttachmentStoredBeforeTheSyncRecordsReachesPhonesOnceTheBackfillStepRan() {
    SyncFixture f = SyncFixture.create(server, "Old photos");
    String lead = f.leadOwnedBy(f.rep1());
    String photo = UUID.randomUUID().toString();
    assertEquals(
        201,
        upload(f.rep1(), lead, photo, "booth_photo", "image/png", png(40, 30)).status());
    // as an upload of a release before the records: the bytes and metadata, no record
    Await.onContext(
        server,
        () -> MongoFutures.one(server
            .server()
            .store()
            .collection(AttachmentRecords.COLLECTION)
            .deleteOne(Filters.eq(AttachmentRecords.ID, photo))));
    SyncFixture.Pulled before = f.pullAll(f.manager(), "d-old", null);
    assertNull(before.last(photo), "no record, nothing to pull");

    Migration step = server.server().features().attachments().recordsBackfill();
    long recorded = Await.onContext(
        server, () -> step.work().apply(server.server().store(), Future::succeededFuture));
    assertEquals(1, recorded, "the attachment without a record, and only it");
    JsonNode change = f.pullAll(f.manager(), "d-old", before.checkpoint()).last(photo);
    assertNotNull(change, "the phone learns of the old photo on its next pull");
    assertEquals(1, change.get("version").asLong());
    assertEquals(lead, change.get("state").get("leadId").asText());
    assertEquals(
        0L,
        (long) Await.onContext(
            server, () -> step.work().apply(server.server().store(), Future::succeededFuture)),
        "a second run records nothing");
  }

  private static Api.Response upload(
      Session who, String leadId, String id, String kind, String type, byte[] bytes) {
    return api.send(
        HttpRequest.newBuilder(URI.create(
                api.base() + "/v1/leads/" + leadId + "/attachments/" + id + "?kind=" + kind))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
        who.accessToken(),
        Map.of("Content-Type", type));
  }

  private static byte[] png(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertTrue(ImageIO.write(img, "png", out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An Ogg page header and noise: what a voice note's bytes start with. */
  private static byte[] ogg() {
    byte[] b = new byte[600];
    new Random(7).nextBytes(b);
    System.arraycopy("OggS".getBytes(), 0, b, 0, 4);
    return b;
  }
}
