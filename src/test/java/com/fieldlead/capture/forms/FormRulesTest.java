package com.fieldlead.capture.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fieldlead.lead.model.LeadSettings;
import org.junit.jupiter.api.Test;

class FormRulesTest {

  @Test
  void originsAreCanonicalAndAnythingWithAPathOrAnotherSchemeIsNotOne() {
    assertEquals("https://www.example.com", FormRules.origin("HTTPS://WWW.Example.com/"));
    assertEquals("https://www.example.com", FormRules.origin("https://www.example.com:443"));
    assertEquals("http://localhost:8080", FormRules.origin("http://localhost:8080"));
    assertNull(FormRules.origin("https://www.example.com/landing"));
    assertNull(FormRules.origin("ftp://www.example.com"));
    assertNull(FormRules.origin("null"));
    assertNull(FormRules.origin("https://user@www.example.com"));
  }

  @Test
  void everyLanguageOfTheLeadSettingsHasEveryMessage() {
    for (String locale : LeadSettings.LOCALES) {
      for (FormMessages.Key key : FormMessages.Key.values()) {
        String text = FormMessages.text(locale, key);
        if (!locale.equals("en")) {
          assertEquals(
              true,
              !text.equals(FormMessages.text("en", key)) || key == FormMessages.Key.INVALID,
              locale + " " + key + " is the English text");
        }
      }
    }
    assertEquals(
        FormMessages.text("de", FormMessages.Key.REQUIRED),
        FormMessages.text("de-AT", FormMessages.Key.REQUIRED));
  }
}
