package com.fieldlead.lead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fieldlead.json.Json;
import com.fieldlead.lead.model.Lead;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;

/**
 * A lead's API JSON, its stored document and its sync state, byte for byte, as the flat record wrote them before the
 * lead was split into groups ({@code src/test/resources/lead/golden}, captured from that code): the split changed the
 * Java shape only. Run with {@code -Dgolden.update=true} to rewrite the files (only when a change of form is meant).
 */
public class LeadWireFormTest {

  private static final JsonWriterSettings EXTENDED =
      JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).indent(true).build();

  /** A lead with every field set, each map in a fixed order (golden files compare text). */
  public static Lead fullyPopulated() {
    Instant t = Instant.parse("2026-03-04T05:06:07.890Z");
    Instant whole = Instant.parse("2026-03-04T05:06:00Z");
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("boothNumber", 42);
    custom.put("bigNumber", 12_345_678_901L);
    custom.put("ratio", 0.25);
    custom.put("note", "Says \"hi\" \u00e9\n");
    custom.put("empty", null);
    List<Object> list = new ArrayList<>(List.of(1, "two"));
    list.add(null);
    custom.put("list", list);
    Map<String, String> externalIds = new LinkedHashMap<>();
    externalIds.put("salesforce", "00Q5e00000AbCdE");
    externalIds.put("hubspot", "51");
    Map<String, Lead.FieldChange> meta = new LinkedHashMap<>();
    meta.put("city", new Lead.FieldChange(6, t, "u-1", "d-1"));
    meta.put("email", new Lead.FieldChange(7, whole, "u-2", null));
    return Lead.builder()
        .id("l-1")
        .tenantId("t-1")
        .version(7)
        .firstName("Ada")
        .lastName("Lovelace")
        .email("ada@example.com")
        .phone("+4930123456")
        .phoneRaw("030 123456")
        .phoneValid(true)
        .company("Analytical Engines")
        .title("CTO")
        .website("https://engines.example")
        .industry("Manufacturing")
        .companySize("51-200")
        .country("DE")
        .region("Berlin")
        .city("Berlin")
        .location(new Lead.Location(52.52, 13.405, 8.0))
        .source("trade-show")
        .campaign("spring")
        .eventId("e-1")
        .captureMethod("badge-scan")
        .capturedBy("u-1")
        .capturedAt(t)
        .deviceCapturedAt(whole)
        .receivedAt(t)
        .bant(new Lead.Bant(
            "approved", new BigDecimal("1500.50"), "decision-maker", "high", "this-quarter"))
        .answers(List.of(
            new Lead.Answer("q-1", "yes"),
            new Lead.Answer("q-2", 3),
            new Lead.Answer("q-3", List.of("a", "b")),
            new Lead.Answer("q-4", Map.of("nested", true))))
        .status("qualified")
        .statusReason("fits")
        .stageHistory(List.of(new Lead.StageChange("new", "qualified", "u-1", t, "fit")))
        .ownerId("u-2")
        .teamId("team-1")
        .tags(List.of("vip", "expo"))
        .consents(List.of(
            new Lead.Consent("marketing", true, t, "badge", "u-1"),
            new Lead.Consent("calls", false, whole, "form", "u-2", "v3", "web", "10.0.0.1")))
        .marketingOptOut(false)
        .customFields(custom)
        .externalIds(externalIds)
        .score(85)
        .temperature("hot")
        .scoreExplanation(List.of("+40 fit", "+45 bant"))
        .conversion(new Lead.Conversion(
            new BigDecimal("12500.00"), "EUR", LocalDate.of(2026, 4, 1), "c-1", "a-1", t, "u-2"))
        .fieldMeta(meta)
        .createdAt(t)
        .createdBy("u-1")
        .updatedAt(t)
        .deletedAt(whole)
        .mergedInto("l-9")
        .scoreDetails(new Lead.ScoreDetails(
            List.of(new Lead.ScoreLine("r-1", "fit", "Industry", 40)), 3, Instant.EPOCH))
        .scoreNextDecayAt(t)
        .hotOverride(new Lead.HotOverride("u-3", whole))
        .scan(new Lead.Scan(
            "mecard",
            "MECARD:N:Lovelace,Ada;ORG:Analytical Engines;;",
            whole,
            "badge-a",
            Map.of("lastName", "Lovelace"),
            Map.of("note", "met at the booth"),
            List.of("firstName"),
            List.of("X-SOCIAL: @ada")))
        .crm(new Lead.CrmLink("salesforce", "00Q000000000001", whole, "mapping", whole))
        .build();
  }

  /** A lead with only its identity and one field: every other field is left out, not written as null. */
  public static Lead sparse() {
    return Lead.builder().id("l-2").tenantId("t-1").version(1).lastName("Byron").build();
  }

  @Test
  void aFullyPopulatedLeadIsAnsweredAsBeforeTheSplit() throws Exception {
    assertGolden("api-full.json", Json.MAPPER.writeValueAsString(fullyPopulated()));
  }

  @Test
  void aSparseLeadIsAnsweredAsBeforeTheSplit() throws Exception {
    assertGolden("api-sparse.json", Json.MAPPER.writeValueAsString(sparse()));
  }

  @Test
  void aFullyPopulatedLeadIsStoredAsBeforeTheSplit() throws Exception {
    assertGolden(
        "stored-full.json", MongoLeadRepository.toDocument(fullyPopulated()).toJson(EXTENDED));
  }

  @Test
  void aSparseLeadIsStoredAsBeforeTheSplit() throws Exception {
    assertGolden("stored-sparse.json", MongoLeadRepository.toDocument(sparse()).toJson(EXTENDED));
  }

  @Test
  void aFullyPopulatedLeadsSyncStateIsWrittenAsBeforeTheSplit() throws Exception {
    assertGolden(
        "sync-full.json", StoredLeadJson.write(MongoLeadRepository.toDocument(fullyPopulated())));
  }

  @Test
  void theGoldenFormsReadBackAsTheSameLead() throws Exception {
    for (Lead lead : List.of(fullyPopulated(), sparse())) {
      Document stored = MongoLeadRepository.toDocument(lead);
      assertEquals(
          stored.toJson(EXTENDED),
          MongoLeadRepository.toDocument(MongoLeadRepository.toLead(stored)).toJson(EXTENDED));
      assertEquals(
          MongoLeadRepository.toLead(stored),
          MongoLeadRepository.toLead(Document.parse(stored.toJson(EXTENDED))));
      assertEquals(
          Json.MAPPER.writeValueAsString(lead),
          Json.MAPPER.writeValueAsString(
              Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(lead), Lead.class)));
    }
  }

  private static void assertGolden(String name, String actual) throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      Path file = Path.of("src/test/resources/lead/golden", name);
      Files.writeString(file, actual + "\n", StandardCharsets.UTF_8);
      return;
    }
    try (InputStream in = LeadWireFormTest.class.getResourceAsStream("/lead/golden/" + name)) {
      String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(expected, actual + "\n", name);
    }
  }
}
