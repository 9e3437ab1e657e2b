package com.fieldlead.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An import job is answered by every instance behind a load balancer, not only the one that runs it: its state and
 * its rejected rows are in the store. A job whose instance stopped while it ran reads as interrupted.
 */
class CsvJobsAcrossInstancesTest {

  @RegisterExtension
  @Order(1)
  static final TestServerExtension HERE = TestServerExtension.start();

  @RegisterExtension
  @Order(2)
  static final TestServerExtension THERE =
      TestServerExtension.sharingStoreOf(HERE, Map.of(), Clock.systemUTC());

  static TestServer here;
  static Api a;
  static Api b;
  static Session admin;

  @BeforeAll
  static void start() {
    here = HERE.get();
    a = here.api();
    b = THERE.get().api();
    admin = AuthFixtures.tenantWithAdmin(here, "Csv Across");
  }

  @Test
  void aJobStartedOnOneInstanceIsFollowedAndItsBadRowsDownloadedOnTheOther() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    StringBuilder file = new StringBuilder("First Name,Last Name,Email,Tags\r\n");
    for (int i = 0; i < 700; i++) {
      file.append("Ana,Souza").append(i).append(",ana").append(i).append('.').append(tag);
      file.append("@example.com,").append(tag).append("\r\n");
    }
    file.append("Bad,Row,still-not-an-email,").append(tag).append("\r\n");
    Api.Response started = a.send(
        HttpRequest.newBuilder(URI.create(a.base() + "/v1/leads/import/csv"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(
                file.toString().getBytes(StandardCharsets.UTF_8))),
        admin.accessToken(),
        Map.of("Content-Type", "text/csv"));
    assertEquals(202, started.status(), started::toString);
    String location = started.header("Location");

    JsonNode[] last = new JsonNode[1];
    assertTrue(
        Await.until(
            () -> {
              Api.Response r = b.get(location, admin.accessToken());
              last[0] = r.json();
              return r.status() == 200 && !last[0].get("state").asText().equals("running");
            },
            30_000),
        () -> "job still running on the other instance: " + last[0]);
    assertEquals("succeeded", last[0].get("state").asText(), last[0]::toString);
    assertEquals(701, last[0].get("rowsDone").asInt());
    assertEquals(700, last[0].get("created").asInt());
    assertEquals(1, last[0].get("invalid").asInt());

    Api.Response errors = b.get(last[0].get("errorsCsv").asText(), admin.accessToken());
    assertEquals(200, errors.status(), errors::toString);
    List<String> lines = errors.text().lines().toList();
    assertEquals(2, lines.size(), errors.text());
    assertTrue(lines.get(1).startsWith("701,"), lines.get(1));
    assertTrue(lines.get(1).contains("still-not-an-email"), lines.get(1));

    Session other = AuthFixtures.tenantWithAdmin(here, "Csv Elsewhere");
    assertEquals(404, b.get(location, other.accessToken()).status(), "another tenant's admin");
  }

  @Test
  void aJobWhoseInstanceStoppedWhileItRanReadsAsInterrupted() {
    String id = UUID.randomUUID().toString();
    String view = "{\"id\":\"" + id + "\",\"state\":\"running\",\"duplicates\":\"skip\","
        + "\"encoding\":\"UTF-8\",\"delimiter\":\"comma\",\"mapping\":{},\"rowsTotal\":1000,"
        + "\"rowsDone\":500,\"created\":500,\"updated\":0,\"skipped\":0,\"invalid\":0,"
        + "\"rowsPerSecond\":100.0,\"startedAt\":\"2026-01-01T10:00:00Z\","
        + "\"errorsCsv\":\"/v1/leads/import/jobs/" + id + "/errors.csv\"}";
    Document stale = new Document("_id", id)
        .append("tenantId", admin.tenantId())
        .append("startedBy", admin.userId())
        .append("headers", List.of("Email"))
        .append("view", view)
        .append(
            "writtenAt", Date.from(Instant.now().minus(ImportJobRecords.STALE).minusSeconds(60)))
        .append("finishedAt", null);
    Await.onContext(
        here,
        () -> MongoFutures.one(
            here.server().store().collection(ImportJobRecords.JOBS).insertOne(stale)));

    JsonNode job = b.get("/v1/leads/import/jobs/" + id, admin.accessToken()).json();
    assertEquals("interrupted", job.get("state").asText(), job::toString);
    assertEquals(500, job.get("rowsDone").asInt());
    assertTrue(job.get("failure").asText().contains("stopped"), job::toString);
  }
}
