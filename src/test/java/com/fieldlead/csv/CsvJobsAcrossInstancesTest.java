package com.fieldlead.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
import org.slf4j.LoggerFactory;

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

  /**
   * A server that stops while it imports starts no further batch, writes and counts the batches in flight, and stores
   * the job as interrupted before its store connection closes: the job's counts match the leads in the store, and the
   * stop logs no warning.
   */
  @Test
  void aServerStoppingDuringAnImportEndsItBetweenBatchesAsInterrupted() {
    Session mine = AuthFixtures.tenantWithAdmin(here, "Csv Stopping");
    StringBuilder file = new StringBuilder("First Name,Last Name,Email\r\n");
    int rows = 20_000;
    for (int i = 0; i < rows; i++) {
      file.append("Rui,Costa").append(i).append(",rui").append(i).append("@stop.example\r\n");
    }
    Logger imports = (Logger) LoggerFactory.getLogger(CsvImports.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    imports.addAppender(logged);
    TestServer leaving = TestServer.start(
        Map.of(ConfigKey.MONGODB_URI, here.server().storeConnectionString()), Clock.systemUTC());
    String location;
    try {
      Api.Response started = leaving
          .api()
          .send(
              HttpRequest.newBuilder(URI.create(leaving.api().base() + "/v1/leads/import/csv"))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(
                      file.toString().getBytes(StandardCharsets.UTF_8))),
              mine.accessToken(),
              Map.of("Content-Type", "text/csv"));
      assertEquals(202, started.status(), started::toString);
      location = started.header("Location");
      assertTrue(
          Await.until(
              () -> a.get(location, mine.accessToken()).json().path("rowsDone").asInt() > 0,
              30_000),
          "a first batch counted");
    } finally {
      // the graceful stop (as SIGTERM takes it), waited for without the test harness's bound: the
      // batches in flight
      // take their time on a loaded machine
      Await.result(leaving.server().stop(), Duration.ofMinutes(2));
      imports.detachAppender(logged);
    }
    JsonNode job = a.get(location, mine.accessToken()).json();
    assertEquals("interrupted", job.get("state").asText(), job::toString);
    int done = job.get("rowsDone").asInt();
    assertTrue(done > 0 && done < rows && done % CsvImports.BATCH == 0, job::toString);
    assertEquals(done, job.get("created").asInt(), job::toString);
    assertTrue(job.get("failure").asText().contains("duplicates=skip"), job::toString);
    int stored = a.get("/v1/leads?limit=1&total=true", mine.accessToken())
        .json()
        .get("total")
        .asInt();
    assertEquals(done, stored, "every lead written is counted, and none beyond");
    assertEquals(
        List.of(),
        logged.list.stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
            .map(ILoggingEvent::getFormattedMessage)
            .toList());
  }
}
