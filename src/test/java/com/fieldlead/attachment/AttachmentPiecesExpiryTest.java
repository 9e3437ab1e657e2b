package com.fieldlead.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pieces of an upload its phone abandoned are dropped after a week by a background job, not before. */
class AttachmentPiecesExpiryTest {

  static final Instant START = Instant.parse("2026-03-10T09:00:00Z");
  static final MutableClock CLOCK = new MutableClock(START);

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(Map.of(), CLOCK);

  static Api.Response piece(
      Api api, AuthFixtures.Session s, String leadId, String id, byte[] all, int from, int to) {
    return api.send(
        HttpRequest.newBuilder(URI.create(
                api.base() + "/v1/leads/" + leadId + "/attachments/" + id + "?kind=voice_note"))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(all, from, to))),
        s.accessToken(),
        Map.of(
            "Content-Type",
            "audio/ogg",
            "Content-Range",
            "bytes " + from + "-" + (to - 1) + "/" + all.length));
  }

  @Test
  void piecesOlderThanAWeekAreDroppedSoTheUploadStartsOver() {
    TestServer server = SERVER.get();
    Api api = server.api();
    AuthFixtures.Session admin = AuthFixtures.tenantWithAdmin(server, "Expiry AG");
    String leadId = UUID.randomUUID().toString();
    assertEquals(
        201,
        api.post(
                "/v1/leads",
                Map.of(
                    "id",
                    leadId,
                    "lastName",
                    "Late",
                    "company",
                    "Slow Net",
                    "source",
                    "trade_show"),
                admin.accessToken())
            .status());
    byte[] note = new byte[3000];
    new Random(5).nextBytes(note);
    System.arraycopy("OggS".getBytes(), 0, note, 0, 4);
    String kept = UUID.randomUUID().toString();
    String abandoned = UUID.randomUUID().toString();
    assertEquals(202, piece(api, admin, leadId, abandoned, note, 0, 1000).status());

    CLOCK.set(START.plus(Duration.ofDays(6)));
    admin = AuthFixtures.login(api, admin.email(), AuthFixtures.PASSWORD);
    assertEquals(202, piece(api, admin, leadId, kept, note, 0, 1000).status());
    CLOCK.set(START.plus(Duration.ofDays(7)).plusSeconds(1));
    assertTrue(Await.onContext(
        server, () -> server.server().features().jobs().tick(AttachmentModule.PIECES_JOB)));
    admin = AuthFixtures.login(api, admin.email(), AuthFixtures.PASSWORD);

    JsonNode restarted = piece(api, admin, leadId, abandoned, note, 1000, 3000).json();
    assertEquals(999, restarted.path("missing").path(0).path(1).asInt(), restarted::toString);
    assertEquals(2000, restarted.path("received").asInt());
    Api.Response completed = piece(api, admin, leadId, kept, note, 1000, 3000);
    assertEquals(201, completed.status(), completed::toString);
  }
}
