package com.fieldlead.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The manager's dashboard in a real browser (headless Chromium) against the real server with the demo tenant: log in,
 * see hot leads, reassign one and see the rep's next pull bring it, resolve a sync conflict, open a lead from a deep
 * link, see every refusal in words, on a desktop and a phone's screen. Skipped, saying why, where Chromium is absent.
 *
 * <p>With {@code -Dfieldlead.screenshots=DIR} each view is also saved as a PNG in DIR (README, "Manager's
 * dashboard").
 */
class DashboardBrowserTest {

  private static final String PASSWORD = "demo-password";

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.demo();

  private static ChromeDriver browser;
  private static Path downloads;
  private static Api api;
  private static String base;

  @BeforeAll
  static void startBrowser() {
    Optional<Chromium.Binaries> bin = Chromium.find();
    Assumptions.assumeTrue(bin.isPresent(), Chromium.MISSING);
    api = SERVER.api();
    base = "http://127.0.0.1:" + SERVER.get().port();
    downloads = Chromium.tempDir();
    browser = Chromium.start(bin.get(), downloads);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aManagerSeesHotLeadsWithinASecondAndReassignsOneThatTheRepsNextPullBrings() {
    Session manager = AuthFixtures.login(api, "manager@demo.test", PASSWORD);
    Session rep2 = AuthFixtures.login(api, "rep2@demo.test", PASSWORD);
    String phone = device(rep2, "2.4.1");
    String checkpoint = pullAll(rep2, phone, null).checkpoint();
    // the view lists the hot leads in the tenant's open statuses
    StringBuilder open = new StringBuilder();
    for (JsonNode st : ok(api.get("/v1/lead-settings", manager.accessToken())).get("statuses")) {
      if ("open".equals(st.get("meaning").asText())) {
        open.append(open.length() == 0 ? "" : ",").append(st.get("key").asText());
      }
    }
    JsonNode hot = ok(api.get(
        "/v1/leads?temperature=hot&sort=-score&limit=25&status=" + open, manager.accessToken()));
    String leadId = null;
    for (JsonNode l : hot.get("items")) {
      if (!rep2.userId().equals(l.path("ownerId").asText())) {
        leadId = l.get("id").asText();
        break;
      }
    }
    assertTrue(leadId != null, "the demo has a hot lead another rep owns: " + hot);

    open("#/today");
    logIn("manager@demo.test");
    WebElement row = waitFor(By.cssSelector("#hot-leads tr[data-id='" + leadId + "']"));
    long ms = Long.parseLong(waitFor(By.id("today-loaded")).getAttribute("data-ms"));
    assertTrue(ms <= 1000, "the today view took " + ms + " ms to read and draw");
    screenshot("today");

    new Select(row.findElement(By.tagName("select"))).selectByValue(rep2.userId());
    row.findElement(By.tagName("button")).click();
    waitForText(By.id("status"), "reassigned to");

    Pulled pulled = pullAll(rep2, phone, checkpoint);
    assertTrue(
        pulled.leadIds().contains(leadId),
        "rep2's pull after the reassignment brings the lead: " + pulled.leadIds());
  }

  @Test
  void aManagerResolvesASyncConflictFromTheDevicesView() {
    // two phones of one rep, each with its own session (a session is bound to the phone it
    // registers)
    Session rep1 = AuthFixtures.login(api, "rep1@demo.test", PASSWORD);
    Session rep1b = AuthFixtures.login(api, "rep1@demo.test", PASSWORD);
    String phoneA = device(rep1, "2.4.1");
    String phoneB = device(rep1b, "2.3.0");
    pullAll(rep1b, phoneB, null); // a phone shows in the fleet once it has synced
    JsonNode lead = ok(api.get(
            "/v1/leads?ownerId=" + rep1.userId() + "&limit=1", rep1.accessToken()))
        .get("items")
        .get(0);
    String leadId = lead.get("id").asText();
    long base = lead.get("version").asLong();
    push(rep1, phoneA, update(leadId, base, "Head of Fleet"));
    JsonNode b = push(rep1b, phoneB, update(leadId, base, "Fleet Director"));
    assertEquals("conflict", b.at("/results/0/result").asText(), b::toString);
    String conflictId = ok(api.get("/v1/sync/conflicts?limit=200", rep1.accessToken()))
        .findParents("conflict")
        .stream()
        .filter(c -> leadId.equals(c.at("/conflict/entityId").asText()))
        .findFirst()
        .orElseThrow()
        .get("id")
        .asText();

    open("#/devices");
    logIn("manager@demo.test");
    WebElement row = waitFor(By.cssSelector("#conflicts tr[data-id='" + conflictId + "']"));
    waitFor(By.cssSelector("#devices tr[data-id='" + phoneB + "']"));
    assertTrue(
        browser.findElement(By.id("app-versions")).getText().contains("2.3.0"),
        "the app versions of the fleet are listed");
    screenshot("devices");

    row.findElements(By.tagName("button")).get(0).click(); // keep the phone's value
    waitForText(By.id("status"), "Conflict resolved");
    JsonNode resolved =
        ok(api.get("/v1/sync/conflicts?status=resolved&limit=200", rep1.accessToken()));
    assertTrue(resolved.toString().contains(conflictId), "the conflict is resolved on the server");
    assertEquals(
        0,
        browser
            .findElements(By.cssSelector("#conflicts tr[data-id='" + conflictId + "']"))
            .size(),
        "the resolved conflict left the inbox");
  }

  @Test
  void aPushsDeepLinkOpensTheLeadAfterLoggingInWithItsScoreExplained() {
    Session manager = AuthFixtures.login(api, "manager@demo.test", PASSWORD);
    JsonNode lead = ok(api.get(
            "/v1/leads?temperature=hot&sort=-score&limit=1", manager.accessToken()))
        .get("items")
        .get(0);
    open("#/leads/" + lead.get("id").asText());
    logIn("manager@demo.test");
    waitForText(By.tagName("h1"), lead.get("lastName").asText());
    assertTrue(
        browser.findElements(By.cssSelector("#score-explanation li")).size() > 0,
        "the score is explained line by line");
    waitFor(By.id("history"));
    screenshot("lead");
  }

  @Test
  void refusalsAreShownInWordsARepIsToldTheDashboardIsForManagersAndAPhoneScreenFits() {
    open("#/today");
    logIn("manager@demo.test", "not-the-password");
    waitForText(By.id("login-problem"), "Invalid credentials");

    logIn("rep1@demo.test", PASSWORD);
    waitForText(By.id("login-problem"), "for managers and admins");

    open("#/leads/00000000-0000-4000-8000-000000000000");
    logIn("manager@demo.test");
    waitForText(By.className("problem"), "Not found");

    browser.manage().window().setSize(new Dimension(390, 844));
    try {
      open("#/today");
      logIn("manager@demo.test");
      waitFor(By.id("hot-leads"));
      long overflow = (Long)
          ((JavascriptExecutor) browser)
              .executeScript(
                  "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
      assertTrue(overflow <= 0, "the today view is wider than a phone's screen by " + overflow);
      screenshot("today-phone");
    } finally {
      browser.manage().window().setSize(new Dimension(1280, 1000));
    }
  }

  // ------------------------------------------------------------------------------------------
  // helpers

  private static void open(String hash) {
    // a new document: the tokens lived in the old one's memory only, so every view starts at the
    // login
    browser.get("about:blank");
    browser.get(base + "/app/" + hash);
  }

  private static void logIn(String email) {
    logIn(email, PASSWORD);
  }

  private static void logIn(String email, String password) {
    WebElement field = waitFor(By.id("email"));
    field.clear();
    field.sendKeys(email);
    WebElement secret = browser.findElement(By.id("password"));
    secret.clear();
    secret.sendKeys(password);
    browser.findElement(By.id("login-submit")).click();
  }

  private static WebElement waitFor(By what) {
    return new WebDriverWait(browser, Duration.ofSeconds(15))
        .withMessage(() -> "waiting for " + what + "; " + page())
        .until(ExpectedConditions.visibilityOfElementLocated(what));
  }

  private static void waitForText(By what, String text) {
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .withMessage(() -> "waiting for '" + text + "' in " + what + "; " + page())
        .until(ExpectedConditions.textToBePresentInElementLocated(what, text));
  }

  /** What the page shows and logged, for a failed wait's message. */
  private static String page() {
    StringBuilder out = new StringBuilder("the page says: ")
        .append(browser.findElement(By.tagName("body")).getText())
        .append("\nits rows: ")
        .append(((JavascriptExecutor) browser)
            .executeScript("return [...document.querySelectorAll('tr')].slice(0, 4)"
                + ".map(r => r.outerHTML.slice(0, 300)).join('\\n');"))
        .append("\nits console:");
    browser.manage().logs().get(LogType.BROWSER).forEach(e -> out.append("\n  ").append(e));
    return out.toString();
  }

  /** Saves the window as {@code name}.png when {@code -Dfieldlead.screenshots=DIR} is set. */
  static void screenshot(String name) {
    String dir = System.getProperty("fieldlead.screenshots");
    if (dir == null || dir.isBlank()) {
      return;
    }
    // let the charts (drawn after the tables) settle: wait until every chart container says it is
    // drawn
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> ((JavascriptExecutor) d)
            .executeScript("return [...document.querySelectorAll('.chart')]"
                + ".every(c => c.dataset.drawn === 'true');"));
    try {
      Path out = Path.of(dir);
      Files.createDirectories(out);
      Files.write(out.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new AssertionError("cannot save the screenshot " + name, e);
    }
  }

  private static String device(Session s, String appVersion) {
    return ok(api.post(
            "/v1/devices",
            Map.of("platform", "android", "appVersion", appVersion, "syncProtocolVersion", 1),
            s.accessToken()))
        .get("id")
        .asText();
  }

  private static Map<String, Object> update(String leadId, long base, String title) {
    Map<String, Object> m = new HashMap<>();
    m.put("clientMutationId", "m-" + UUID.randomUUID());
    m.put("entityType", "lead");
    m.put("entityId", leadId);
    m.put("op", "update");
    m.put("baseVersion", base);
    m.put("changes", Map.of("title", title));
    return m;
  }

  private static JsonNode push(Session s, String device, Map<String, Object> mutation) {
    return ok(api.post(
        "/v1/sync/push",
        Map.of("protocolVersion", 1, "deviceId", device, "mutations", List.of(mutation)),
        s.accessToken()));
  }

  private record Pulled(String checkpoint, List<String> leadIds) {}

  private static Pulled pullAll(Session s, String device, String checkpoint) {
    String cp = checkpoint;
    Stream.Builder<String> ids = Stream.builder();
    for (int pages = 0; pages < 100; pages++) {
      Map<String, Object> body = new HashMap<>(
          Map.of("protocolVersion", 1, "deviceId", device, "limit", 500, "appVersion", "2.3.0"));
      if (cp != null) {
        body.put("checkpoint", cp);
      }
      JsonNode page = ok(api.post("/v1/sync/pull", body, s.accessToken()));
      for (JsonNode c : page.path("changes")) {
        if ("lead".equals(c.path("entityType").asText())) {
          ids.add(c.path("entityId").asText());
        }
      }
      cp = page.get("checkpoint").asText();
      if (!page.get("hasMore").asBoolean()) {
        return new Pulled(cp, ids.build().toList());
      }
    }
    throw new AssertionError("the pull did not end");
  }

  private static JsonNode ok(Api.Response r) {
    assertTrue(r.status() >= 200 && r.status() < 300, () -> "expected a 2xx: " + r);
    return r.json();
  }
}
