package com.fieldlead.attachment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServerExtension;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Photos and voice notes on leads through the real server on the embedded store (GridFS on it): round trips with
 * real JPEG and PNG bytes made here, magic-byte refusals, idempotent and conflicting re-uploads, the size limits,
 * tenant and visibility isolation, thumbnails and a resumable upload that survives a dropped piece. The HTTP body
 * limit is 64 KB here, so the larger files can only arrive in pieces.
 */
class AttachmentEndpointTest {

  static final int BODY_LIMIT = 64 * 1024;
  static final int MAX_FILE = 300_000;
  static final int MAX_TENANT = 700_000;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(
      Map.of(
          ConfigKey.FIELDLEAD_HTTP_BODY_LIMIT_BYTES, String.valueOf(BODY_LIMIT),
          ConfigKey.FIELDLEAD_ATTACHMENT_MAX_FILE_BYTES, String.valueOf(MAX_FILE),
          ConfigKey.FIELDLEAD_ATTACHMENT_MAX_TENANT_BYTES, String.valueOf(MAX_TENANT)),
      Clock.systemUTC());

  static Api api;
  static AuthFixtures.Session admin;
  static AuthFixtures.Session otherTenant;
  static AuthFixtures.Session rep;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void seed() {
    api = SERVER.get().api();
    AuthFixtures.TwoTenants tenants = AuthFixtures.twoTenants(SERVER.get());
    admin = tenants.adminA();
    otherTenant = tenants.adminB();
    rep = AuthFixtures.user(api, admin, "rep");
  }

  static String lead(AuthFixtures.Session owner) {
    String id = UUID.randomUUID().toString();
    Api.Response r = api.post(
        "/v1/leads",
        Map.of("id", id, "lastName", "Cardholder", "company", "Expo GmbH", "source", "trade_show"),
        owner.accessToken());
    assertEquals(201, r.status(), r::toString);
    return id;
  }

