package com.fieldlead.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Export and erasure as jobs: {@code Prefer: respond-async} (or a tenant past the threshold) answers 202 with the job's
 * location, whose state any instance reads from the store until the result is there.
 */
class PrivacyJobsTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  private static final Map<String, String> ASYNC = Map.of("Prefer", "respond-async");

  private static TestServer server;
  private static Api api;
  private static Session admin;

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Jobs Co");
  }

  private static String[] person() {
    String email = "job." + UUID.randomUUID().toString().substring(0, 8) + "@privacy.example";
    Api.Response r = api.post(
        "/v1/leads",
        Map.of("firstName", "Jo", "lastName", "Batchelor", "email", email),
        admin.accessToken());
    assertEquals(201, r.status(), r::toString);
    return new String[] {email, r.json().path("id").asText()};
  }

  /** Polls the job until it has ended; answers its last state. */
  private static JsonNode ended(String location, String token) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    assertTrue(
        Await.until(
            () -> {
              Api.Response r = api.get(location, token);
              assertEquals(200, r.status(), r::toString);
              last.set(r.json());
              return !"running".equals(r.json().path("state").asText());
            },
            30_000),
        () -> "still running: " + last.get());
    return last.get();
  }

  @Test
  void anExportAskedToRunAsyncIsAJobWhoseResultIsTheDocument() {
    String[] p = person();
    Api.Response started =
        api.send("POST", "/v1/privacy/exports", Map.of("email", p[0]), admin.accessToken(), ASYNC);
    assertEquals(202, started.status(), started::toString);
    String location = started.header("Location");
    assertTrue(location.startsWith("/v1/privacy/jobs/"), location);
    assertEquals("export", started.json().path("kind").asText());
    assertEquals("running", started.json().path("state").asText());

    JsonNode job = ended(location, admin.accessToken());
    assertEquals("succeeded", job.path("state").asText(), job::toString);
    assertEquals(p[1], job.path("result").path("leads").get(0).path("id").asText());
    assertEquals(p[0], job.path("result").path("leads").get(0).path("email").asText());
    assertTrue(job.hasNonNull("finishedAt"));
  }

  @Test
  void anErasureAskedToRunAsyncErasesAndItsJobAnswersWhatWasDone() {
    String[] p = person();
    Api.Response started = api.send(
        "POST", "/v1/privacy/erasures", Map.of("leadId", p[1]), admin.accessToken(), ASYNC);
    assertEquals(202, started.status(), started::toString);
    JsonNode job = ended(started.header("Location"), admin.accessToken());
    assertEquals("succeeded", job.path("state").asText(), job::toString);
    assertEquals(p[1], job.path("result").path("leadIds").get(0).asText());
    assertEquals(404, api.get("/v1/leads/" + p[1], admin.accessToken()).status());
    Api.Response again =
        api.post("/v1/leads", Map.of("lastName", "X", "email", p[0]), admin.accessToken());
    assertEquals(409, again.status(), "suppressed: " + again);
  }

  @Test
  void withoutTheHeaderASmallTenantIsAnsweredWhenDone() {
    String[] p = person();
    Api.Response done =
        api.post("/v1/privacy/exports", Map.of("leadId", p[1]), admin.accessToken());
    assertEquals(200, done.status(), done::toString);
    assertEquals(p[0], done.json().path("leads").get(0).path("email").asText());
    assertEquals(null, done.header("Location"));
  }

  @Test
  void anUnknownPersonIs404AndStartsNoJobAndAnotherTenantCannotReadAJob() {
    Api.Response unknown = api.send(
        "POST",
        "/v1/privacy/erasures",
        Map.of("leadId", UUID.randomUUID().toString()),
        admin.accessToken(),
        ASYNC);
    assertEquals(404, unknown.status(), unknown::toString);

    String[] p = person();
    Api.Response started =
        api.send("POST", "/v1/privacy/exports", Map.of("leadId", p[1]), admin.accessToken(), ASYNC);
    String location = started.header("Location");
    Session other = AuthFixtures.tenantWithAdmin(server, "Other Jobs Co");
    assertEquals(404, api.get(location, other.accessToken()).status());
    Session rep = AuthFixtures.user(api, admin, "rep");
    assertEquals(403, api.get(location, rep.accessToken()).status());
    assertEquals(
        404,
        api.get("/v1/privacy/jobs/" + UUID.randomUUID(), admin.accessToken()).status());
    assertFalse(ended(location, admin.accessToken()).path("state").asText().isEmpty());
  }

  @Test
  void aJobRunsWhenTheClientAsksOrTheTenantIsPastTheThreshold() {
    assertTrue(PrivacyJobs.runAsJob("respond-async", 1));
    assertTrue(PrivacyJobs.runAsJob("wait=10, Respond-Async", 1));
    assertTrue(PrivacyJobs.runAsJob(null, PrivacyJobs.SYNC_MAX_LEADS + 1));
    assertFalse(PrivacyJobs.runAsJob(null, PrivacyJobs.SYNC_MAX_LEADS));
    assertFalse(PrivacyJobs.runAsJob("return=minimal", 10));
  }
}
