package com.fieldlead.capture.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.store.embedded.KvBackend;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.StoreScan;
import com.fieldlead.testing.TestServerExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Web-to-lead forms through the real server: the admin API, the public post in both shapes, and the defences. */
class WebFormEndpointTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SITE = "https://www.example.com";

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  static Api api;
  static Session admin;
  static Session otherAdmin;
  static FakeCaptchaVerifier verifier;

  @BeforeAll
  static void start() {
    api = SERVER.api();
    admin = AuthFixtures.tenantWithAdmin(SERVER.get(), "Forms A");
    otherAdmin = AuthFixtures.tenantWithAdmin(SERVER.get(), "Forms B");
    verifier = FakeCaptchaVerifier.start();
  }

  @AfterAll
  static void stop() {
    verifier.close();
  }

  // ------------------------------------------------------------------ helpers

  static ObjectNode definition() {
    ObjectNode d = JSON.createObjectNode();
    d.put("name", "Expo demo request");
    d.put("locale", "en");
    var fields = d.putArray("fields");
    fields
        .addObject()
        .put("name", "first_name")
        .put("label", "First name")
        .put("leadField", "firstName");
    fields
        .addObject()
        .put("name", "last_name")
        .put("label", "Last name")
        .put("leadField", "lastName")
        .put("required", true);
    fields
        .addObject()
        .put("name", "email")
        .put("label", "Email")
        .put("leadField", "email")
        .put("required", true);
    fields.addObject().put("name", "company").put("label", "Company").put("leadField", "company");
    d.putObject("consent").put("text", "Send me product news by email.").put("version", "2026-01");
    d.putObject("attribution").put("campaign", "expo-2026");
    d.putArray("allowedOrigins").add(SITE);
    d.put("thankYouUrl", SITE + "/thanks");
    d.put("minFillSeconds", 0);
    d.putObject("limits").put("perAddressPerMinute", 100).put("perFormPerMinute", 1000);
    return d;
  }

  static JsonNode createForm(ObjectNode definition) {
    Api.Response r = api.post("/v1/forms", definition, admin.accessToken());
    assertEquals(201, r.status(), r.toString());
    return r.json();
  }

  static String token(String key) {
    Api.Response r = api.get("/v1/forms/" + key + "/token", null);
    assertEquals(200, r.status(), r.toString());
    return r.json().path("token").asText();
  }

  static Api.Response formPost(
      String key, Map<String, String> fields, Map<String, String> headers) {
    String body = fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
            + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", "application/x-www-form-urlencoded");
    all.putAll(headers);
    return api.send(
        HttpRequest.newBuilder(URI.create(api.base() + "/v1/forms/" + key + "/submissions"))
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        null,
        all);
  }

  static Api.Response jsonPost(String key, Map<String, String> fields, String origin) {
    return api.send(
        "POST",
        "/v1/forms/" + key + "/submissions",
        fields,
        null,
        origin == null ? Map.of() : Map.of("Origin", origin));
  }

  static Map<String, String> person(String key, String email) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("first_name", "Ada");
    m.put("last_name", "Lovelace");
    m.put("email", email);
    m.put("company", "Analytical Engines");
    m.put(Submission.TOKEN, token(key));
    return m;
  }

  static String email() {
    return "ada." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  /** The admin's leads with this email. */
  static List<JsonNode> leadsWith(String email) {
    Api.Response r = api.get(
        "/v1/leads?q=" + URLEncoder.encode(email, StandardCharsets.UTF_8), admin.accessToken());
    assertEquals(200, r.status(), r.toString());
    List<JsonNode> out = new ArrayList<>();
    r.json().path("items").forEach(l -> {
      if (email.equals(l.path("email").asText())) {
        out.add(l);
      }
    });
    return out;
  }

  // ------------------------------------------------------------------ admin API

  @Test
  void adminsDefineFormsWithAnUnguessableKeyAndAnotherTenantNeverSeesThem() {
    JsonNode form = createForm(definition());
    String id = form.path("id").asText();
    String key = form.path("key").asText();
    assertTrue(key.matches("[A-Za-z0-9_-]{24}"), key); // 144 random bits, URL-safe
    assertEquals("First name", form.path("fields").get(0).path("label").asText());
    assertEquals("text", form.path("fields").get(0).path("type").asText());
    assertEquals("email", form.path("fields").get(2).path("type").asText());
    assertEquals(
        "/v1/forms/" + key + "/embed.js", form.path("embed").path("script").asText());

    Api.Response read = api.get("/v1/forms/" + id, admin.accessToken());
    assertEquals(200, read.status());
    assertEquals("\"1\"", read.header("ETag"));

    ObjectNode changed = definition().put("name", "Expo demo request (v2)");
    Api.Response stale = api.send(
        "PUT", "/v1/forms/" + id, changed, admin.accessToken(), Map.of("If-Match", "\"7\""));
    assertEquals(412, stale.status(), stale.toString());
    Api.Response put = api.send(
        "PUT", "/v1/forms/" + id, changed, admin.accessToken(), Map.of("If-Match", "\"1\""));
    assertEquals(200, put.status(), put.toString());
    assertEquals(2, put.json().path("version").asInt());
    assertEquals(key, put.json().path("key").asText());

    assertEquals(404, api.get("/v1/forms/" + id, otherAdmin.accessToken()).status());
    assertEquals(
        404,
        api.send("PUT", "/v1/forms/" + id, changed, otherAdmin.accessToken(), Map.of())
            .status());
    assertEquals(404, api.delete("/v1/forms/" + id, otherAdmin.accessToken()).status());
    assertEquals(
        0, api.get("/v1/forms", otherAdmin.accessToken()).json().path("items").size());
    assertTrue(api.get("/v1/forms", admin.accessToken()).json().path("items").size() >= 1);

    Session rep = AuthFixtures.user(api, admin, "rep");
    assertEquals(403, api.post("/v1/forms", definition(), rep.accessToken()).status());
    assertEquals(401, api.get("/v1/forms", null).status());

    assertEquals(204, api.delete("/v1/forms/" + id, admin.accessToken()).status());
    assertEquals(404, api.get("/v1/forms/" + key + "/token", null).status());
  }

  @Test
  void aFormWithoutAnEmailFieldOrWithABadOriginOrThankYouPageIsRefusedNamingEachField() {
    ObjectNode d = definition();
    ((ArrayNode) d.get("fields")).remove(2);
    d.putArray("allowedOrigins").add("https://www.example.com/page");
    d.put("thankYouUrl", "javascript:alert(1)");
    Api.Response r = api.post("/v1/forms", d, admin.accessToken());
    assertEquals(400, r.status(), r.toString());
    String errors = r.json().path("errors").toString();
    assertTrue(errors.contains("/fields"), errors);
    assertTrue(errors.contains("/allowedOrigins/0"), errors);
    assertTrue(errors.contains("/thankYouUrl"), errors);
  }

  @Test
  void aFormNamingAnotherTenantsEventIsRefused() {
    Api.Response event = api.post(
        "/v1/events",
        Map.of(
            "name", "B's show",
            "startsOn", "2026-05-01",
            "endsOn", "2026-05-03",
            "timeZone", "Europe/Berlin"),
        otherAdmin.accessToken());
    assertEquals(201, event.status(), event.toString());
    ObjectNode d = definition();
    ((ObjectNode) d.get("attribution")).put("eventId", event.json().path("id").asText());
    Api.Response r = api.post("/v1/forms", d, admin.accessToken());
    assertEquals(400, r.status(), r.toString());
    assertTrue(r.text().contains("/attribution/eventId"), r.text());
  }

  // ------------------------------------------------------------------ public posts

  @Test
  void aPlainFormPostRedirectsToTheThankYouPageAndTheLeadCarriesAttributionAndConsent() {
    JsonNode form = createForm(definition());
    String key = form.path("key").asText();
    String email = email();
    Map<String, String> post = person(key, email);
    post.put("consent", "on");
    post.put("_fl_utm_source", "newsletter");
    post.put("_fl_utm_medium", "email");
    post.put("_fl_referrer", "https://news.example.org/issue-7");
    post.put("_fl_page", SITE + "/expo");

    Api.Response r = formPost(key, post, Map.of("Origin", SITE));
    assertEquals(303, r.status(), r.toString());
    assertEquals(SITE + "/thanks", r.header("Location"));

    List<JsonNode> leads = leadsWith(email);
    assertEquals(1, leads.size());
    JsonNode lead = api.get("/v1/leads/" + leads.get(0).path("id").asText(), admin.accessToken())
        .json();
    assertEquals("web_form", lead.path("captureMethod").asText());
    assertEquals("web_form", lead.path("source").asText());
    assertEquals("expo-2026", lead.path("campaign").asText());
    assertEquals("Lovelace", lead.path("lastName").asText());
    assertEquals("Analytical Engines", lead.path("company").asText());
    JsonNode custom = lead.path("customFields");
    assertEquals("newsletter", custom.path("utmSource").asText());
    assertEquals("email", custom.path("utmMedium").asText());
    assertEquals("https://news.example.org/issue-7", custom.path("referrer").asText());
    assertEquals(SITE + "/expo", custom.path("landingPage").asText());
    assertEquals("2026-01", custom.path("consentVersion").asText());
    assertEquals(form.path("id").asText(), custom.path("webForm").asText());
    JsonNode consent = lead.path("consents").get(0);
    assertEquals("marketing", consent.path("purpose").asText());
    assertTrue(consent.path("granted").asBoolean());
    assertEquals("web_form", consent.path("method").asText());
    assertNotNull(consent.path("at").textValue());
    assertTrue(lead.path("score").isNumber()); // scored like any capture

    JsonNode stats = api.get("/v1/forms/" + form.path("id").asText(), admin.accessToken())
        .json()
        .path("stats");
    assertEquals(1, stats.path("accepted").asInt());

    String receipts = "/v1/forms/" + form.path("id").asText() + "/receipts";
    JsonNode receipt =
        api.get(receipts, admin.accessToken()).json().path("items").get(0);
    assertEquals(leads.get(0).path("id").asText(), receipt.path("leadId").asText());
    assertEquals("created", receipt.path("outcome").asText());
    assertEquals("127.0.0.1", receipt.path("address").asText());
    assertEquals("newsletter", receipt.path("attribution").path("utmSource").asText());
    assertEquals("2026-01", receipt.path("consent").path("version").asText());
    assertEquals(
        "Send me product news by email.", receipt.path("consent").path("text").asText());
    assertEquals("127.0.0.1", receipt.path("consent").path("address").asText());
    assertEquals(404, api.get(receipts, otherAdmin.accessToken()).status());
  }

  @Test
  void theFormsCollectionsAreReadThroughTheirIndexesOnly() {
    assumeTrue(
        SERVER.get().server().embeddedStore() != null, "the scan detector is the embedded store's");
    // counted from here: the detector is process-wide, and a test that reads every collection on
    // purpose (a store-wide "found nowhere" check) may have run before in this JVM
    Map<String, Long> before = KvBackend.fullScanShapes();
    JsonNode form = createForm(definition());
    String id = form.path("id").asText();
    String key = form.path("key").asText();
    String email = email();
    assertEquals(202, jsonPost(key, person(key, email), null).status());
    assertEquals(202, jsonPost(key, person(key, email), null).status());
    api.get("/v1/forms", admin.accessToken());
    api.get("/v1/forms/" + id, admin.accessToken());
    api.get("/v1/forms/" + id + "/receipts", admin.accessToken());
    api.get("/v1/forms/" + key + "/embed.js", null);
    List<String> scans = KvBackend.fullScanShapes().entrySet().stream()
        .filter(e -> e.getKey().startsWith("web_form"))
        .filter(e -> !e.getValue().equals(before.get(e.getKey())))
        .map(Map.Entry::getKey)
        .toList();
    assertEquals(List.of(), scans);
  }

  @Test
  void jsonPostsGetCorsHeadersForAllowedOriginsOnlyAndOtherOriginsAreRefused() {
    String key = createForm(definition()).path("key").asText();
    String path = "/v1/forms/" + key + "/submissions";

    Api.Response allowed = api.send(
        HttpRequest.newBuilder(URI.create(api.base() + path))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
        null,
        Map.of(
            "Origin", SITE,
            "Access-Control-Request-Method", "POST",
            "Access-Control-Request-Headers", "content-type"));
    assertEquals(204, allowed.status(), allowed.toString());
    assertEquals(SITE, allowed.header("Access-Control-Allow-Origin"));
    assertTrue(allowed.header("Access-Control-Allow-Methods").contains("POST"));
    assertTrue(
        allowed.header("Access-Control-Allow-Headers").toLowerCase().contains("content-type"));

    Api.Response other = api.send(
        HttpRequest.newBuilder(URI.create(api.base() + path))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
        null,
        Map.of("Origin", "https://evil.example.net", "Access-Control-Request-Method", "POST"));
    assertNull(other.header("Access-Control-Allow-Origin"));
    assertNull(other.header("Access-Control-Allow-Methods"));

    String email = email();
    Api.Response ok = jsonPost(key, person(key, email), SITE);
    assertEquals(202, ok.status(), ok.toString());
    assertEquals(SITE, ok.header("Access-Control-Allow-Origin"));
    assertEquals("received", ok.json().path("status").asText());
    assertEquals(1, leadsWith(email).size());

    String otherEmail = email();
    Api.Response refused = jsonPost(key, person(key, otherEmail), "https://evil.example.net");
    assertEquals(403, refused.status(), refused.toString());
    assertEquals("application/problem+json", refused.header("Content-Type"));
    assertNull(refused.header("Access-Control-Allow-Origin"));
    assertEquals(0, leadsWith(otherEmail).size());

    Map<String, String> bad = person(key, "not-an-email");
    Api.Response invalid = jsonPost(key, bad, SITE);
    assertEquals(400, invalid.status(), invalid.toString());
    assertEquals(SITE, invalid.header("Access-Control-Allow-Origin")); // the page can read why
    assertEquals("/email", invalid.json().path("errors").get(0).path("field").asText());
    assertEquals("email", invalid.json().path("errors").get(0).path("code").asText());
  }

  @Test
  void aFilledHoneypotIsAnsweredAsAcceptedButNothingIsStoredAndItIsCounted() {
    JsonNode form = createForm(definition());
    String key = form.path("key").asText();
    String email = email();
    Map<String, String> post = person(key, email);
    post.put(Submission.HONEYPOT, "http://spam.example");

    Api.Response r = formPost(key, post, Map.of());
    assertEquals(303, r.status(), r.toString());
    assertEquals(SITE + "/thanks", r.header("Location"));
    Api.Response json = jsonPost(key, post, null);
    assertEquals(202, json.status(), json.toString());

    assertEquals(0, leadsWith(email).size());
    JsonNode stats = api.get("/v1/forms/" + form.path("id").asText(), admin.accessToken())
        .json()
        .path("stats");
    assertEquals(2, stats.path("honeypot").asInt());
    assertEquals(0, stats.path("accepted").asInt());
  }

  @Test
  void
      aPostSoonerThanTheMinimumFillTimeOrWithAForgedMissingOrForeignTokenIsRefusedWithAClearMessage() {
    String slowKey =
        createForm(definition().put("minFillSeconds", 600)).path("key").asText();
    String otherKey = createForm(definition()).path("key").asText();
    String email = email();

    Api.Response tooFast = jsonPost(slowKey, person(slowKey, email), null);
    assertEquals(400, tooFast.status(), tooFast.toString());
    JsonNode error = tooFast.json().path("errors").get(0);
    assertEquals("/_fl_token", error.path("field").asText());
    assertEquals("too_fast", error.path("code").asText());
    assertTrue(error.path("message").asText().contains("too quickly"), error.toString());

    Map<String, String> forged = person(otherKey, email);
    String t = forged.get(Submission.TOKEN);
    forged.put(Submission.TOKEN, t.substring(0, t.length() - 2) + (t.endsWith("A") ? "BB" : "AA"));
    Api.Response forgedAnswer = jsonPost(otherKey, forged, null);
    assertEquals(400, forgedAnswer.status(), forgedAnswer.toString());
    assertEquals(
        "token_missing", forgedAnswer.json().path("errors").get(0).path("code").asText());

    Map<String, String> foreign = person(otherKey, email);
    foreign.put(Submission.TOKEN, token(slowKey)); // another form's token
    assertEquals(400, jsonPost(otherKey, foreign, null).status());

    Map<String, String> missing = person(otherKey, email);
    missing.remove(Submission.TOKEN);
    Api.Response page = formPost(otherKey, missing, Map.of());
    assertEquals(400, page.status(), page.toString());
    assertTrue(page.header("Content-Type").startsWith("text/html"));
    assertTrue(page.text().contains("Reload the page"), page.text());

    assertEquals(0, leadsWith(email).size());
  }

  @Test
  void tooManySubmissionsFromOneAddressAreAnswered429WithRetryAfter() {
    ObjectNode d = definition();
    d.putObject("limits").put("perAddressPerMinute", 2).put("perFormPerMinute", 1000);
    String key = createForm(d).path("key").asText();
    assertEquals(202, jsonPost(key, person(key, email()), null).status());
    assertEquals(202, jsonPost(key, person(key, email()), null).status());
    String email = email();
    Api.Response third = jsonPost(key, person(key, email), null);
    assertEquals(429, third.status(), third.toString());
    assertEquals("TOO_MANY_REQUESTS", third.code());
    int retry = Integer.parseInt(third.header("Retry-After"));
    assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
    Api.Response page = formPost(key, person(key, email), Map.of());
    assertEquals(429, page.status());
    assertTrue(page.text().contains("Too many submissions"), page.text());
    assertEquals(0, leadsWith(email).size());
  }

  @Test
  void aCaptchaIsCheckedWithTheProvidersVerifyApiAndAFailingOrDownVerifierStoresNothing() {
    ObjectNode d = definition();
    d.putObject("captcha")
        .put("provider", "turnstile")
        .put("verifyUrl", verifier.url("/siteverify"))
        .put("secret", FakeCaptchaVerifier.SECRET)
        .put("siteKey", "1x00000000000000000000AA");
    JsonNode form = createForm(d);
    assertTrue(form.path("captcha").path("hasSecret").asBoolean());
    assertTrue(form.path("captcha").path("secret").isMissingNode()); // never answered
    String key = form.path("key").asText();

    String passing = email();
    Map<String, String> good = person(key, passing);
    good.put("cf-turnstile-response", FakeCaptchaVerifier.PASS);
    Api.Response ok = formPost(key, good, Map.of());
    assertEquals(303, ok.status(), ok.toString());
    assertEquals(1, leadsWith(passing).size());
    Map<String, String> asked = verifier.received().get(verifier.received().size() - 1);
    assertEquals(FakeCaptchaVerifier.SECRET, asked.get("secret"));
    assertEquals(FakeCaptchaVerifier.PASS, asked.get("response"));
    assertEquals("127.0.0.1", asked.get("remoteip"));

    String failing = email();
    Map<String, String> bad = person(key, failing);
    bad.put("cf-turnstile-response", "a-bot-guessed-this");
    Api.Response refused = jsonPost(key, bad, null);
    assertEquals(400, refused.status(), refused.toString());
    assertEquals("captcha", refused.json().path("errors").get(0).path("code").asText());
    Map<String, String> none = person(key, failing);
    assertEquals(400, jsonPost(key, none, null).status());
    assertEquals(0, leadsWith(failing).size());

    ObjectNode down = definition();
    down.putObject("captcha")
        .put("verifyUrl", verifier.url("/broken"))
        .put("secret", FakeCaptchaVerifier.SECRET);
    String downKey = createForm(down).path("key").asText();
    String waiting = email();
    Map<String, String> post = person(downKey, waiting);
    post.put("h-captcha-response", FakeCaptchaVerifier.PASS);
    Api.Response unavailable = jsonPost(downKey, post, null);
    assertEquals(503, unavailable.status(), unavailable.toString());
    assertEquals("UNAVAILABLE", unavailable.code());
    assertNotNull(unavailable.header("Retry-After"));
    Api.Response page = formPost(downKey, post, Map.of());
    assertEquals(503, page.status());
    assertTrue(page.header("Content-Type").startsWith("text/html"));
    assertNotNull(page.header("Retry-After"));
    assertEquals(0, leadsWith(waiting).size());
  }

  @Test
  void aSecondSubmissionForAKnownEmailAddsANoteAndTheConsentInsteadOfASecondLead() {
    JsonNode form = createForm(definition());
    String key = form.path("key").asText();
    String email = email();
    assertEquals(303, formPost(key, person(key, email), Map.of()).status());
    List<JsonNode> first = leadsWith(email);
    assertEquals(1, first.size());
    String leadId = first.get(0).path("id").asText();
    assertEquals(
        0,
        api.get("/v1/leads/" + leadId, admin.accessToken())
            .json()
            .path("consents")
            .size());

    Map<String, String> again = person(key, email.toUpperCase(Locale.ROOT));
    again.put("consent", "on");
    again.put("_fl_utm_source", "retargeting");
    assertEquals(303, formPost(key, again, Map.of()).status());

    assertEquals(1, leadsWith(email).size());
    JsonNode lead = api.get("/v1/leads/" + leadId, admin.accessToken()).json();
    assertEquals(1, lead.path("consents").size());
    JsonNode consent = lead.path("consents").get(0);
    assertEquals("web_form", consent.path("method").asText());
    assertEquals(
        "web_form:" + form.path("id").asText(), consent.path("source").asText(), consent::toString);
    assertEquals("2026-01", consent.path("textVersion").asText(), consent::toString);
    assertTrue(consent.hasNonNull("address"), "the submitter's address: " + consent);
    assertEquals(false, lead.path("marketingOptOut").asBoolean());
    JsonNode activities =
        api.get("/v1/leads/" + leadId + "/activities", admin.accessToken()).json();
    String notes = activities.toString();
    assertTrue(notes.contains("Web form submitted: Expo demo request"), notes);
    assertTrue(notes.contains("retargeting"), notes);
  }

  @Test
  void fieldErrorsOfAGermanFormAreListedInGermanOnAnHtmlPage() {
    ObjectNode d = definition().put("locale", "de");
    ((ObjectNode) d.get("consent")).put("required", true);
    String key = createForm(d).path("key").asText();
    Map<String, String> post = person(key, "keine-adresse");
    post.remove("last_name");

    Api.Response page = formPost(key, post, Map.of());
    assertEquals(400, page.status(), page.toString());
    assertTrue(page.header("Content-Type").startsWith("text/html"));
    String html = page.text();
    assertTrue(html.contains("lang=\"de\""), html);
    assertTrue(html.contains("Bitte prüfen Sie das Formular"), html);
    assertTrue(html.contains("<strong>Last name</strong>: Dieses Feld ist erforderlich."), html);
    assertTrue(html.contains("Geben Sie eine gültige E-Mail-Adresse ein."), html);
    assertTrue(html.contains("Einwilligungserklärung"), html);

    Api.Response json = jsonPost(key, post, null);
    assertEquals(400, json.status());
    assertEquals("VALIDATION_FAILED", json.code());
    assertEquals(3, json.json().path("errors").size(), json.toString());
  }

  @Test
  void theEmbedScriptCarriesTheFormAFreshTokenAndTheAttributionFields() {
    JsonNode form = createForm(definition());
    String key = form.path("key").asText();
    Api.Response js = api.get("/v1/forms/" + key + "/embed.js", null);
    assertEquals(200, js.status(), js.toString());
    assertTrue(js.header("Content-Type").startsWith("text/javascript"));
    assertEquals("no-store", js.header("Cache-Control"));
    String script = js.text();
    assertTrue(script.contains("\"key\":\"" + key + "\""), script);
    assertTrue(script.contains("\"token\":\""), script);
    assertTrue(script.contains("_fl_website"), script);
    assertTrue(script.contains("utm_source"), script);
    assertTrue(script.contains("document.referrer"), script);
    assertTrue(script.contains("Send me product news by email."), script);

    assertEquals(
        404, api.get("/v1/forms/AAAAAAAAAAAAAAAAAAAAAAAA/embed.js", null).status());
  }

  @Test
  void aSubmissionWithAnErasedPersonsEmailIsAnsweredAsUsualAndStoresNothing() {
    String key = createForm(definition()).path("key").asText();
    String email = email();
    assertEquals(303, formPost(key, person(key, email), Map.of()).status());
    assertEquals(1, leadsWith(email).size());
    Api.Response erased =
        api.post("/v1/privacy/erasures", Map.of("email", email), admin.accessToken());
    assertEquals(200, erased.status(), erased::toString);

    Map<String, String> again = person(key, email);
    again.put("consent", "on");
    again.put("last_name", "Returning" + key);
    Api.Response answer = formPost(key, again, Map.of());
    assertEquals(303, answer.status(), "the visitor sees the usual answer: " + answer);
    assertEquals(List.of(), leadsWith(email));
    assertEquals(List.of(), StoreScan.find(SERVER.get(), email));
    assertEquals(List.of(), StoreScan.find(SERVER.get(), "Returning" + key));
  }
}
