package com.fieldlead.capture.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fieldlead.lead.LeadSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

  @Test
  void aWindowCountsUpToItsLimitThenAnswersTheSecondsLeftAndANewMinuteStartsAfresh() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:15Z"));
    RateWindows rates = new RateWindows(clock);
    assertEquals(0, rates.tryAcquire("a", 2));
    assertEquals(0, rates.tryAcquire("a", 2));
    assertEquals(45, rates.tryAcquire("a", 2));
    assertEquals(0, rates.tryAcquire("b", 2)); // another key has its own count
    rates.release("a");
    assertEquals(0, rates.tryAcquire("a", 2));
    clock.now = Instant.parse("2026-03-01T10:01:00Z");
    assertEquals(0, rates.tryAcquire("a", 2));
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
