package com.fieldlead.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CRM connectors end to end against local fakes of Salesforce and HubSpot that answer as their documentation
 * says: connect with OAuth, push on the tenant's trigger, upsert by external id, refresh an expired token, honour a
 * rate limit, name a mapping error for admins; tenants and roles kept apart. The worker polls rarely: tests drive it.
 */
class CrmConnectorTest {

  private static final MutableClock clock = new MutableClock(Instant.parse("2026-06-10T10:00:00Z"));
  private static final FakeSalesforce salesforce = new FakeSalesforce();
  private static final FakeHubSpot hubspot = new FakeHubSpot();
  static final String TOKEN_KEY = Base64.getEncoder().encodeToString(new byte[] {
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
    27, 28, 29, 30, 31, 32
  });

  @RegisterExtension
  static final TestServerExtension SERVER =
      TestServerExtension.start(CrmConnectorTest::settings, clock);

  private static TestServer server;
  private static Api api;

  static Map<ConfigKey, String> settings() {
    Map<ConfigKey, String> s = new HashMap<>();
    s.put(ConfigKey.FIELDLEAD_CRM_TOKEN_KEY, TOKEN_KEY);
    s.put(ConfigKey.FIELDLEAD_CRM_REDIRECT_URI, "http://127.0.0.1/v1/crm/oauth/callback");
    s.put(ConfigKey.FIELDLEAD_SALESFORCE_CLIENT_ID, FakeProvider.CLIENT_ID);
    s.put(ConfigKey.FIELDLEAD_SALESFORCE_CLIENT_SECRET, FakeProvider.CLIENT_SECRET);
    s.put(ConfigKey.FIELDLEAD_SALESFORCE_LOGIN_URL, salesforce.url());
    s.put(ConfigKey.FIELDLEAD_HUBSPOT_CLIENT_ID, FakeProvider.CLIENT_ID);
    s.put(ConfigKey.FIELDLEAD_HUBSPOT_CLIENT_SECRET, FakeProvider.CLIENT_SECRET);
    s.put(ConfigKey.FIELDLEAD_HUBSPOT_AUTHORIZE_URL, hubspot.url() + "/oauth/authorize");
    s.put(ConfigKey.FIELDLEAD_HUBSPOT_API_URL, hubspot.url());
    s.put(ConfigKey.FIELDLEAD_CRM_POLL_MS, "600000");
    s.put(ConfigKey.FIELDLEAD_CRM_RETRY_BASE_MS, "1000");
    return s;
  }

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  @AfterAll
  static void stop() {
    salesforce.close();
    hubspot.close();
  }

  // ---------------------------------------------------------------- helpers

  /** Creates the connection and completes the OAuth flow as the provider's redirect would; answers its id. */
  static String connect(Session admin, String system, String trigger) {
    Api.Response created = api.post(
        "/v1/crm/connections", Map.of("system", system, "trigger", trigger), admin.accessToken());
    assertEquals(201, created.status(), created::toString);
    assertEquals("pending", created.json().path("connection").path("state").asText());
    String state = query(created.json().path("authorizeUrl").asText()).get("state");
    Api.Response back =
        api.get("/v1/crm/oauth/callback?code=" + FakeProvider.GOOD_CODE + "&state=" + state, null);
    assertEquals(200, back.status(), back::toString);
    return created.json().path("connection").path("id").asText();
  }

  static Map<String, String> query(String url) {
    Map<String, String> out = new HashMap<>();
    for (String kv : URI.create(url).getRawQuery().split("&")) {
      String[] p = kv.split("=", 2);
      out.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
    }
    return out;
  }

  static String lead(Session s, Map<String, Object> fields) {
    Api.Response r = api.post("/v1/leads", fields, s.accessToken());
    assertEquals(201, r.status(), r::toString);
    return r.json().path("id").asText();
  }

