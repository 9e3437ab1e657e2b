package com.fieldlead.capture.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scans through the real server: parse, badge formats per event, captures carrying a scan, vCard export. */
class ScanEndpointTest {

  static TestServer server;
  static Api api;
  static Session admin;
  static Session rep;
  static Session otherAdmin;
  static String event;
  static String otherEvent;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  static final String CARET_BADGE =
      "100482^Zoë^Müller^Head of Procurement^Bäckerei Kraus GmbH^Hauptstraße 5"
          + "^München^BY^80331^DE^+49 89 1234567^zoe.mueller@kraus.example";

  static final String VCARD_30 = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Souza;Ana;;;\r\nFN:Ana Souza\r\n"
      + "ORG:Vale S.A.\r\nTITLE:Diretora de Compras e Suprimentos Estratég\r\n icos\r\n"
      + "EMAIL;TYPE=INTERNET:ana.souza@vale.example\r\nTEL;TYPE=CELL:+55 21 99876 5432\r\n"
      + "ADR:;;Praia de Botafogo 186;Rio de Janeiro;RJ;22250-145;Brasil\r\nEND:VCARD\r\n";

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Scans A");
    rep = AuthFixtures.user(api, admin, "rep");
    otherAdmin = AuthFixtures.tenantWithAdmin(server, "Scans B");
    event = event(admin, "Expo A");
    otherEvent = event(otherAdmin, "Expo B");
    Api.Response put = api.put(
        "/v1/events/" + event + "/badge-format", Map.of("preset", "caret-12"), admin.accessToken());
    assertEquals(200, put.status(), put::toString);
  }

  static String event(Session s, String name) {
    Api.Response r = api.post(
        "/v1/events",
        Map.of(
            "name",
            name,
            "startsOn",
            "2026-12-07",
            "endsOn",
            "2026-12-09",
            "timeZone",
            "Europe/Berlin"),
        s.accessToken());
    assertEquals(201, r.status(), r::toString);
    return r.json().get("id").asText();
  }

  static Map<String, Object> body(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Api.Response parse(Session s, Map<String, Object> body) {
    return api.post("/v1/captures/parse", body, s.accessToken());
  }

  static void assertField(Api.Response r, int status, String field) {
    assertEquals(status, r.status(), r::toString);
    assertEquals(field, r.json().get("errors").get(0).get("field").asText(), r::toString);
  }

  @Test
  void aVCardIsParsedIntoProposedFieldsWithoutAFormat() {
    Api.Response r = parse(rep, body("raw", VCARD_30));
    assertEquals(200, r.status(), r::toString);
    JsonNode j = r.json();
    assertEquals("vcard", j.get("format").asText());
    assertEquals("Ana", j.get("fields").get("firstName").asText());
    assertEquals(
        "Diretora de Compras e Suprimentos Estratégicos",
        j.get("fields").get("title").asText());
    assertEquals("BR", j.get("fields").get("country").asText());
    assertEquals("22250-145", j.get("extras").get("postalCode").asText());
  }

  @Test
  void aMeCardWithEscapesIsParsed() {
    Api.Response r = parse(
        rep,
        body(
            "format",
            "mecard",
            "raw",
            "MECARD:N:Nguyễn,Thị Minh;ORG:Acme\\; Söhne;EMAIL:minh@acme.example;;"));
    assertEquals(200, r.status(), r::toString);
    assertEquals("Thị Minh", r.json().get("fields").get("firstName").asText());
    assertEquals("Nguyễn", r.json().get("fields").get("lastName").asText());
    assertEquals("Acme; Söhne", r.json().get("fields").get("company").asText());
  }

  @Test
  void aBadgeIsParsedWithItsEventsBadgeFormat() {
    Api.Response r = parse(rep, body("raw", CARET_BADGE, "eventId", event));
    assertEquals(200, r.status(), r::toString);
    assertEquals("badge", r.json().get("format").asText());
    assertEquals("caret-12", r.json().get("layout").asText());
    assertEquals("Bäckerei Kraus GmbH", r.json().get("fields").get("company").asText());
    assertEquals("100482", r.json().get("extras").get("badgeId").asText());
    Api.Response format = api.get("/v1/events/" + event + "/badge-format", rep.accessToken());
    assertEquals(200, format.status(), format::toString);
    assertEquals("caret-12", format.json().get("layout").get("name").asText());
    assertEquals(admin.userId(), format.json().get("updatedBy").asText());
  }

  @Test
  void aCustomKeyValueLayoutIsStoredAndUsed() {
    String ev = event(admin, "Messe K");
    Api.Response put = api.put(
        "/v1/events/" + ev + "/badge-format",
        body(
            "kind",
            "keyValue",
            "pairSeparator",
            ";",
            "keyValueSeparator",
            ":",
            "keys",
            Map.of("NAME", "fullName", "FIRMA", "company", "MAIL", "email", "LAND", "country")),
        admin.accessToken());
    assertEquals(200, put.status(), put::toString);
    Api.Response r = parse(
        rep,
        body(
            "format",
            "badge",
            "raw",
            "NAME:Jürgen Weiß;FIRMA:Weiß & Söhne KG;MAIL:j.weiss@ws.example;LAND:Österreich",
            "eventId",
            ev));
    assertEquals(200, r.status(), r::toString);
    assertEquals("Jürgen", r.json().get("fields").get("firstName").asText());
    assertEquals("Weiß", r.json().get("fields").get("lastName").asText());
    assertEquals("AT", r.json().get("fields").get("country").asText());
  }

  @Test
  void badPayloadsAreRefusedWith400NamingTheProblem() {
    assertField(parse(rep, body("raw", "hello")), 400, "/format");
    assertField(parse(rep, body("format", "vcard", "raw", "N:Doe;Jane")), 400, "/raw");
    assertField(parse(rep, body("format", "fax", "raw", "x")), 400, "/format");
    assertField(parse(rep, body("raw", "https://example.com/?utm_source=qr")), 400, "/raw");
    assertField(
        parse(rep, body("format", "badge", "raw", "no separators here", "eventId", event)),
        400,
        "/raw");
    String bare = event(admin, "No badge format");
    assertField(
        parse(rep, body("format", "badge", "raw", "1^A^B", "eventId", bare)), 400, "/eventId");
    assertEquals(400, parse(rep, body("raw", "x".repeat(9000))).status());
    assertEquals(400, parse(rep, body("format", "vcard")).status());
    assertField(
        api.put(
            "/v1/events/" + event + "/badge-format",
            body("kind", "delimited", "delimiter", "|", "fields", List.of("badgeId", "shoeSize")),
            admin.accessToken()),
        400,
        "/fields/1");
  }

  @Test
  void onlyManagersAndAdminsSetABadgeFormat() {
    assertEquals(
        403,
        api.put(
                "/v1/events/" + event + "/badge-format",
                Map.of("preset", "pipe-keys"),
                rep.accessToken())
            .status());
  }

  @Test
  void anotherTenantsEventAndLeadsAreNotFound() {
    assertEquals(
        404, parse(rep, body("raw", CARET_BADGE, "eventId", otherEvent)).status());
    assertEquals(
        404,
        api.get("/v1/events/" + event + "/badge-format", otherAdmin.accessToken())
            .status());
    assertEquals(
        404,
        api.put(
                "/v1/events/" + event + "/badge-format",
                Map.of("preset", "pipe-keys"),
                otherAdmin.accessToken())
            .status());
    Api.Response created =
        api.post("/v1/leads", body("scan", Map.of("raw", VCARD_30)), rep.accessToken());
    assertEquals(201, created.status(), created::toString);
    String id = created.json().get("id").asText();
    assertEquals(404, vcard(otherAdmin, id).status());
  }

  @Test
  void aCaptureWithAScanKeepsWhatTheRepTypedAndFillsTheRestWithAnAuditRecord() {
    Api.Response r = api.post(
        "/v1/leads",
        body(
            "firstName",
            "Zoe",
            "company",
            "Kraus",
            "eventId",
            event,
            "scan",
            Map.of("raw", CARET_BADGE, "format", "badge")),
        rep.accessToken());
    assertEquals(201, r.status(), r::toString);
    JsonNode j = r.json();
    assertEquals("Zoe", j.get("firstName").asText(), "the rep's first name wins");
    assertEquals("Kraus", j.get("company").asText(), "the rep's company wins");
    assertEquals("Müller", j.get("lastName").asText());
    assertEquals("zoe.mueller@kraus.example", j.get("email").asText());
    assertEquals(
        "+49891234567", j.get("phone").asText(), "the filled phone is normalised like a typed one");
    assertEquals("badge_scan", j.get("captureMethod").asText());
    JsonNode scan =
        api.get("/v1/leads/" + j.get("id").asText(), admin.accessToken()).json().get("scan");
    assertEquals("badge", scan.get("format").asText());
    assertEquals(CARET_BADGE, scan.get("raw").asText());
    assertEquals("caret-12", scan.get("layout").asText());
    assertTrue(scan.hasNonNull("parsedAt"));
    assertEquals("Zoë", scan.get("proposed").get("firstName").asText());
    assertEquals("100482", scan.get("extras").get("badgeId").asText());
    List<String> filled = new ArrayList<>();
    scan.get("filled").forEach(f -> filled.add(f.asText()));
    assertEquals(
        List.of(
            "lastName", "email", "phone", "title", "city", "region", "country", "captureMethod"),
        filled);
  }

  @Test
  void aCaptureWithAnUnreadableScanIsRefusedAndNothingIsStored() {
    String id = UUID.randomUUID().toString();
    Api.Response r = api.post(
        "/v1/leads",
        body("id", id, "lastName", "Doe", "scan", Map.of("raw", "BEGIN:VCARD", "format", "mecard")),
        rep.accessToken());
    assertField(r, 400, "/scan/raw");
    assertEquals(404, api.get("/v1/leads/" + id, rep.accessToken()).status());
    assertEquals(
        400,
        api.post("/v1/leads", body("scan", Map.of("format", "vcard")), rep.accessToken())
            .status());
  }

  @Test
  void aScanCannotBeSetByAPatch() {
    Api.Response created = api.post("/v1/leads", body("lastName", "Patchy"), rep.accessToken());
    Api.Response r = api.patch(
        "/v1/leads/" + created.json().get("id").asText(),
        body("scan", Map.of("raw", VCARD_30)),
        rep.accessToken(),
        Map.of("If-Match", created.header("ETag")));
    assertField(r, 400, "/scan");
  }

  @Test
  void aPushedCaptureWithAScanIsFilledAndItsAuditStaysOutOfTheSyncView() {
    String id = UUID.randomUUID().toString();
    Map<String, Object> m = new HashMap<>();
    m.put("clientMutationId", "scan-1");
    m.put("entityType", "lead");
    m.put("entityId", id);
    m.put("op", "create");
    m.put(
        "changes",
        body("lastName", "Souza-Typed", "scan", Map.of("raw", VCARD_30, "format", "vcard")));
    Api.Response push = api.post(
        "/v1/sync/push",
        Map.of("protocolVersion", 1, "deviceId", "d-scan", "mutations", List.of(m)),
        rep.accessToken());
    assertEquals(200, push.status(), push::toString);
    assertEquals(
        "applied", push.json().get("results").get(0).get("result").asText(), push::toString);
    assertFalse(
        push.text().contains("\"parsedAt\""),
        "the push result carries the sync view, without the audit");
    JsonNode lead = api.get("/v1/leads/" + id, rep.accessToken()).json();
    assertEquals("Souza-Typed", lead.get("lastName").asText());
    assertEquals("Ana", lead.get("firstName").asText());
    assertEquals("Vale S.A.", lead.get("company").asText());
    assertEquals("vcard", lead.get("scan").get("format").asText());
    Api.Response pull = api.post(
        "/v1/sync/pull", Map.of("protocolVersion", 1, "deviceId", "d-scan"), rep.accessToken());
    assertEquals(200, pull.status(), pull::toString);
    boolean seen = false;
    for (JsonNode c : pull.json().path("changes")) {
      if (id.equals(c.get("entityId").asText())) {
        seen = true;
        assertEquals("Ana", c.get("state").get("firstName").asText());
        assertFalse(c.get("state").has("scan"), "the sync view leaves the scan audit out");
      }
    }
    assertTrue(seen, pull::toString);
  }

  @Test
  void aPushedCaptureWithAnUnreadableScanIsRejectedNamingTheScan() {
    String id = UUID.randomUUID().toString();
    Map<String, Object> m = new HashMap<>();
    m.put("clientMutationId", "scan-bad-1");
    m.put("entityType", "lead");
    m.put("entityId", id);
    m.put("op", "create");
    m.put("changes", body("lastName", "Nobody", "scan", Map.of("raw", "hello booth")));
    Api.Response push = api.post(
        "/v1/sync/push",
        Map.of("protocolVersion", 1, "deviceId", "d-scan-bad", "mutations", List.of(m)),
        rep.accessToken());
    assertEquals(200, push.status(), push::toString);
    JsonNode result = push.json().get("results").get(0);
    assertEquals("rejected", result.get("result").asText(), push::toString);
    assertEquals("VALIDATION_FAILED", result.get("code").asText(), push::toString);
    assertEquals(
        "/changes/scan/format", result.get("errors").get(0).get("field").asText(), push::toString);
    assertEquals(404, api.get("/v1/leads/" + id, rep.accessToken()).status());
  }

  static Api.Response vcard(Session s, String id) {
    return api.send(
        HttpRequest.newBuilder(URI.create(api.base() + "/v1/leads/" + id)).GET(),
        s.accessToken(),
        Map.of("Accept", "text/vcard"));
  }

  @Test
  void aLeadExportedAsVCardParsesBackToTheSameFields() {
    Api.Response created = api.post(
        "/v1/leads",
        body(
            "firstName", "Siobhán",
            "lastName", "O'Brien",
            "email", "siobhan@smithjones.example",
            "phone", "+353 1 555 0199",
            "company", "Smith, Jones & Partners",
            "title", "Head of R&D",
            "website", "https://smithjones.example",
            "city", "Dublin",
            "country", "IE"),
        rep.accessToken());
    assertEquals(201, created.status(), created::toString);
    String id = created.json().get("id").asText();
    Api.Response v = vcard(rep, id);
    assertEquals(200, v.status(), v::toString);
    assertTrue(v.header("Content-Type").startsWith("text/vcard"), v::toString);
    assertEquals(created.header("ETag"), v.header("ETag"));
    assertTrue(v.text().startsWith("BEGIN:VCARD"), v.text());
    assertTrue(v.text().contains("VERSION:4.0"), v.text());
    Api.Response back = parse(rep, body("raw", v.text()));
    assertEquals(200, back.status(), back::toString);
    JsonNode fields = back.json().get("fields");
    JsonNode lead = created.json();
    for (String f : List.of(
        "firstName",
        "lastName",
        "email",
        "phone",
        "company",
        "title",
        "website",
        "city",
        "country")) {
      assertEquals(lead.get(f).asText(), fields.path(f).asText(), f);
    }
    assertEquals(9, fields.size(), fields::toString);
    Api.Response json = api.send(
        HttpRequest.newBuilder(URI.create(api.base() + "/v1/leads/" + id)).GET(),
        rep.accessToken(),
        Map.of("Accept", "application/json, text/vcard"));
    assertTrue(json.header("Content-Type").startsWith("application/json"), "JSON wins a tie");
    assertEquals("Accept", v.header("Vary"));
    assertEquals("Accept", json.header("Vary"), "caches keep the two answers apart");
  }

  @Test
  void thePresetsAreListed() {
    Api.Response r = api.get("/v1/captures/badge-presets", rep.accessToken());
    assertEquals(200, r.status(), r::toString);
    assertEquals("caret-12", r.json().get("items").get(0).get("name").asText());
    assertEquals("pipe-keys", r.json().get("items").get(1).get("name").asText());
  }
}