  static byte[] image(String format, int width, int height, boolean noise) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    if (noise) {
      Random random = new Random(42);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          img.setRGB(x, y, random.nextInt(0x1000000));
        }
      }
    } else {
      Graphics2D g = img.createGraphics();
      g.setColor(Color.ORANGE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLUE);
      g.drawString("Jane Doe, ACME", 10, 20);
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertTrue(ImageIO.write(img, format, out), format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An Ogg page header followed by noise: what a voice note's bytes start with. */
  static byte[] ogg(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    System.arraycopy("OggS".getBytes(), 0, b, 0, 4);
    return b;
  }

  static String path(String leadId, String attachmentId) {
    return "/v1/leads/" + leadId + "/attachments/" + attachmentId;
  }

  static Api.Response put(
      AuthFixtures.Session who,
      String leadId,
      String attachmentId,
      String kind,
      String type,
      byte[] bytes,
      String range) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", type);
    if (range != null) {
      headers.put("Content-Range", range);
    }
    return api.send(
        HttpRequest.newBuilder(
                URI.create(api.base() + path(leadId, attachmentId) + "?kind=" + kind))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
        who.accessToken(),
        headers);
  }

  static HttpResponse<byte[]> download(AuthFixtures.Session who, String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(api.base() + path))
              .header("Authorization", "Bearer " + who.accessToken())
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static BufferedImage decode(byte[] bytes) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }

  @Test
  void aJpegAndAPngAreUploadedListedDownloadedWithThumbnailsAndDeleted() throws IOException {
    String leadId = lead(admin);
    byte[] jpeg = image("jpg", 640, 480, false);
    byte[] png = image("png", 300, 100, false);
    String card = UUID.randomUUID().toString();
    String booth = UUID.randomUUID().toString();

    Api.Response up = put(admin, leadId, card, "business_card", "image/jpeg", jpeg, null);
    Api.Response up2 = put(admin, leadId, booth, "booth_photo", "image/png", png, null);

    assertEquals(201, up.status(), up::toString);
    assertEquals(201, up2.status(), up2::toString);
    JsonNode meta = up.json();
    assertEquals("image/jpeg", meta.path("contentType").asText());
    assertEquals("business_card", meta.path("kind").asText());
    assertEquals(jpeg.length, meta.path("size").asInt());
    assertEquals(AttachmentService.sha256(jpeg), meta.path("sha256").asText());
    assertEquals(640, meta.path("width").asInt());
    assertEquals(480, meta.path("height").asInt());
    assertTrue(meta.path("thumbnail").asBoolean());
    assertEquals(admin.userId(), meta.path("createdBy").asText());

    Api.Response list = api.get("/v1/leads/" + leadId + "/attachments", admin.accessToken());
    assertEquals(200, list.status(), list::toString);
    assertEquals(2, list.json().path("items").size(), list::toString);
    assertEquals(card, list.json().path("items").path(0).path("id").asText());
    assertEquals(booth, list.json().path("items").path(1).path("id").asText());

    HttpResponse<byte[]> content = download(admin, path(leadId, card) + "/content");
    assertEquals(200, content.statusCode());
    assertEquals("image/jpeg", content.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(jpeg, content.body());
    HttpResponse<byte[]> pngContent = download(admin, path(leadId, booth) + "/content");
    assertArrayEquals(png, pngContent.body());

    HttpResponse<byte[]> thumb = download(admin, path(leadId, card) + "/thumbnail");
    assertEquals(200, thumb.statusCode());
    assertEquals("image/jpeg", thumb.headers().firstValue("Content-Type").orElseThrow());
    BufferedImage t = decode(thumb.body());
    assertEquals(256, t.getWidth());
    assertEquals(192, t.getHeight());
    BufferedImage t2 =
        decode(download(admin, path(leadId, booth) + "/thumbnail").body());
    assertEquals(256, t2.getWidth());
    assertEquals(85, t2.getHeight());

    Api.Response deleted = api.delete(path(leadId, card), admin.accessToken());
    assertEquals(204, deleted.status(), deleted::toString);
    assertEquals(404, download(admin, path(leadId, card) + "/content").statusCode());
    assertEquals(404, download(admin, path(leadId, card) + "/thumbnail").statusCode());
    Api.Response after = api.get("/v1/leads/" + leadId + "/attachments", admin.accessToken());
    assertEquals(1, after.json().path("items").size(), after::toString);
    assertEquals(booth, after.json().path("items").path(0).path("id").asText());
  }

  @Test
  void theSameIdAndBytesAgainAnswerTheStoredMetadataAndOtherBytesOrAnotherLeadAConflict() {
    String leadId = lead(admin);
    String otherLead = lead(admin);
    String id = UUID.randomUUID().toString();
    byte[] jpeg = image("jpg", 120, 80, false);

    Api.Response first = put(admin, leadId, id, "business_card", "image/jpeg", jpeg, null);
    Api.Response again = put(admin, leadId, id, "business_card", "image/jpeg", jpeg, null);
    Api.Response other =
        put(admin, leadId, id, "business_card", "image/png", image("png", 120, 80, false), null);
    Api.Response elsewhere = put(admin, otherLead, id, "business_card", "image/jpeg", jpeg, null);

    assertEquals(201, first.status(), first::toString);
    assertEquals(200, again.status(), again::toString);
    assertEquals(first.json(), again.json());
    assertEquals(409, other.status(), other::toString);
    assertEquals("CONFLICT", other.code());
    assertEquals(409, elsewhere.status(), elsewhere::toString);
    Api.Response list = api.get("/v1/leads/" + leadId + "/attachments", admin.accessToken());
    assertEquals(1, list.json().path("items").size(), list::toString);
  }

  @Test
  void bytesThatAreNotWhatTheContentTypeSaysAreRefusedNamingTheDeclaredType() {
    String leadId = lead(admin);
    byte[] png = image("png", 50, 50, false);

    Api.Response pngAsJpeg =
        put(admin, leadId, UUID.randomUUID().toString(), "booth_photo", "image/jpeg", png, null);
    Api.Response textAsJpeg = put(
        admin,
        leadId,
        UUID.randomUUID().toString(),
        "booth_photo",
        "image/jpeg",
        "not an image at all".getBytes(),
        null);
    Api.Response pdf = put(
        admin, leadId, UUID.randomUUID().toString(), "booth_photo", "application/pdf", png, null);
    Api.Response imageAsVoice =
        put(admin, leadId, UUID.randomUUID().toString(), "voice_note", "image/png", png, null);

    assertEquals(415, pngAsJpeg.status(), pngAsJpeg::toString);
    assertEquals("UNSUPPORTED_MEDIA_TYPE", pngAsJpeg.code());
    assertTrue(
        pngAsJpeg
            .json()
            .path("detail")
            .asText()
            .contains("says image/jpeg but the bytes are image/png"),
        pngAsJpeg::toString);
    assertEquals(415, textAsJpeg.status(), textAsJpeg::toString);
    assertTrue(
        textAsJpeg.json().path("detail").asText().contains("image/jpeg"), textAsJpeg::toString);
    assertEquals(415, pdf.status(), pdf::toString);
    assertTrue(pdf.json().path("detail").asText().contains("application/pdf"), pdf::toString);
    assertEquals(400, imageAsVoice.status(), imageAsVoice::toString);
    assertEquals(
        0,
        api.get("/v1/leads/" + leadId + "/attachments", admin.accessToken())
            .json()
            .path("items")
            .size());
  }

  @Test
  void aVoiceNoteIsStoredWithoutAThumbnail() {
    String leadId = lead(admin);
    String id = UUID.randomUUID().toString();
    byte[] note = ogg(4000, 7);

    Api.Response up = put(admin, leadId, id, "voice_note", "audio/ogg; codecs=opus", note, null);

    assertEquals(201, up.status(), up::toString);
    assertEquals("audio/ogg", up.json().path("contentType").asText());
    assertEquals(false, up.json().path("thumbnail").asBoolean());
    assertEquals(404, download(admin, path(leadId, id) + "/thumbnail").statusCode());
    assertArrayEquals(note, download(admin, path(leadId, id) + "/content").body());
  }

  @Test
  void aWebpPhotoLossyOrLosslessGetsAJpegThumbnailAndItsSize() throws IOException {
    String leadId = lead(admin);
    for (String name : List.of("card-320x200.webp", "card-320x200-lossless.webp")) {
      byte[] webp;
      try (InputStream in = getClass().getResourceAsStream("/attachment/" + name)) {
        webp = in.readAllBytes();
      }
      String id = UUID.randomUUID().toString();

      Api.Response up = put(admin, leadId, id, "business_card", "image/webp", webp, null);

      assertEquals(201, up.status(), up::toString);
      assertTrue(up.json().path("thumbnail").asBoolean(), up::toString);
      assertEquals(320, up.json().path("width").asInt(), name);
      assertEquals(200, up.json().path("height").asInt(), name);
      HttpResponse<byte[]> thumb = download(admin, path(leadId, id) + "/thumbnail");
      assertEquals("image/jpeg", thumb.headers().firstValue("Content-Type").orElseThrow());
      BufferedImage t = decode(thumb.body());
      assertEquals(256, t.getWidth(), name);
      assertEquals(160, t.getHeight(), name);
      assertArrayEquals(webp, download(admin, path(leadId, id) + "/content").body());
    }
  }

  @Test
  void aWebpSignatureOverBytesNoDecoderReadsIs400() {
    String leadId = lead(admin);
    byte[] broken = new byte[600];
    new Random(5).nextBytes(broken);
    System.arraycopy("RIFF".getBytes(), 0, broken, 0, 4);
    System.arraycopy("WEBPVP8 ".getBytes(), 0, broken, 8, 8);

    Api.Response up = put(
        admin, leadId, UUID.randomUUID().toString(), "business_card", "image/webp", broken, null);

    assertEquals(400, up.status(), up::toString);
  }

  @Test
  void aHeicPhotoIsStoredWithoutAThumbnailTheJdkCannotMake() {
    String leadId = lead(admin);
    String id = UUID.randomUUID().toString();
    byte[] heic = new byte[2000];
    new Random(3).nextBytes(heic);
    System.arraycopy(new byte[] {0, 0, 0, 0x18}, 0, heic, 0, 4);
    System.arraycopy("ftypheic".getBytes(), 0, heic, 4, 8);

    Api.Response up = put(admin, leadId, id, "business_card", "image/heic", heic, null);

    assertEquals(201, up.status(), up::toString);
    assertEquals(false, up.json().path("thumbnail").asBoolean());
    assertTrue(up.json().path("width").isMissingNode(), up::toString);
    assertEquals(404, download(admin, path(leadId, id) + "/thumbnail").statusCode());
    assertArrayEquals(heic, download(admin, path(leadId, id) + "/content").body());
  }

  @Test
  void anotherTenantAndACallerWhoCannotSeeTheLeadGet404AndChangeNothing() {
    String leadId = lead(admin);
    String id = UUID.randomUUID().toString();
    byte[] jpeg = image("jpg", 64, 64, false);
    assertEquals(
        201, put(admin, leadId, id, "business_card", "image/jpeg", jpeg, null).status());

    for (AuthFixtures.Session outsider : new AuthFixtures.Session[] {otherTenant, rep}) {
      assertEquals(
          404,
          api.get("/v1/leads/" + leadId + "/attachments", outsider.accessToken())
              .status());
      assertEquals(404, download(outsider, path(leadId, id) + "/content").statusCode());
      assertEquals(404, download(outsider, path(leadId, id) + "/thumbnail").statusCode());
      assertEquals(404, api.delete(path(leadId, id), outsider.accessToken()).status());
      Api.Response upload = put(
          outsider,
          leadId,
          UUID.randomUUID().toString(),
          "business_card",
          "image/jpeg",
          jpeg,
          null);
      assertEquals(404, upload.status(), upload::toString);
    }
    // the rep's own lead takes attachments
    String repLead = lead(rep);
    assertEquals(
        201,
        put(rep, repLead, UUID.randomUUID().toString(), "booth_photo", "image/jpeg", jpeg, null)
            .status());
    assertEquals(200, download(admin, path(leadId, id) + "/content").statusCode());
    assertEquals(
        1,
        api.get("/v1/leads/" + leadId + "/attachments", admin.accessToken())
            .json()
            .path("items")
            .size());
  }

  @Test
  void aPieceMissedOnABadNetworkIsSentAgainAndTheUploadCompletes() throws IOException {
    String leadId = lead(admin);
    String id = UUID.randomUUID().toString();
    byte[] jpeg = image("jpg", 640, 480, true);
    assertTrue(jpeg.length > BODY_LIMIT && jpeg.length < MAX_FILE, "size " + jpeg.length);
    Api.Response whole = put(admin, leadId, id, "business_card", "image/jpeg", jpeg, null);
    assertEquals(413, whole.status(), "one body above the HTTP limit: " + whole);
    int piece = 50_000;
    int pieces = (jpeg.length + piece - 1) / piece;
    assertTrue(pieces >= 3, "pieces " + pieces);

    Api.Response last = null;
    for (int i = 0; i < pieces; i++) {
      if (i == 1) {
        continue; // dropped by the network
      }
      last = putPiece(leadId, id, jpeg, i * piece, Math.min(jpeg.length, (i + 1) * piece));
      assertEquals(202, last.status(), last::toString);
    }
    JsonNode progress = last.json();
    assertEquals(jpeg.length, progress.path("total").asInt());
    assertEquals(jpeg.length - piece, progress.path("received").asInt());
    assertEquals(1, progress.path("missing").size(), progress::toString);
    assertEquals(piece, progress.path("missing").path(0).path(0).asInt());
    assertEquals(2 * piece - 1, progress.path("missing").path(0).path(1).asInt());
    Api.Response resent = putPiece(leadId, id, jpeg, 2 * piece, 3 * piece);
    assertEquals(202, resent.status(), "a piece sent twice: " + resent);
    byte[] changed = Arrays.copyOf(jpeg, jpeg.length);
    changed[2 * piece + 5] ^= 1;
    Api.Response conflicting = putPiece(leadId, id, changed, 2 * piece, 3 * piece);
    assertEquals(409, conflicting.status(), conflicting::toString);

    Api.Response done = putPiece(leadId, id, jpeg, piece, 2 * piece);

    assertEquals(201, done.status(), done::toString);
    assertEquals(jpeg.length, done.json().path("size").asInt());
    assertEquals(640, done.json().path("width").asInt());
    assertArrayEquals(jpeg, download(admin, path(leadId, id) + "/content").body());
    assertEquals(
        256, decode(download(admin, path(leadId, id) + "/thumbnail").body()).getWidth());
    Api.Response replay = putPiece(leadId, id, jpeg, 0, piece);
    assertEquals(200, replay.status(), "a piece of a finished upload: " + replay);
  }

  static Api.Response putPiece(String leadId, String id, byte[] all, int from, int to) {
    return put(
        admin,
        leadId,
        id,
        "business_card",
        "image/jpeg",
        Arrays.copyOfRange(all, from, to),
        "bytes " + from + "-" + (to - 1) + "/" + all.length);
  }

  @Test
  void aFileAboveThePerFileLimitAndAnUploadBeyondTheTenantTotalAreRefusedWith413() {
    AuthFixtures.Session fresh = AuthFixtures.tenantWithAdmin(SERVER.get(), "Quota Ltd");
    String leadId = lead(fresh);
    Api.Response tooBig = put(
        fresh,
        leadId,
        UUID.randomUUID().toString(),
        "voice_note",
        "audio/ogg",
        ogg(1000, 1),
        "bytes 0-999/" + (MAX_FILE + 1));
    assertEquals(413, tooBig.status(), tooBig::toString);
    assertEquals("PAYLOAD_TOO_LARGE", tooBig.code());

    int size = 250_000;
    Api.Response third = null;
    for (int n = 0; n < 3; n++) {
      byte[] note = ogg(size, n);
      String id = UUID.randomUUID().toString();
      for (int from = 0; from < size; from += 60_000) {
        int to = Math.min(size, from + 60_000);
        third = put(
            fresh,
            leadId,
            id,
            "voice_note",
            "audio/ogg",
            Arrays.copyOfRange(note, from, to),
            "bytes " + from + "-" + (to - 1) + "/" + size);
      }
      if (n < 2) {
        assertEquals(201, third.status(), third::toString);
      }
    }
    assertEquals(413, third.status(), "750 000 bytes above a 700 000 tenant limit: " + third);
    assertTrue(third.json().path("detail").asText().contains("500000"), third::toString);
    assertEquals(
        2,
        api.get("/v1/leads/" + leadId + "/attachments", fresh.accessToken())
            .json()
            .path("items")
            .size());
  }

  @Test
  void aMergedLeadsAttachmentsMoveToTheSurvivor() {
    String survivor = lead(admin);
    String loser = lead(admin);
    String id = UUID.randomUUID().toString();
    byte[] jpeg = image("jpg", 90, 60, false);
    assertEquals(
        201, put(admin, loser, id, "business_card", "image/jpeg", jpeg, null).status());

    Api.Response merged =
        api.post("/v1/leads/" + survivor + "/merge", Map.of("otherId", loser), admin.accessToken());

    assertEquals(200, merged.status(), merged::toString);
    Api.Response list = api.get("/v1/leads/" + survivor + "/attachments", admin.accessToken());
    assertEquals(id, list.json().path("items").path(0).path("id").asText(), list::toString);
    assertEquals(survivor, list.json().path("items").path(0).path("leadId").asText());
    assertArrayEquals(jpeg, download(admin, path(survivor, id) + "/content").body());
  }
}