  static void status(Session s, String leadId, String status) {
    Api.Response current = api.get("/v1/leads/" + leadId, s.accessToken());
    Api.Response r = api.patch(
        "/v1/leads/" + leadId,
        Map.of("status", status),
        s.accessToken(),
        Map.of("If-Match", current.header("ETag")));
    assertEquals(200, r.status(), r::toString);
  }

  static void convert(Session s, String leadId) {
    Api.Response r = api.post(
        "/v1/leads/" + leadId + "/convert",
        Map.of("value", 12500, "currency", "EUR", "date", "2026-06-10"),
        s.accessToken());
    assertEquals(200, r.status(), r::toString);
  }

  /** Relays the durable events and runs the CRM fan-out and one worker round, until {@code done} holds. */
  static boolean pushUntil(BooleanSupplier done) {
    return Await.until(
        () -> {
          Await.onContext(server, () -> server.server().features().eventRelay().relayOnce());
          Await.onContext(server, () -> server.server().features().crm().pushDueNow());
          return done.getAsBoolean();
        },
        15_000);
  }

  /** One relay, fan-out and worker round. */
  static void pushOnce() {
    Await.onContext(server, () -> server.server().features().eventRelay().relayOnce());
    Await.onContext(server, () -> server.server().features().crm().pushDueNow());
  }

  static List<JsonNode> failures(Session admin, String connectionId) {
    Api.Response r =
        api.get("/v1/crm/connections/" + connectionId + "/failures", admin.accessToken());
    assertEquals(200, r.status(), r::toString);
    List<JsonNode> out = new ArrayList<>();
    r.json().path("items").forEach(out::add);
    return out;
  }

  static JsonNode crmLink(Session s, String leadId) {
    return api.get("/v1/leads/" + leadId, s.accessToken()).json().path("crm");
  }

  // ---------------------------------------------------------------- tests

  @Test
  void aConvertedLeadReachesSalesforceAsAccountContactAndOpportunityUpsertedByItsExternalId() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Convert Co");
    connect(admin, "salesforce", "converted");
    String id = lead(
        admin,
        Map.of(
            "firstName",
            "Ada",
            "lastName",
            "Lovelace",
            "company",
            "Analytical Engines",
            "email",
            "ada@ae.test"));
    status(admin, id, "qualified");
    pushOnce(); // the converted trigger ignores qualification
    assertNull(salesforce.record("Lead", id), "trigger converted: a qualified lead is not pushed");

