package com.fieldlead.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServerExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * deploy/prometheus/fieldlead-alerts.yaml and deploy/grafana/fieldlead.json: parsed, their structure checked, and
 * every metric and label value their queries name found on the /metrics of a running server, so a renamed metric
 * fails here instead of leaving an alert that never fires.
 */
class MonitoringFilesTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  /** Series Prometheus makes itself, not scraped from fieldlead. */
  private static final Set<String> SYNTHESIZED = Set.of("up");

  private static final Set<String> KEYWORDS = Set.of(
      "by",
      "without",
      "on",
      "ignoring",
      "group_left",
      "group_right",
      "bool",
      "and",
      "or",
      "unless",
      "offset",
      "inf",
      "nan");

  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

  private static String scrape;

  @BeforeAll
  static void exercise() {
    Api api = SERVER.api();
    Session admin = AuthFixtures.tenantWithAdmin(SERVER.get(), "Monitoring tenant");
    Session rep = AuthFixtures.user(api, admin, "rep");
    api.post("/v1/leads", Map.of("lastName", "Monitored"), rep.accessToken());
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("protocolVersion", 1);
    sync.put("deviceId", "d-monitoring");
    sync.put("appVersion", "2.4.0");
    api.post("/v1/sync/pull", sync, rep.accessToken());
    sync.put("mutations", List.of());
    api.post("/v1/sync/push", sync, rep.accessToken());
    scrape = api.get("/metrics", null).text();
  }

  /** The metric names an expression reads: identifiers that are not functions, keywords, labels or durations. */
  static Set<String> metricNames(String expr) {
    String e = expr.replaceAll("\"[^\"]*\"", "\"\"")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
    Set<String> names = new HashSet<>();
    Matcher m =
        Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(e);
    while (m.find()) {
      if (m.group(2) == null && !KEYWORDS.contains(m.group(1).toLowerCase())) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** What in {@code expr} names something /metrics does not have; empty when all of it is there. */
  static List<String> missing(String expr, String scrape) {
    List<String> out = new ArrayList<>();
    for (String name : metricNames(expr)) {
      if (!SYNTHESIZED.contains(name)
          && !Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]")
              .matcher(scrape)
              .find()) {
        out.add("metric " + name);
      }
    }
    Matcher s = SELECTOR.matcher(expr);
    while (s.find()) {
      if (SYNTHESIZED.contains(s.group(1))) {
        continue;
      }
      Matcher m = MATCHER.matcher(s.group(2));
      while (m.find()) {
        String label = m.group(1);
        String wanted = m.group(2).equals("=") ? label + "=\"" + m.group(3) + "\"" : label + "=\"";
        Pattern line = Pattern.compile(
            "(?m)^" + Pattern.quote(s.group(1)) + "\\{[^}]*" + Pattern.quote(wanted));
        if (!line.matcher(scrape).find()) {
          out.add(s.group(1) + " with " + wanted);
        }
      }
    }
    return out;
  }

  private static void balanced(String expr) {
    int depth = 0;
    for (char c : expr.toCharArray()) {
      depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
      assertTrue(depth >= 0, "closes more than it opens: " + expr);
    }
    assertEquals(0, depth, "unbalanced: " + expr);
  }

  @Test
  void theExtractorFindsMetricsAndMissesFunctionsLabelsAndDurations() {
    assertEquals(
        Set.of("a_total", "b_seconds_bucket"),
        metricNames(
            "sum by (le, route) (rate(a_total{x=\"y\"}[5m])) / clamp_min(b_seconds_bucket, 1e-9)"));
    assertEquals(
        List.of("metric fieldlead_nothing_total"),
        missing("rate(fieldlead_nothing_total[5m])", scrape));
    assertEquals(
        List.of("fieldlead_outbox_depth with outbox=\"nowhere\""),
        missing("fieldlead_outbox_depth{outbox=\"nowhere\"}", scrape));
  }

  @Test
  void everyAlertRuleIsCompleteAndNamesOnlyMetricsTheServerExports() {
    Map<String, Object> file =
        DeployFiles.yaml(DeployFiles.DEPLOY.resolve("prometheus/fieldlead-alerts.yaml"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> groups = (List<Map<String, Object>>) file.get("groups");
    assertFalse(groups.isEmpty());
    Set<String> names = new HashSet<>();
    for (Map<String, Object> group : groups) {
      assertTrue(group.get("name") instanceof String, "group name");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rules = (List<Map<String, Object>>) group.get("rules");
      for (Map<String, Object> rule : rules) {
        String alert = (String) rule.get("alert");
        assertTrue(alert != null && alert.matches("[A-Z][A-Za-z0-9]+"), "alert name: " + rule);
        assertTrue(names.add(alert), "one rule per name: " + alert);
        assertTrue(
            Set.of("alert", "expr", "for", "labels", "annotations").containsAll(rule.keySet()),
            alert + " has only the keys Prometheus reads: " + rule.keySet());
        assertTrue(String.valueOf(rule.get("for")).matches("\\d+[smhd]"), alert + " for");
        Map<String, Object> labels = DeployFiles.map(rule, "labels");
        assertTrue(Set.of("warning", "critical").contains(labels.get("severity")), alert);
        assertTrue(DeployFiles.map(rule, "annotations").get("summary") instanceof String, alert);
        String expr = (String) rule.get("expr");
        balanced(expr);
        assertTrue(expr.matches("(?s).*(>|<|==).*"), alert + " compares with a threshold");
        assertEquals(List.of(), missing(expr, scrape), alert);
      }
    }
    assertTrue(
        names.containsAll(Set.of(
            "FieldleadHighErrorRate",
            "FieldleadNotificationOutboxBehind",
            "FieldleadSlaBreachRate",
            "FieldleadSyncPushSlow")),
        names.toString());
  }

  @Test
  void theDashboardIsGrafanaJsonWhosePanelsQueryOnlyMetricsTheServerExports() throws IOException {
    JsonNode d = new ObjectMapper()
        .readTree(DeployFiles.text(DeployFiles.DEPLOY.resolve("grafana/fieldlead.json")));
    assertTrue(d.path("schemaVersion").asInt() >= 30, "a current dashboard schema");
    assertFalse(d.path("uid").asText().isEmpty());
    Set<Integer> ids = new HashSet<>();
    int queries = 0;
    for (JsonNode panel : d.path("panels")) {
      assertTrue(ids.add(panel.path("id").asInt()), "panel ids unique");
      assertFalse(panel.path("title").asText().isEmpty());
      for (String k : List.of("x", "y", "w", "h")) {
        assertTrue(panel.path("gridPos").path(k).isInt(), panel.path("title") + " gridPos." + k);
      }
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        balanced(expr);
        assertEquals(List.of(), missing(expr, scrape), panel.path("title").asText());
        queries++;
      }
    }
    assertTrue(queries >= 10, "queries: " + queries);
    assertTrue(d.toString().contains("fieldlead_captures_total"), "captures by channel");
  }
}
