package com.fieldlead.lead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * A stored lead written straight from its document is the same JSON as the lead's record gives, in the sync view:
 * everything but {@link LeadFields#SYNC_VIEW_OMITS}.
 */
public class StoredLeadJsonTest {

  /** The record path: the stored document read as a {@link Lead}, written by the API's mapper, server detail left out. */
  private static JsonNode throughTheRecord(Document stored) throws Exception {
    ObjectNode node = (ObjectNode)
        Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(MongoLeadRepository.toLead(stored)));
    node.remove(List.of(LeadFields.SYNC_VIEW_OMITS));
    return node;
  }

  /** What the driver hands back for {@code doc}: BSON written and read again (nested maps become documents). */
  private static Document asStored(Document doc) {
    RawBsonDocument raw = new RawBsonDocument(doc, new DocumentCodec());
    return raw.decode(new DocumentCodec());
  }

  private static void assertSameAsTheRecord(Document stored) throws Exception {
    String direct = StoredLeadJson.write(stored);
    assertNotNull(direct, () -> "the direct writer declined " + stored.toJson());
    assertEquals(throughTheRecord(stored), Json.MAPPER.readTree(direct), direct);
  }

  public static Lead everyField(
      BigDecimal budget, Map<String, Object> custom, Lead.ScoreDetails details) {
    Instant t = Instant.parse("2026-03-04T05:06:07.890Z");
    Instant whole = Instant.parse("2026-03-04T05:06:00Z"); // no fraction: written without one
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
        .location(new Lead.Location(52.52, 13.405, null))
        .source("trade-show")
        .campaign("spring")
        .eventId("e-1")
        .captureMethod("badge-scan")
        .capturedBy("u-1")
        .capturedAt(t)
        .deviceCapturedAt(whole)
        .receivedAt(t)
        .bant(new Lead.Bant("approved", budget, "decision-maker", "high", "this-quarter"))
        .answers(List.of(
            new Lead.Answer("q-1", "yes"),
            new Lead.Answer("q-2", 3),
            new Lead.Answer("q-3", List.of("a", "b")),
            new Lead.Answer("q-4", Map.of("nested", true))))
        .status("qualified")
        .statusReason("fits")
        .stageHistory(List.of(new Lead.StageChange("new", "qualified", "u-1", t, null)))
        .ownerId("u-2")
        .teamId("team-1")
        .tags(Arrays.asList("vip", null, "expo"))
        .consents(List.of(new Lead.Consent("marketing", true, t, "badge", "u-1")))
        .marketingOptOut(false)
        .customFields(custom)
        .externalIds(Map.of("salesforce", "00Q5e00000AbCdE", "hubspot", "51"))
        .score(85)
        .temperature("hot")
        .scoreExplanation(List.of("+40 fit", "+45 bant"))
        .conversion(new Lead.Conversion(
            new BigDecimal("12500.00"), "EUR", LocalDate.of(2026, 4, 1), "c-1", "a-1", t, "u-2"))
        .fieldMeta(Map.of("city", new Lead.FieldChange(6, t, "u-1", "d-1")))
        .createdAt(t)
        .createdBy("u-1")
        .updatedAt(t)
        .scoreDetails(details)
        .scoreNextDecayAt(t)
        .hotOverride(new Lead.HotOverride("u-3", whole))
        .scan(new Lead.Scan(
            "mecard",
            "MECARD:N:Lovelace,Ada;ORG:Analytical Engines;;",
            whole,
            null,
            Map.of("lastName", "Lovelace", "firstName", "Ada"),
            Map.of("note", "met at the booth"),
            List.of("firstName"),
            List.of("X-SOCIAL: @ada")))
        .crm(new Lead.CrmLink("salesforce", "00Q000000000001", whole, "mapping", whole))
        .build();
  }

  @Test
  void aLeadWithEveryKindOfValueIsWrittenAsItsRecordIs() throws Exception {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("boothNumber", 42);
    custom.put("bigNumber", 12_345_678_901L);
    custom.put("ratio", 0.25);
    custom.put("note", "Says \"hi\" \u00e9\n");
    custom.put("empty", null);
    custom.put("list", Arrays.asList(1, "two", null, Map.of("three", 3)));
    for (BigDecimal budget :
        List.of(new BigDecimal("1.50"), new BigDecimal("1E+3"), new BigDecimal("0"))) {
      Lead lead = everyField(
          budget,
          custom,
          new Lead.ScoreDetails(
              List.of(new Lead.ScoreLine("r-1", "fit", "Industry", 40)), 3, Instant.EPOCH));
      Document stored = StoreCodec.toDocument(lead);
      // what the repository adds beside the record's fields: none of it is part of the lead's JSON
      stored
          .append("_id", new ObjectId())
          .append("syncSeq", 99L)
          .append("emailNorm", "ada@example.com")
          .append("searchKeys", List.of("ada", "lovelace"))
          .append("createHash", "abc")
          .append(
              "pendingEvents",
              List.of(new Document("type", "lead.created").append("at", new Date())));
      Document back = asStored(stored);
      assertSameAsTheRecord(back);
      String beforeStoring =
          StoredLeadJson.write(stored); // a write renders the state from its own document
      assertNotNull(beforeStoring, "declined the document a write stores (nested plain maps)");
      assertEquals(throughTheRecord(back), Json.MAPPER.readTree(beforeStoring));
      JsonNode written = Json.MAPPER.readTree(StoredLeadJson.write(back));
      assertTrue(
          !written.has("tenantId")
              && !written.has("_id")
              && !written.has("syncSeq")
              && !written.has("searchKeys")
              && !written.has("pendingEvents"),
          written::toString);
    }
  }

  @Test
  void aSparseLeadAndItsDefaultsAreWrittenAsItsRecordIs() throws Exception {
    Document minimal = asStored(new Document("id", "l-2")
        .append("tenantId", "t-1")
        .append("version", 1L)
        .append("lastName", "Byron")
        .append("scoreDetails", new Document("rulesVersion", 2)) // no contributions: []
        .append("website", null)); // an explicit null is left out, as the record path does
    assertSameAsTheRecord(minimal);
    assertTrue(
        !Json.MAPPER.readTree(StoredLeadJson.write(minimal)).has("scoreDetails"),
        "server detail is left out");
  }

  @Test
  void whatItCannotWriteExactlyIsLeftToTheRecordPath() {
    Document base = new Document("id", "l-3").append("tenantId", "t-1").append("version", 1L);
    assertNull(
        StoredLeadJson.write(
            asStored(new Document(base).append("customFields", new Document("when", new Date())))),
        "a date inside custom fields");
    assertNull(
        StoredLeadJson.write(asStored(new Document(base).append("score", "high"))),
        "a field of another type");
    assertNull(
        StoredLeadJson.write(asStored(new Document("id", "l-4").append("lastName", "X"))),
        "no version: the record path writes 0");
  }

  @Test
  void everyDemoLeadIsWrittenAsItsRecordIs() throws Exception {
    try (TestServer s =
        TestServer.start(Map.of(ConfigKey.FIELDLEAD_DEMO, "true"), Clock.systemUTC())) {
      List<Document> stored = Await.onContext(
          s,
          () ->
              MongoFutures.list(s.server().store().collection(LeadFields.LEADS).find()));
      assertTrue(stored.size() >= 20, "demo leads: " + stored.size());
      List<String> declined = new ArrayList<>();
      for (Document d : stored) {
        if (StoredLeadJson.write(d) == null) {
          declined.add(d.getString(LeadFields.ID));
        } else {
          assertSameAsTheRecord(d);
          // the state its write stored beside it is the same JSON, at the lead's current change
          // number
          assertEquals(
              Json.MAPPER.readTree(StoredLeadJson.write(d)),
              Json.MAPPER.readTree(d.getString(LeadFields.SYNC_STATE)),
              d.getString(LeadFields.ID));
          assertEquals(
              d.get("syncSeq"), d.get(LeadFields.SYNC_STATE_SEQ), d.getString(LeadFields.ID));
        }
      }
      assertEquals(List.of(), declined, "demo leads the direct writer could not write");
    }
  }

  @Test
  void instantsAreWrittenExactlyAsInstantToStringDoes() {
    Random random = new Random(42);
    List<Long> millis = new ArrayList<>(List.of(
        0L,
        -1L,
        1L,
        999L,
        1000L,
        86_399_999L,
        951_782_400_000L, // 2000-02-29
        253_402_300_799_999L,
        253_402_300_800_000L,
        -30_610_224_000_000L,
        -62_135_596_800_001L)); // 9999, 10000, 1000
    for (int i = 0; i < 100_000; i++) {
      millis.add(random.nextLong() % 400_000_000_000_000L);
      millis.add(
          1_700_000_000_000L + random.nextInt(1_000_000_000) * 1000L); // whole seconds: no fraction
    }
    for (long m : millis) {
      assertEquals(Instant.ofEpochMilli(m).toString(), StoredLeadJson.iso(m), "millis " + m);
    }
  }
}