    convert(admin, id);
    assertTrue(
        pushUntil(() -> salesforce.record("Opportunity", id) != null), "the conversion arrives");
    Map<String, Object> account = salesforce.record("Account", id);
    Map<String, Object> contact = salesforce.record("Contact", id);
    Map<String, Object> opportunity = salesforce.record("Opportunity", id);
    assertEquals("Analytical Engines", account.get("Name"));
    assertEquals(id, account.get(FakeSalesforce.EXTERNAL_ID));
    assertEquals("Lovelace", contact.get("LastName"));
    assertEquals(account.get("Id"), contact.get("AccountId"), "the contact hangs off the account");
    assertEquals(account.get("Id"), opportunity.get("AccountId"));
    assertEquals("Closed Won", opportunity.get("StageName"));
    assertEquals("2026-06-10", opportunity.get("CloseDate"));
    assertEquals(12500, ((Number) opportunity.get("Amount")).intValue());
    assertEquals(id, opportunity.get(FakeSalesforce.EXTERNAL_ID));
    assertTrue(pushUntil(() -> crmLink(admin, id).has("syncedAt")), "the link is written back");
    JsonNode link = crmLink(admin, id);
    assertEquals("salesforce", link.path("system").asText());
    assertEquals(contact.get("Id"), link.path("id").asText());
    assertFalse(link.path("syncedAt").asText().isEmpty());
    assertTrue(link.path("lastError").isMissingNode());
  }

  @Test
  void aRePushOfTheSameLeadIsAnUpdateOfTheSameSalesforceRecordNotADuplicate() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Idempotent Co");
    String conn = connect(admin, "salesforce", "qualified");
    String id =
        lead(admin, Map.of("lastName", "Hopper", "company", "Navy", "title", "Rear Admiral"));
    status(admin, id, "qualified");
    assertTrue(pushUntil(() -> salesforce.record("Lead", id) != null));
    Object sfId = salesforce.record("Lead", id).get("Id");
    int patches = salesforce.callsTo("/sobjects/Lead/Fieldlead_Id__c/" + id).size();

    Api.Response pushed = api.post(
        "/v1/crm/connections/" + conn + "/leads/" + id + "/push", Map.of(), admin.accessToken());
    assertEquals(202, pushed.status(), pushed::toString);
    assertEquals("pending", pushed.json().path("status").asText());
    assertTrue(pushUntil(
        () -> salesforce.callsTo("/sobjects/Lead/Fieldlead_Id__c/" + id).size() == patches + 1));
    assertTrue(pushUntil(() -> crmLink(admin, id).path("id").asText().equals(sfId)));
    long leadsWithThisId = salesforce.records.get("Lead").values().stream()
        .filter(r -> id.equals(r.get(FakeSalesforce.EXTERNAL_ID)))
        .count();
    assertEquals(1, leadsWithThisId, "one Salesforce Lead for one fieldlead lead");
    assertEquals(sfId, salesforce.record("Lead", id).get("Id"));
    assertEquals("Rear Admiral", salesforce.record("Lead", id).get("Title"));
  }

  @Test
  void anExpiredAccessTokenIsRefreshedOnceAndThePushRetriedWithTheNewOne() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Refresh Co");
    connect(admin, "salesforce", "qualified");
    String id = lead(admin, Map.of("lastName", "Turing", "company", "Bletchley"));
    int refreshesBefore = salesforce.refreshes.get();
    salesforce.expireAccessTokens();
    status(admin, id, "qualified");
    assertTrue(pushUntil(() -> salesforce.record("Lead", id) != null));
    assertEquals(refreshesBefore + 1, salesforce.refreshes.get(), "one refresh");
    List<FakeProvider.Call> calls = salesforce.callsTo("/Fieldlead_Id__c/" + id);
    assertEquals(2, calls.size(), "refused once, then sent again");
    assertFalse(
        calls.get(0).authorization().equals(calls.get(1).authorization()), "with the new token");
    assertTrue(
        pushUntil(() -> "salesforce".equals(crmLink(admin, id).path("system").asText())));
  }

  @Test
  void aHubSpotRateLimitIsHonouredByItsRetryAfterAndADailyLimitWaitsForTheNextDay() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Rate Co");
    String conn = connect(admin, "hubspot", "qualified");
    String id = lead(admin, Map.of("lastName", "Liskov", "email", "barbara@mit.test"));
    hubspot.rateLimits.add(new FakeHubSpot.RateLimit("TEN_SECONDLY_ROLLING", "120"));
    Instant sent = clock.instant();
    status(admin, id, "qualified");
    assertTrue(pushUntil(() -> failures(admin, conn).size() == 1));
    JsonNode waiting = failures(admin, conn).get(0);
    assertEquals("pending", waiting.path("status").asText());
    assertEquals(429, waiting.path("responseStatus").asInt());
    assertTrue(waiting.path("error").asText().contains("TEN_SECONDLY_ROLLING"), waiting::toString);
    Instant next = Instant.parse(waiting.path("nextAttemptAt").asText());
    assertFalse(next.isBefore(sent.plusSeconds(120)), "not before Retry-After: " + next);
    pushOnce();
    assertNull(hubspot.record("contacts", id), "nothing sent before the time");

    clock.advance(Duration.ofSeconds(121));
    hubspot.rateLimits.add(new FakeHubSpot.RateLimit("DAILY", null));
    assertTrue(pushUntil(() -> failures(admin, conn).get(0).path("attempts").asInt() == 2));
    JsonNode daily = failures(admin, conn).get(0);
    Instant midnight = Instant.parse("2026-06-11T00:00:00Z");
    assertFalse(
        Instant.parse(daily.path("nextAttemptAt").asText()).isBefore(midnight), daily::toString);

    clock.set(midnight.plusSeconds(1));
    try {
      Session later = AuthFixtures.login(api, admin.email(), AuthFixtures.PASSWORD); // a day on
      assertTrue(pushUntil(() -> hubspot.record("contacts", id) != null));
      assertEquals("barbara@mit.test", hubspot.record("contacts", id).get("email"));
      assertTrue(pushUntil(() -> failures(later, conn).isEmpty()), "a success clears the failure");
    } finally {
      clock.set(Instant.parse("2026-06-10T10:00:00Z"));
    }
  }

  @Test
  void aMappingErrorNamesTheFieldIsListedForAdminsAndWrittenOnTheLead() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Mapping Co");
    String conn = connect(admin, "salesforce", "qualified");
    String id = lead(admin, Map.of("lastName", "Noether"));
    status(admin, id, "qualified");
    assertTrue(pushUntil(() -> failures(admin, conn).size() == 1));
    JsonNode failure = failures(admin, conn).get(0);
    assertEquals("failed", failure.path("status").asText(), "not retried: the lead must change");
    assertEquals("Lead.Company", failure.path("errorField").asText());
    assertTrue(failure.path("error").asText().contains("company"), failure::toString);
    assertEquals(id, failure.path("leadId").asText());
    assertTrue(salesforce.callsTo("/Fieldlead_Id__c/" + id).isEmpty(), "no call with a known gap");
    assertTrue(
        pushUntil(() -> crmLink(admin, id).path("lastError").asText().contains("Lead.Company")));
  }

  @Test
  void theCrmsOwnValidationErrorsNameTheFieldTheyRefused() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Invalid Co");
    String sf = connect(admin, "salesforce", "qualified");
    String hs = connect(admin, "hubspot", "qualified");
    Api.Response mapped = api.put(
        "/v1/crm/connections/" + sf + "/mapping",
        Map.of(
            "fields",
            List.of(
                Map.of(
                    "object", "Lead", "target", "LastName", "source", "lastName", "required", true),
                Map.of(
                    "object", "Lead", "target", "Company", "source", "company", "required", true),
                Map.of("object", "Lead", "target", "Booth__c", "source", "customFields.booth"))),
        admin.accessToken());
    assertEquals(200, mapped.status(), mapped::toString);
    Api.Response hsMapped = api.put(
        "/v1/crm/connections/" + hs + "/mapping",
        Map.of(
            "fields",
            List.of(
                Map.of("object", "contact", "target", "lastname", "source", "lastName"),
                Map.of("object", "contact", "target", "favourite_colour", "value", "teal"))),
        admin.accessToken());
    assertEquals(200, hsMapped.status(), hsMapped::toString);
    String id = lead(
        admin,
        Map.of("lastName", "Hamilton", "company", "MIT", "customFields", Map.of("booth", "B12")));
    status(admin, id, "qualified");
    assertTrue(
        pushUntil(() -> failures(admin, sf).size() == 1 && failures(admin, hs).size() == 1));
    JsonNode sfFailure = failures(admin, sf).get(0);
    assertEquals("Lead.Booth__c", sfFailure.path("errorField").asText(), sfFailure::toString);
    assertTrue(sfFailure.path("error").asText().contains("INVALID_FIELD"), sfFailure::toString);
    assertEquals(400, sfFailure.path("responseStatus").asInt());
    JsonNode hsFailure = failures(admin, hs).get(0);
    assertEquals(
        "contact.favourite_colour", hsFailure.path("errorField").asText(), hsFailure::toString);
    assertTrue(
        hsFailure.path("error").asText().startsWith("VALIDATION_ERROR"), hsFailure::toString);
    assertEquals("failed", hsFailure.path("status").asText());
  }

  @Test
  void aConvertedLeadReachesHubSpotAsAContactAndADealAssociatedWithIt() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Deal Co");
    connect(admin, "hubspot", "converted");
    String id =
        lead(admin, Map.of("firstName", "Katherine", "lastName", "Johnson", "company", "NASA"));
    convert(admin, id);
    assertTrue(pushUntil(() -> hubspot.record("deals", id) != null));
    Map<String, String> contact = hubspot.record("contacts", id);
    Map<String, String> deal = hubspot.record("deals", id);
    assertEquals("Johnson", contact.get("lastname"));
    assertEquals("NASA", deal.get("dealname"));
    assertEquals("closedwon", deal.get("dealstage"));
    assertEquals("12500", deal.get("amount"));
    assertEquals(
        Long.toString(Instant.parse("2026-06-10T00:00:00Z").toEpochMilli()), deal.get("closedate"));
    String association = deal.get("hs_object_id") + "->" + contact.get("hs_object_id");
    assertTrue(
        pushUntil(() -> hubspot.associations.contains(association)), "the deal is associated");
    assertTrue(pushUntil(
        () -> contact.get("hs_object_id").equals(crmLink(admin, id).path("id").asText())));
  }

  @Test
  void oneTenantNeitherSeesNorPushesThroughAnotherTenantsConnection() {
    AuthFixtures.TwoTenants t = AuthFixtures.twoTenants(server);
    String connA = connect(t.adminA(), "salesforce", "qualified");
    String connB = connect(t.adminB(), "salesforce", "qualified");
    String leadA = lead(t.adminA(), Map.of("lastName", "Curie", "company", "Sorbonne"));
    String b = t.adminB().accessToken();
    assertEquals(404, api.get("/v1/crm/connections/" + connA, b).status());
    assertEquals(404, api.get("/v1/crm/connections/" + connA + "/failures", b).status());
    assertEquals(404, api.get("/v1/crm/connections/" + connA + "/mapping", b).status());
    assertEquals(
        404,
        api.post("/v1/crm/connections/" + connA + "/leads/" + leadA + "/push", Map.of(), b)
            .status());
    assertEquals(
        404,
        api.post("/v1/crm/connections/" + connB + "/leads/" + leadA + "/push", Map.of(), b)
            .status(),
        "another tenant's lead is not found through one's own connection");
    JsonNode listed = api.get("/v1/crm/connections", b).json().path("items");
    assertEquals(1, listed.size());
    assertEquals(connB, listed.get(0).path("id").asText());
    status(t.adminA(), leadA, "qualified");
    assertTrue(pushUntil(() -> salesforce.record("Lead", leadA) != null));
    JsonNode linkA = crmLink(t.adminA(), leadA);
    assertTrue(
        pushUntil(() -> !crmLink(t.adminA(), leadA).path("id").isMissingNode()), linkA::toString);
    assertTrue(failures(t.adminB(), connB).isEmpty());
  }

  @Test
  void aRepGets403FromEveryCrmEndpoint() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Roles Co");
    String conn = connect(admin, "hubspot", "qualified");
    Session rep = AuthFixtures.user(api, admin, "rep");
    String id = lead(rep, Map.of("lastName", "Rep Lead"));
    String token = rep.accessToken();
    assertEquals(403, api.get("/v1/crm/connections", token).status());
    assertEquals(
        403,
        api.post("/v1/crm/connections", Map.of("system", "salesforce"), token).status());
    assertEquals(
        403, api.get("/v1/crm/connections/" + conn + "/failures", token).status());
    assertEquals(403, api.get("/v1/crm/presets", token).status());
    assertEquals(
        403,
        api.post("/v1/crm/connections/" + conn + "/leads/" + id + "/push", Map.of(), token)
            .status());
    assertEquals(
        403,
        api.put("/v1/crm/connections/" + conn + "/mapping", Map.of("fields", List.of()), token)
            .status());
  }

  @Test
  void refreshTokensAreStoredEncryptedAndTheOauthCallbackRefusesAnUnknownStateOrABadCode() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Sealed Co");
    String conn = connect(admin, "salesforce", "qualified");
    Document stored = Await.onContext(
            server,
            () -> MongoFutures.first(server
                .server()
                .store()
                .collection(MongoConnections.COLLECTION)
                .find(Filters.eq("_id", conn))))
        .orElseThrow();
    String refresh = stored.getString(MongoConnections.REFRESH_TOKEN);
    assertTrue(refresh.startsWith("gcm:"), refresh);
    assertFalse(stored.toJson().contains(salesforce.refreshToken), "no token in clear");
    assertFalse(
        api.get("/v1/crm/connections/" + conn, admin.accessToken()).text().contains("gcm:"));

    assertEquals(
        400, api.get("/v1/crm/oauth/callback?code=x&state=never-issued", null).status());
    Api.Response hs =
        api.post("/v1/crm/connections", Map.of("system", "hubspot"), admin.accessToken());
    String state = query(hs.json().path("authorizeUrl").asText()).get("state");
    Api.Response bad = api.get("/v1/crm/oauth/callback?code=stale-code&state=" + state, null);
    assertEquals(400, bad.status(), bad::toString);
    assertTrue(bad.text().contains("invalid_grant"), bad::toString);
    String hsId = hs.json().path("connection").path("id").asText();
    assertEquals(
        "pending",
        api.get("/v1/crm/connections/" + hsId, admin.accessToken())
            .json()
            .path("state")
            .asText());
    assertEquals(
        409,
        api.post("/v1/crm/connections", Map.of("system", "salesforce"), admin.accessToken())
            .status(),
        "one connection per system");
  }

  @Test
  void aMappingWithAnUnknownLeadFieldIsRefusedNamingTheEntryAndChangesNothing() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Bad Mapping Co");
    String conn = connect(admin, "hubspot", "qualified");
    Api.Response r = api.put(
        "/v1/crm/connections/" + conn + "/mapping",
        Map.of(
            "fields",
            List.of(
                Map.of("object", "contact", "target", "lastname", "source", "lastName"),
                Map.of("object", "contact", "target", "shoe", "source", "shoeSize"),
                Map.of("object", "Lead", "target", "LastName", "source", "lastName"))),
        admin.accessToken());
    assertEquals(400, r.status(), r::toString);
    List<String> fields = new ArrayList<>();
    r.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertTrue(fields.contains("/fields/1/source"), r::toString);
    assertTrue(fields.contains("/fields/2/object"), fields::toString);
    JsonNode mapping =
        api.get("/v1/crm/connections/" + conn + "/mapping", admin.accessToken()).json();
    assertNotNull(mapping.path("fields").get(0));
    assertEquals(
        "email", mapping.path("fields").get(0).path("target").asText(), "still the preset");
  }

  // ---------------------------------------------------------------- batches

  /** How many of the connection's pushes wait or failed (up to 200). */
  static int waiting(Session admin, String connectionId) {
    Api.Response r =
        api.get("/v1/crm/connections/" + connectionId + "/failures?limit=200", admin.accessToken());
    assertEquals(200, r.status(), r::toString);
    return r.json().path("items").size();
  }

  /** The fake's calls to {@code path} that carried one of {@code ids}, in order. */
  static List<FakeProvider.Call> callsFor(FakeProvider fake, String path, List<String> ids) {
    return fake.callsTo(path).stream()
        .filter(c -> ids.stream().anyMatch(id -> String.valueOf(c.body()).contains(id)))
        .toList();
  }

  /**
   * Leads whose pushes all met HubSpot's rate limit once and wait for its Retry-After: the next round finds them due
   * together.
   */
  static List<String> heldBack(
      Session admin, String conn, int n, Map<Integer, Map<String, Object>> extra, boolean convert) {
    List<String> ids = new ArrayList<>();
    hubspot.holding = new FakeHubSpot.RateLimit("TEN_SECONDLY_ROLLING", "60");
    try {
      for (int i = 0; i < n; i++) {
        Map<String, Object> fields = new HashMap<>(
            Map.of("firstName", "Ada" + i, "lastName", "Batch" + i, "company", "Batch Works " + i));
        fields.putAll(extra.getOrDefault(i, Map.of()));
        String id = lead(admin, fields);
        ids.add(id);
        if (convert) {
          convert(admin, id);
        } else {
          status(admin, id, "qualified");
        }
      }
      assertTrue(
          pushUntil(() -> waiting(admin, conn) == n), () -> "waiting: " + waiting(admin, conn));
    } finally {
      hubspot.holding = null;
    }
    clock.advance(Duration.ofMinutes(2));
    return ids;
  }

  @Test
  void fiftyConvertedLeadsReachHubSpotInOneBatchCallOfContactsOneOfDealsAndOneOfAssociations() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Batch Co");
    String conn = connect(admin, "hubspot", "converted");
    List<String> ids = heldBack(admin, conn, 50, Map.of(), true);
    String contacts = "/crm/v3/objects/contacts/batch/upsert";
    String deals = "/crm/v3/objects/deals/batch/upsert";
    String associations = "/crm/v4/associations/deal/contact/batch/associate/default";
    int contactCalls = callsFor(hubspot, contacts, ids).size();
    assertEquals(List.of(), callsFor(hubspot, deals, ids), "no deal before its contact");

    // the test's rounds or the server's own worker (it runs in the background too) send them
    assertTrue(
        pushUntil(() -> ids.stream().allMatch(id -> hubspot.record("deals", id) != null)),
        "every deal");
    List<FakeProvider.Call> contactBatches = callsFor(hubspot, contacts, ids);
    assertEquals(contactCalls + 1, contactBatches.size(), "one call for the 50 contacts");
    assertEquals(
        50, contactBatches.get(contactBatches.size() - 1).body().path("inputs").size());
    List<FakeProvider.Call> dealBatches = callsFor(hubspot, deals, ids);
    assertEquals(1, dealBatches.size(), "one call for the 50 deals");
    assertEquals(50, dealBatches.get(0).body().path("inputs").size());
    List<String> dealIds =
        ids.stream().map(id -> hubspot.record("deals", id).get("hs_object_id")).toList();
    List<FakeProvider.Call> assocBatches = callsFor(hubspot, associations, dealIds);
    assertEquals(1, assocBatches.size(), "one call for the 50 associations");
    for (String id : ids) {
      String pair = hubspot.record("deals", id).get("hs_object_id") + "->"
          + hubspot.record("contacts", id).get("hs_object_id");
      assertTrue(hubspot.associations.contains(pair), pair);
    }
    assertEquals(0, waiting(admin, conn), "nothing waits or failed");
    String last = ids.get(49);
    assertTrue(pushUntil(() -> hubspot
        .record("contacts", last)
        .get("hs_object_id")
        .equals(crmLink(admin, last).path("id").asText())));
  }

  @Test
  void oneRecordHubSpotRefusesFailsAloneNamingItsPropertyAndTheRestOfItsBatchGoesThrough() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Half Batch Co");
    String conn = connect(admin, "hubspot", "qualified");
    Api.Response mapped = api.put(
        "/v1/crm/connections/" + conn + "/mapping",
        Map.of(
            "fields",
            List.of(
                Map.of("object", "contact", "target", "lastname", "source", "lastName"),
                Map.of(
                    "object",
                    "contact",
                    "target",
                    "favourite_colour",
                    "source",
                    "customFields.colour"))),
        admin.accessToken());
    assertEquals(200, mapped.status(), mapped::toString);
    List<String> ids = heldBack(
        admin, conn, 10, Map.of(6, Map.of("customFields", Map.of("colour", "teal"))), false);
    String bad = ids.get(6);
    String contacts = "/crm/v3/objects/contacts/batch/upsert";
    int before = callsFor(hubspot, contacts, ids).size();

    assertTrue(pushUntil(() -> callsFor(hubspot, contacts, ids).size() > before));
    List<FakeProvider.Call> after = callsFor(hubspot, contacts, ids);
    assertEquals(10, after.get(before).body().path("inputs").size(), "the ten went as one batch");
    for (String id : ids) {
      assertEquals(id.equals(bad), hubspot.record("contacts", id) == null, id);
    }
    assertTrue(pushUntil(() -> waiting(admin, conn) == 1));
    JsonNode failure = failures(admin, conn).get(0);
    assertEquals(bad, failure.path("leadId").asText());
    assertEquals("failed", failure.path("status").asText(), "refused, not retried");
    assertEquals(
        "contact.favourite_colour", failure.path("errorField").asText(), failure::toString);
    assertTrue(
        after.size() - before <= 1 + 2 * 4,
        "halves, not one call per lead: " + (after.size() - before));
  }

  @Test
  void salesforceLeadsGoInOneCollectionsUpsertAndTheRecordItRefusesFailsAloneNamingItsField() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Collections Co");
    String conn = connect(admin, "salesforce", "qualified");
    Api.Response mapped = api.put(
        "/v1/crm/connections/" + conn + "/mapping",
        Map.of(
            "fields",
            List.of(
                Map.of(
                    "object", "Lead", "target", "LastName", "source", "lastName", "required", true),
                Map.of(
                    "object", "Lead", "target", "Company", "source", "company", "required", true),
                Map.of("object", "Lead", "target", "Booth__c", "source", "customFields.booth"))),
        admin.accessToken());
    assertEquals(200, mapped.status(), mapped::toString);
    List<String> ids = new ArrayList<>();
    salesforce.limited = true; // every push meets the org's API limit and waits for a retry
    try {
      for (int i = 0; i < 8; i++) {
        Map<String, Object> fields =
            new HashMap<>(Map.of("lastName", "Coll" + i, "company", "C" + i));
        if (i == 3) {
          fields.put("customFields", Map.of("booth", "B12"));
        }
        String id = lead(admin, fields);
        ids.add(id);
        status(admin, id, "qualified");
      }
      assertTrue(
          pushUntil(() -> waiting(admin, conn) == 8), () -> "waiting: " + waiting(admin, conn));
    } finally {
      salesforce.limited = false;
    }
    clock.advance(Duration.ofMinutes(10));
    String collections = "/composite/sobjects/Lead/Fieldlead_Id__c";
    int before = callsFor(salesforce, collections, ids).size();

    // the test's round or the server's own worker (it runs in the background too) sends them
    assertTrue(pushUntil(() -> callsFor(salesforce, collections, ids).size() > before));
    List<FakeProvider.Call> after = callsFor(salesforce, collections, ids);
    assertEquals(before + 1, after.size(), "one call for the eight");
    assertEquals(8, after.get(before).body().path("records").size());
    for (String id : ids) {
      assertEquals(id.equals(ids.get(3)), salesforce.record("Lead", id) == null, id);
    }
    assertTrue(pushUntil(() -> waiting(admin, conn) == 1));
    JsonNode failure = failures(admin, conn).get(0);
    assertEquals(ids.get(3), failure.path("leadId").asText());
    assertEquals("failed", failure.path("status").asText());
    assertEquals("Lead.Booth__c", failure.path("errorField").asText(), failure::toString);
    assertTrue(failure.path("error").asText().contains("INVALID_FIELD"), failure::toString);
  }
}
