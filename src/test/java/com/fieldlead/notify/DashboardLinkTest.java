package com.fieldlead.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fieldlead.notify.model.NewNotification;
import com.fieldlead.notify.model.NotificationKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard deep link a push carries in {@code data.link} (mobile-contract/deep-links.md). */
class DashboardLinkTest {

  private static Map<String, String> data(NotificationKind kind, Map<String, String> data) {
    return new NewNotification("t1", "u1", kind, "k1", "title", "body", data, false, null)
        .pushData();
  }

  @Test
  void aPushAboutALeadLinksToItsDetailAndOneAboutNoLeadToToday() {
    assertEquals(
        "/app/#/leads/lead-1",
        data(NotificationKind.SLA_BREACH, Map.of("leadId", "lead-1")).get("link"));
    assertEquals(
        "/app/#/leads/a%2Fb",
        data(NotificationKind.HOT_LEAD, Map.of("leadId", "a/b")).get("link"));
    assertEquals(
        "/app/#/today",
        data(NotificationKind.REMINDER, Map.of("taskId", "x", "leadId", "")).get("link"));
    assertEquals("/app/#/today", data(NotificationKind.DIGEST, Map.of()).get("link"));
  }

  @Test
  void aSilentSyncNudgeCarriesNoLink() {
    assertFalse(data(NotificationKind.SYNC_NUDGE, Map.of("leadId", "lead-1")).containsKey("link"));
  }
}
