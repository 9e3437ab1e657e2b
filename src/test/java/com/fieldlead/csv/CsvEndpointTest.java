package com.fieldlead.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.assignment.AssignmentService;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.store.embedded.KvBackend;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.StoreScan;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** CSV import (dry run, jobs, duplicates, mappings) and export (filters, visibility, round trip), through the server. */
class CsvEndpointTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  static TestServer server;
  static Api api;
  static Session admin;
  static Session rep;
  static Session otherAdmin;

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Csv A");
    rep = AuthFixtures.user(api, admin, "rep");
    otherAdmin = AuthFixtures.tenantWithAdmin(server, "Csv B");
  }

  static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static Api.Response upload(Session s, String query, byte[] file, String contentType) {
    return api.send(
        HttpRequest.newBuilder(URI.create(api.base() + "/v1/leads/import/csv" + query))
            .POST(HttpRequest.BodyPublishers.ofByteArray(file)),
        s.accessToken(),
        Map.of("Content-Type", contentType));
  }

  static Api.Response upload(Session s, String query, String file) {
    return upload(s, query, file.getBytes(StandardCharsets.UTF_8), "text/csv");
  }

  /** Starts a job and waits until it is done; answers its final state. */
  static JsonNode importAndWait(Session s, String query, byte[] file) {
    Api.Response started = upload(s, query, file, "text/csv; charset=utf-8");
    assertEquals(202, started.status(), started::toString);
    String location = started.header("Location");
    assertEquals("/v1/leads/import/jobs/" + started.json().get("id").asText(), location);
    JsonNode[] last = new JsonNode[1];
    assertTrue(
        Await.until(
            () -> {
              last[0] = api.get(location, s.accessToken()).json();
              return !last[0].get("state").asText().equals("running");
            },
            30_000),
        () -> "job still running: " + last[0]);
    return last[0];
  }

  static List<JsonNode> leadsMatching(Session s, String q) {
    JsonNode page = api.get("/v1/leads?limit=200&q=" + q, s.accessToken()).json();
    List<JsonNode> out = new ArrayList<>();
    page.get("items").forEach(out::add);
    return out;
  }

  static int total(Session s) {
    return api.get("/v1/leads?limit=1&total=true", s.accessToken())
        .json()
        .get("total")
        .asInt();
  }

  @Test
  void aDryRunOfAWindows1252SemicolonFileReportsEachRowAndWritesNothing() {
    String tag = unique();
    String file = "Vorname;Nachname;E-Mail;Firma;Telefon;Schlagworte\r\n"
        + "Jürgen;Müller;juergen." + tag + "@example.de;\"Bäckerei; Söhne\";+49 30 1234567;" + tag
        + "\r\n"
        + "Anna;Weiß;not-an-email;Beispiel GmbH;;\r\n";
    int before = total(admin);
    Api.Response r =
        upload(admin, "?dryRun=true", file.getBytes(Charset.forName("windows-1252")), "text/csv");
    assertEquals(200, r.status(), r::toString);
    JsonNode j = r.json();
    assertEquals("windows-1252", j.get("encoding").asText());
    assertEquals("semicolon", j.get("delimiter").asText());
    assertEquals("email", j.get("mapping").get("E-Mail").asText());
    assertEquals("company", j.get("mapping").get("Firma").asText());
    assertEquals("tags", j.get("mapping").get("Schlagworte").asText());
    assertEquals(2, j.get("rowsChecked").asInt());
    assertEquals(1, j.get("created").asInt());
    assertEquals(1, j.get("invalid").asInt());
    JsonNode bad = j.get("rows").get(1);
    assertEquals(2, bad.get("row").asInt());
    assertEquals("invalid", bad.get("outcome").asText());
    assertEquals("E-Mail", bad.get("errors").get(0).get("column").asText());
    assertEquals("/email", bad.get("errors").get(0).get("field").asText());
    assertEquals(before, total(admin), "a dry run writes nothing");
  }

  @Test
  void anImportJobCreatesScoredRoutedLeadsAndOffersItsBadRowsAsCsv() {
    String tag = unique();
    StringBuilder file =
        new StringBuilder("\uFEFFFirst Name,Last Name,Email,Company,Tags,Country\r\n");
    for (int i = 0; i < 1203; i++) {
      file.append("Ana,Souza")
          .append(i)
          .append(",ana")
          .append(i)
          .append('.')
          .append(tag)
          .append("@example.com,\"Northwind, Ltd\",")
          .append(tag)
          .append(",BR\r\n");
    }
    file.append("Bad,Row,still-not-an-email,X,").append(tag).append(",BR\r\n");
    file.append("Bad,Country,ok.")
        .append(tag)
        .append("@example.com,X,")
        .append(tag)
        .append(",Brazil\r\n");
    JsonNode job = importAndWait(admin, "", file.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals("succeeded", job.get("state").asText(), job::toString);
    assertEquals(1205, job.get("rowsTotal").asInt());
    assertEquals(1205, job.get("rowsDone").asInt());
    assertEquals(1203, job.get("created").asInt());
    assertEquals(2, job.get("invalid").asInt());
    assertEquals("UTF-8", job.get("encoding").asText());
    assertTrue(job.get("rowsPerSecond").asDouble() > 0);
    assertNotNull(job.get("finishedAt"));

    JsonNode lead = leadsMatching(admin, "ana7." + tag).get(0);
    assertEquals("Northwind, Ltd", lead.get("company").asText());
    assertEquals(tag, lead.get("tags").get(0).asText());
    assertTrue(lead.has("score"), "scored on the way in");
    assertFalse(
        lead.has("ownerId") && lead.get("ownerId").asText().equals(admin.userId()),
        "a row without an owner is left to routing, not given to the importer");
    JsonNode history = api.get(
            "/v1/leads/" + lead.get("id").asText() + "/history", admin.accessToken())
        .json()
        .get("items");
    assertEquals(
        "create", history.get(history.size() - 1).get("action").asText(), history::toString);

    Api.Response errors = api.get(job.get("errorsCsv").asText(), admin.accessToken());
    assertEquals(200, errors.status());
    assertTrue(errors.header("Content-Type").startsWith("text/csv"));
    List<String> lines = errors.text().lines().toList();
    assertEquals(3, lines.size(), errors.text());
    assertTrue(
        lines.get(0).startsWith("\uFEFFrow,errors,\"First Name\",\"Last Name\",Email"),
        lines.get(0));
    assertTrue(lines.get(1).startsWith("1204,"), lines.get(1));
    assertTrue(lines.get(1).contains("still-not-an-email"), lines.get(1));
    assertTrue(lines.get(2).startsWith("1205,\"Country:"), lines.get(2));
  }

  @Test
  void duplicatesAreSkippedUpdatedOrCreatedAsAsked() {
    String tag = unique();
    String prefix = "dup." + tag;
    String email = prefix + "@example.com";
    String first =
        "email,firstName,lastName,company,title\r\n" + email + ",Li,Wei,Contoso,Buyer\r\n";
    assertEquals(
        1,
        importAndWait(admin, "", first.getBytes(StandardCharsets.UTF_8))
            .get("created")
            .asInt());
    String again = "email,firstName,lastName,company,title\r\n"
        + email.toUpperCase() + ",Li,Wei,Contoso,Head of Buying\r\n"
        + "other." + tag + "@example.com,Li,Wei,Contoso,\r\n";

    JsonNode skipped =
        importAndWait(admin, "?duplicates=skip", again.getBytes(StandardCharsets.UTF_8));
    assertEquals(2, skipped.get("skipped").asInt(), "same email, then same name and company");
    assertEquals(1, leadsMatching(admin, prefix).size());

    String original = leadsMatching(admin, prefix).get(0).get("id").asText();
    JsonNode updated =
        importAndWait(admin, "?duplicates=update", again.getBytes(StandardCharsets.UTF_8));
    assertEquals(2, updated.get("updated").asInt(), updated::toString);
    // both rows name the same lead (by email, then by name and company): written over twice, in
    // row order; the second row's blank title leaves the first row's
    List<JsonNode> after = leadsMatching(admin, "other." + tag);
    assertEquals(1, after.size());
    assertEquals(original, after.get(0).get("id").asText());
    assertEquals("Head of Buying", after.get(0).get("title").asText());

    JsonNode created =
        importAndWait(admin, "?duplicates=create", again.getBytes(StandardCharsets.UTF_8));
    assertEquals(2, created.get("created").asInt());
    assertEquals(2, leadsMatching(admin, "other." + tag).size());
    assertEquals(1, leadsMatching(admin, prefix).size());
  }

  /**
   * A file of four batches, two of which are written side by side: a row that repeats a row of the batch before it
   * (whose lead may not be stored yet when the later batch looks for duplicates) is still found as a duplicate,
   * skipped or written over that lead as asked, and the counts add up to the file.
   */
  @Test
  void aRowRepeatingARowOfTheBatchBeforeItIsFoundWhileBothBatchesAreInFlight() {
    String tag = unique();
    int rows = 1600;
    String file = repeatingRows(tag, rows, 7_000_000);
    JsonNode skipped =
        importAndWait(admin, "?duplicates=skip", file.getBytes(StandardCharsets.UTF_8));
    assertEquals("succeeded", skipped.get("state").asText(), skipped::toString);
    assertEquals(rows - 2, skipped.get("created").asInt(), skipped::toString);
    assertEquals(2, skipped.get("skipped").asInt(), skipped::toString);
    List<JsonNode> first = leadsMatching(admin, "row100." + tag);
    assertEquals(1, first.size(), "one lead for rows 100 and 700");
    assertEquals("Title 100", first.get(0).get("title").asText());

    String tag2 = unique();
    String updates = repeatingRows(tag2, rows, 8_000_000);
    JsonNode updated =
        importAndWait(admin, "?duplicates=update", updates.getBytes(StandardCharsets.UTF_8));
    assertEquals(rows - 2, updated.get("created").asInt(), updated::toString);
    assertEquals(2, updated.get("updated").asInt(), updated::toString);
    List<JsonNode> over = leadsMatching(admin, "row100." + tag2);
    assertEquals(1, over.size(), "row 700 wrote over the lead row 100 created");
    assertEquals("Title 700", over.get(0).get("title").asText());
  }

  /** {@code rows} distinct rows, but row 700 repeats row 100's email and row 1300 repeats row 900's phone. */
  private static String repeatingRows(String tag, int rows, int phoneBase) {
    StringBuilder file = new StringBuilder("email,phone,firstName,lastName,company,title\r\n");
    for (int i = 1; i <= rows; i++) {
      int emailOf = i == 700 ? 100 : i;
      String phone = "+4930" + (phoneBase + (i == 1300 ? 900 : i));
      file.append("row")
          .append(emailOf)
          .append('.')
          .append(tag)
          .append("@example.com,")
          .append(phone)
          .append(",F")
          .append(i)
          .append(",L")
          .append(i)
          .append(",C")
          .append(i)
          .append(tag)
          .append(",Title ")
          .append(i)
          .append("\r\n");
    }
    return file.toString();
  }

  @Test
  void aSavedMappingDecidesTheHeadersItNamesAndTheRestAreGuessed() {
    Api.Response put = api.put(
        "/v1/leads/import/mappings/crm-x",
        Map.of("columns", Map.of("Kontakt.Mail", "email", "Nachname", "")),
        admin.accessToken());
    assertEquals(200, put.status(), put::toString);
    JsonNode list = api.get("/v1/leads/import/mappings", admin.accessToken()).json();
    assertEquals(
        "email", list.get("items").get(0).get("columns").get("Kontakt.Mail").asText());
    assertFalse(
        api.get("/v1/leads/import/mappings", otherAdmin.accessToken()).text().contains("crm-x"),
        "mappings are the tenant's own");

    String file =
        "Kontakt.Mail,Nachname,Firma\r\nm." + unique() + "@example.com,Ignored,Fabrikam\r\n";
    JsonNode dry = upload(admin, "?dryRun=true&mappingId=crm-x", file).json();
    assertEquals("email", dry.get("mapping").get("Kontakt.Mail").asText());
    assertEquals("", dry.get("mapping").get("Nachname").asText());
    assertEquals("company", dry.get("mapping").get("Firma").asText());
    assertEquals(1, dry.get("created").asInt(), dry::toString);

    Api.Response unknown = upload(otherAdmin, "?dryRun=true&mappingId=crm-x", file);
    assertEquals(400, unknown.status());
    assertEquals(
        "query.mappingId", unknown.json().get("errors").get(0).get("field").asText());
    Api.Response badField = api.put(
        "/v1/leads/import/mappings/bad",
        Map.of("columns", Map.of("A", "score")),
        admin.accessToken());
    assertEquals(400, badField.status());
  }

  @Test
  void repsMayNotImportAndABodyThatIsNotCsvIsRefused() {
    assertEquals(403, upload(rep, "", "email\r\na@example.com\r\n").status());
    Api.Response json =
        upload(admin, "", "{\"leads\":[]}".getBytes(StandardCharsets.UTF_8), "application/json");
    assertEquals(415, json.status());
    assertEquals("UNSUPPORTED_MEDIA_TYPE", json.code());
    Api.Response empty = upload(admin, "", new byte[0], "text/csv");
    assertEquals(400, empty.status());
    Api.Response open = upload(admin, "?dryRun=true", "email,company\r\n\"a@example.com,Acme\r\n");
    assertEquals(400, open.status(), open::toString);
    assertEquals(
        400, upload(admin, "?duplicates=merge", "email\r\na@example.com\r\n").status());
  }

  @Test
  void jobsOfOtherTenantsAndOtherManagersAreNotFound() {
    JsonNode job = importAndWait(
        admin,
        "",
        ("email\r\nj." + unique() + "@example.com\r\n").getBytes(StandardCharsets.UTF_8));
    String path = "/v1/leads/import/jobs/" + job.get("id").asText();
    assertEquals(404, api.get(path, otherAdmin.accessToken()).status());
    assertEquals(404, api.get(path + "/errors.csv", otherAdmin.accessToken()).status());
    Session manager = AuthFixtures.user(api, admin, "manager");
    assertEquals(404, api.get(path, manager.accessToken()).status());
  }

  @Test
  void anExportHoldsOnlyWhatTheCallerSeesFilteredLikeTheList() {
    String tag = unique();
    for (Session s : List.of(admin, rep)) {
      Map<String, Object> body = new HashMap<>();
      body.put("lastName", "Export" + tag);
      body.put("email", "e." + s.userId() + "." + tag + "@example.com");
      body.put("company", "=cmd|' /C calc'!A0");
      body.put("tags", List.of(tag));
      assertEquals(201, api.post("/v1/leads", body, s.accessToken()).status());
    }
    Api.Response all = api.get("/v1/leads/export.csv?tag=" + tag, admin.accessToken());
    assertEquals(200, all.status(), all::toString);
    assertTrue(all.header("Content-Type").startsWith("text/csv"));
    List<String> lines = all.text().lines().toList();
    assertEquals("\uFEFF" + String.join(",", LeadColumns.EXPORTED), lines.get(0));
    assertEquals(3, lines.size(), all.text());
    assertTrue(lines.get(1).contains("'=cmd|"), "a formula is written as text: " + lines.get(1));

    List<String> mine = api.get("/v1/leads/export.csv?tag=" + tag, rep.accessToken())
        .text()
        .lines()
        .toList();
    assertEquals(2, mine.size());
    assertTrue(mine.get(1).contains(rep.userId()));
    assertEquals(
        1,
        api.get("/v1/leads/export.csv?tag=" + tag, otherAdmin.accessToken())
            .text()
            .lines()
            .count());
    assertEquals(
        400,
        api.get("/v1/leads/export.csv?createdFrom=yesterday", admin.accessToken())
            .status());

    Api.Response segment = api.post(
        "/v1/segments",
        Map.of("name", "Export " + tag, "filter", Map.of("tags", List.of(tag))),
        rep.accessToken());
    assertEquals(201, segment.status(), segment::toString);
    String segmentId = segment.json().get("id").asText();
    assertEquals(
        2,
        api.get("/v1/leads/export.csv?segmentId=" + segmentId, rep.accessToken())
            .text()
            .lines()
            .count());
    assertEquals(
        404,
        api.get("/v1/leads/export.csv?segmentId=" + segmentId, admin.accessToken())
            .status());
  }

  @Test
  void anExportImportedIntoAnotherTenantGivesBackTheSameFieldValues() {
    String tag = unique();
    for (int i = 0; i < 3; i++) {
      Map<String, Object> body = new HashMap<>();
      body.put("firstName", "Zoë " + i);
      body.put("lastName", "O'Brien, \"Jr\"");
      body.put("email", "rt" + i + "." + tag + "@example.com");
      body.put("phone", "+49 30 123456" + i);
      body.put("company", "Société Générale\nParis");
      body.put("title", "-Director");
      body.put("website", "https://example.com/" + i);
      body.put("industry", "Banking");
      body.put("companySize", "5001+");
      body.put("country", "FR");
      body.put("region", "IDF");
      body.put("city", "Paris");
      body.put("source", "trade_show");
      body.put("campaign", "spring");
      body.put("captureMethod", "badge_scan");
      body.put("capturedAt", "2025-05-14T09:30:0" + i + "Z");
      body.put("status", "contacted");
      body.put("tags", List.of(tag, "vip"));
      assertEquals(201, api.post("/v1/leads", body, admin.accessToken()).status());
    }
    Api.Response export =
        api.get("/v1/leads/export.csv?sort=capturedAt&tag=" + tag, admin.accessToken());
    assertEquals(200, export.status());

    // the other tenant has none of this tenant's users or teams: those columns are left out
    api.put(
        "/v1/leads/import/mappings/roundtrip",
        Map.of("columns", Map.of("ownerId", "", "teamId", "")),
        otherAdmin.accessToken());
    JsonNode job = importAndWait(
        otherAdmin, "?mappingId=roundtrip", export.text().getBytes(StandardCharsets.UTF_8));
    assertEquals(3, job.get("created").asInt(), job::toString);

    List<String> fields = List.of(
        "id",
        "firstName",
        "lastName",
        "email",
        "phone",
        "company",
        "title",
        "website",
        "industry",
        "companySize",
        "country",
        "region",
        "city",
        "source",
        "campaign",
        "captureMethod",
        "capturedAt",
        "status",
        "tags");
    for (JsonNode original : leadsMatching(admin, "rt")) {
      if (!original.get("email").asText().endsWith(tag + "@example.com")) {
        continue;
      }
      JsonNode copy = api.get("/v1/leads/" + original.get("id").asText(), otherAdmin.accessToken())
          .json();
      for (String f : fields) {
        assertEquals(original.get(f), copy.get(f), f);
      }
    }
    assertEquals(
        3,
        leadsMatching(otherAdmin, "rt").stream()
            .filter(l -> l.get("email").asText().endsWith(tag + "@example.com"))
            .count());
  }

  @Test
  void aFileLargerThanTheJsonBodyLimitIsTakenWhileJsonBodiesKeepTheirLimit() {
    StringBuilder file = new StringBuilder("email\tcompany\tnotes\r\n");
    String filler = "x".repeat(100);
    for (int i = 0; file.length() < 3 * 1024 * 1024; i++) {
      file.append("big")
          .append(i)
          .append("@example.com\tBig Co\t")
          .append(filler)
          .append("\r\n");
    }
    Api.Response dry = upload(admin, "?dryRun=true", file.toString());
    assertEquals(200, dry.status(), () -> dry.status() + " " + dry.text().substring(0, 200));
    assertEquals("tab", dry.json().get("delimiter").asText());
    assertEquals(1000, dry.json().get("rowsChecked").asInt());
    assertTrue(dry.json().get("moreRows").asBoolean());

    String json = "{\"leads\":[{\"lastName\":\"" + "y".repeat(3 * 1024 * 1024) + "\"}]}";
    assertEquals(413, api.post("/v1/leads/import", json, admin.accessToken()).status());
  }

  @Test
  void anImportWithDuplicatesAndAnExportReadTheStoreThroughItsIndexes() {
    String tag = unique();
    StringBuilder file = new StringBuilder("email,firstName,lastName,company,phone,tags\r\n");
    for (int i = 0; i < 40; i++) {
      file.append("scan")
          .append(i)
          .append('.')
          .append(tag)
          .append("@example.com,Kim,Lee")
          .append(i)
          .append(",Acme ")
          .append(tag)
          .append(",+1 415 555 ")
          .append(1000 + i)
          .append(',')
          .append(tag)
          .append("\r\n");
    }
    byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
    Map<String, Long> before = KvBackend.fullScanShapes();
    assertEquals(40, importAndWait(admin, "", bytes).get("created").asInt());
    assertEquals(
        40, importAndWait(admin, "?duplicates=update", bytes).get("updated").asInt());
    assertEquals(
        41,
        api.get("/v1/leads/export.csv?tag=" + tag, admin.accessToken())
            .text()
            .lines()
            .count());
    Map<String, Long> scans = new TreeMap<>();
    KvBackend.fullScanShapes().forEach((shape, n) -> {
      if (n > before.getOrDefault(shape, 0L) && !shape.startsWith("system.")) {
        scans.put(shape, n - before.getOrDefault(shape, 0L));
      }
    });
    assertEquals(Map.of(), scans, "queries that read a whole collection");
  }

  @Test
  void aRowWithAnErasedPersonsEmailIsRefusedAndItsErrorRowKeepsNoneOfItsValues() {
    String email = "erased." + unique() + "@example.com";
    Api.Response created =
        api.post("/v1/leads", Map.of("lastName", "Erasable", "email", email), admin.accessToken());
    assertEquals(201, created.status(), created::toString);
    Api.Response erased =
        api.post("/v1/privacy/erasures", Map.of("email", email), admin.accessToken());
    assertEquals(200, erased.status(), erased::toString);

    String tag = unique();
    String file = "First Name,Last Name,Email,Company\r\n"
        + "Back,Again" + tag + "," + email.toUpperCase() + ",X\r\n"
        + "New,Person" + tag + ",new." + tag + "@example.com,X\r\n";
    JsonNode job = importAndWait(admin, "", file.getBytes(StandardCharsets.UTF_8));
    assertEquals("succeeded", job.get("state").asText(), job::toString);
    assertEquals(1, job.get("created").asInt(), job::toString);
    assertEquals(1, job.get("invalid").asInt(), job::toString);
    Api.Response errors = api.get(job.get("errorsCsv").asText(), admin.accessToken());
    assertEquals(200, errors.status(), errors::toString);
    assertTrue(
        errors.text().contains("suppressed") || errors.text().contains("erased"), errors::toString);
    assertFalse(errors.text().toLowerCase().contains(email), errors::toString);
    assertFalse(errors.text().contains("Again" + tag), errors::toString);
    assertEquals(List.of(), StoreScan.find(server, email));
    assertEquals(List.of(), StoreScan.find(server, "Again" + tag));
  }

  @Test
  void routingAnImportLogsOneLinePerBatchNotOnePerLead() {
    String tag = unique();
    StringBuilder file = new StringBuilder("email,firstName,lastName,company\r\n");
    for (int i = 0; i < 620; i++) {
      file.append("routed")
          .append(i)
          .append('.')
          .append(tag)
          .append("@example.com,Ola,Nordmann")
          .append(i)
          .append(",Fjord ")
          .append(tag)
          .append("\r\n");
    }
    Logger routing = (Logger) LoggerFactory.getLogger(AssignmentService.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    routing.addAppender(seen);
    try {
      JsonNode job = importAndWait(admin, "", file.toString().getBytes(StandardCharsets.UTF_8));
      assertEquals(620, job.get("created").asInt(), job::toString);
    } finally {
      routing.detachAppender(seen);
    }
    List<String> info = seen.list.stream()
        .filter(e -> e.getLevel() == Level.INFO)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
    assertEquals(
        0, info.stream().filter(m -> m.startsWith("lead assigned")).count(), info::toString);
    Pattern together = Pattern.compile("leads routed together \\[.*, leads=(\\d+), to=.*");
    int routed = 0;
    int lines = 0;
    for (String m : info) {
      Matcher matcher = together.matcher(m);
      if (matcher.matches()) {
        routed += Integer.parseInt(matcher.group(1));
        lines++;
      }
    }
    assertEquals(620, routed, info::toString);
    assertTrue(lines <= 2, "one line per batch of 500: " + info);
  }
}
