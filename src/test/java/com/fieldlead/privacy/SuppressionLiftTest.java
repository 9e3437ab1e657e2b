package com.fieldlead.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.apikey.ApiKeyHarness;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.StoreScan;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /v1/privacy/suppressions/lift}: an erased email may be captured again, audited; the erasure stays. */
class SuppressionLiftTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  private static final String LIFT = "/v1/privacy/suppressions/lift";

  private static TestServer server;
  private static Api api;
  private static Session admin;
  private static Session rep;

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Lift Co");
    rep = AuthFixtures.user(api, admin, "rep");
  }

  /** Captures a person with a fresh email and erases them; answers the email and the erased lead's id. */
  private static String[] erased() {
    String email = "lift." + UUID.randomUUID().toString().substring(0, 8) + "@privacy.example";
    Api.Response created = api.post(
        "/v1/leads",
        Map.of("firstName", "Liv", "lastName", "Tedsdottir", "email", email),
        rep.accessToken());
    assertEquals(201, created.status(), created::toString);
    String leadId = created.json().path("id").asText();
    Api.Response erased =
        api.post("/v1/privacy/erasures", Map.of("leadId", leadId), admin.accessToken());
    assertEquals(200, erased.status(), erased::toString);
    return new String[] {email, leadId};
  }

  private static Api.Response capture(String email, Session who) {
    return api.post(
        "/v1/leads", Map.of("lastName", "Tedsdottir", "email", email), who.accessToken());
  }

  @Test
  void aLiftedEmailIsCapturedAgainWhileTheErasedLeadStaysErased() {
    String[] person = erased();
    String email = person[0];
    assertEquals(409, capture(email, rep).status(), "suppressed before the lift");

    Api.Response lifted = api.post(
        LIFT, Map.of("email", email.toUpperCase(), "reason", "person_asked"), admin.accessToken());
    assertEquals(200, lifted.status(), lifted::toString);
    assertTrue(lifted.json().path("lifted").asBoolean());
    assertEquals("person_asked", lifted.json().path("reason").asText());

    Api.Response again = capture(email, rep);
    assertEquals(201, again.status(), "accepted after the lift: " + again);
    assertFalse(again.json().path("id").asText().equals(person[1]), "a new lead");
    assertEquals(
        404, api.get("/v1/leads/" + person[1], admin.accessToken()).status(), "still erased");
    assertTrue(
        StoreScan.find(server, email).stream().noneMatch(hit -> hit.contains(person[1])),
        "the erased lead's records stay without the email");
    Api.Response twice =
        api.post(LIFT, Map.of("email", email, "reason", "mistake"), admin.accessToken());
    assertEquals(404, twice.status(), "nothing left to lift: " + twice);
  }

  @Test
  void aLiftIsInTheAuditLogWithItsReasonAndActorAndNoEmail() {
    String email = erased()[0];
    assertEquals(
        200,
        api.post(LIFT, Map.of("email", email, "reason", "mistake"), admin.accessToken())
            .status());
    JsonNode entry = api.get("/v1/audit?action=person.suppression_lifted", admin.accessToken())
        .json()
        .path("items");
    JsonNode first = entry.get(0);
    assertEquals("suppression", first.path("targetType").asText(), first::toString);
    assertEquals(admin.userId(), first.path("actorUserId").asText(), first::toString);
    assertEquals("mistake", first.path("details").path("reason").asText(), first::toString);
    assertFalse(first.toString().contains(email), "no email in the audit log: " + first);
  }

  @Test
  void aNeverSuppressedEmailOrAnotherTenantsSuppressionIs404AndChangesNothing() {
    String email = erased()[0];
    Api.Response unknown = api.post(
        LIFT,
        Map.of("email", "never." + UUID.randomUUID() + "@x.test", "reason", "mistake"),
        admin.accessToken());
    assertEquals(404, unknown.status(), unknown::toString);
    Session other = AuthFixtures.tenantWithAdmin(server, "Other Lift Co");
    Api.Response foreign =
        api.post(LIFT, Map.of("email", email, "reason", "person_asked"), other.accessToken());
    assertEquals(404, foreign.status(), foreign::toString);
    assertEquals(409, capture(email, rep).status(), "still suppressed in its own tenant");
  }

  @Test
  void onlyAdminsAndPrivacyKeysMayLiftAndABadBodyIs400() {
    String email = erased()[0];
    assertEquals(
        403,
        api.post(LIFT, Map.of("email", email, "reason", "person_asked"), rep.accessToken())
            .status());
    String reader = ApiKeyHarness.secret(api, admin, "leads:read");
    assertEquals(
        403,
        api.post(LIFT, Map.of("email", email, "reason", "person_asked"), reader).status());
    for (Object body : List.of(
        Map.of("email", email),
        Map.of("email", email, "reason", "because"),
        Map.of("reason", "mistake"),
        Map.of("email", email, "reason", "mistake", "leadId", "x"))) {
      Api.Response r = api.post(LIFT, body, admin.accessToken());
      assertEquals(400, r.status(), () -> body + " -> " + r);
    }
    assertEquals(409, capture(email, rep).status(), "nothing was lifted");
    String privacy = ApiKeyHarness.secret(api, admin, "privacy:manage");
    assertEquals(
        200,
        api.post(LIFT, Map.of("email", email, "reason", "person_asked"), privacy)
            .status());
    assertEquals(201, capture(email, rep).status());
  }
}
