package com.fieldlead.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.notify.model.PushTexts;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Push texts in the recipient's language (theirs, else the tenant's), naming the lead and people, not ids. */
class PushTextsTest {

  private static TestServer server;
  private static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  @Test
  void everyTemplateIsWrittenInEveryLanguageWithItsNames() {
    List<PushTexts.Text> texts = List.of(
        PushTexts.Text.of("hot_lead", "Ana Souza (Northwind)"),
        PushTexts.Text.of("assignment", "Ana Souza (Northwind)"),
        PushTexts.Text.of("queued", "Ana Souza (Northwind)", "unassigned"),
        PushTexts.Text.of("sla_breach", "Ana Souza (Northwind)", "Ben Rep"),
        PushTexts.Text.of("reminder", "Call back Ana", "14:30"),
        PushTexts.Text.of("digest", 3));
    for (PushTexts.Text text : texts) {
      PushTexts.Rendered english = PushTexts.render("en", text);
      for (String locale : PushTexts.LOCALES) {
        PushTexts.Rendered r = PushTexts.render(locale, text);
        assertFalse(r.title().isBlank() || r.body().isBlank(), locale + " " + text);
        for (Object arg : text.args()) {
          assertTrue(r.body().contains(String.valueOf(arg)), locale + " " + text + ": " + r);
        }
        if (!locale.equals("en")) {
          assertNotEquals(english.title(), r.title(), locale + " " + text);
          assertNotEquals(english.body(), r.body(), locale + " " + text);
        }
      }
    }
    assertEquals(
        "1 follow-up due today",
        PushTexts.render("en", PushTexts.Text.of("digest", 1)).body());
    assertEquals(
        "A lead is hot: call them now",
        PushTexts.render("en-GB", PushTexts.Text.of("hot_lead", (Object) null)).body());
    assertEquals(
        "Ein Lead ist heiß: jetzt anrufen",
        PushTexts.render("de", PushTexts.Text.of("hot_lead", (Object) null)).body());
    assertEquals(
        "Follow-up (due 09:00)",
        PushTexts.render("xx", PushTexts.Text.of("reminder", null, "09:00")).body());
  }

  @Test
  void aHotLeadAlertSpeaksEachRecipientsLanguageAndNamesTheLead() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Sprachen");
    Api.Response settings = api.get("/v1/lead-settings", admin.accessToken());
    ObjectNode french = (ObjectNode) settings.json();
    french.put("locale", "fr");
    Api.Response saved = api.put("/v1/lead-settings", french, admin.accessToken());
    assertEquals(200, saved.status(), saved::toString);
    assertEquals("fr", saved.json().get("locale").asText());
    String team = AuthFixtures.team(api, admin, "Field");
    Session manager = AuthFixtures.user(api, admin, "manager", List.of(), List.of(team));
    Session rep = AuthFixtures.user(api, admin, "rep", List.of(team), List.of());
    Api.Response german =
        api.put("/v1/me/notification-preferences", Map.of("locale", "de"), rep.accessToken());
    assertEquals(200, german.status(), german::toString);
    assertEquals(
        "fr",
        api.get("/v1/me/notification-preferences", manager.accessToken())
            .json()
            .get("locale")
            .asText(),
        "a user without a language has the tenant's");
    Api.Response klingon =
        api.put("/v1/me/notification-preferences", Map.of("locale", "tlh"), rep.accessToken());
    assertEquals(400, klingon.status(), klingon::toString);

    Api.Response lead = api.post(
        "/v1/leads",
        Map.of(
            "firstName", "Ana", "lastName", "Souza", "company", "Northwind", "hotAtCapture", true),
        rep.accessToken());
    assertEquals(201, lead.status(), lead::toString);
    String leadId = lead.json().get("id").asText();

    JsonNode forRep = hotAlert(rep, leadId);
    assertEquals("Heißer Lead", forRep.get("title").asText(), forRep::toString);
    assertEquals(
        "Ana Souza (Northwind) ist heiß: jetzt anrufen", forRep.get("body").asText());
    JsonNode forManager = hotAlert(manager, leadId);
    assertEquals("Prospect chaud", forManager.get("title").asText(), forManager::toString);
    assertEquals(
        "Ana Souza (Northwind) est chaud : appelez maintenant",
        forManager.get("body").asText());
  }

  private static JsonNode hotAlert(Session who, String leadId) {
    AtomicReference<JsonNode> found = new AtomicReference<>();
    assertTrue(
        Await.until(
            () -> {
              for (JsonNode item :
                  api.get("/v1/notifications", who.accessToken()).json().get("items")) {
                if (item.get("kind").asText().equals("hot_lead")
                    && leadId.equals(item.get("data").path("leadId").asText())) {
                  found.set(item);
                  return true;
                }
              }
              return false;
            },
            20_000),
        "the hot-lead alert reaches " + who.email());
    return found.get();
  }
}
