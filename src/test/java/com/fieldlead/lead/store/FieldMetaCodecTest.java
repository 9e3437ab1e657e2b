package com.fieldlead.lead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;

/** A lead's per-field stamps are stored once per distinct stamp and read back as the same per-field map. */
class FieldMetaCodecTest {

  private static final Instant AT = Instant.parse("2026-12-07T04:35:39.267Z");

  @Test
  void aStoredLeadReadsBackWithEveryFieldStampInItsOrder() {
    Map<String, Lead.FieldChange> meta = new LinkedHashMap<>();
    for (String f : List.of("firstName", "lastName", "email", "phone", "company", "city")) {
      meta.put(f, new Lead.FieldChange(1, AT, "u-1", "d-1"));
    }
    meta.put("title", new Lead.FieldChange(3, AT.plusSeconds(60), "u-2", null));
    meta.put("lastName", new Lead.FieldChange(2, AT.plusSeconds(30), "u-1", "d-2"));
    Lead lead = Lead.builder()
        .id("0b7a6f0e-9d3c-4a51-8f1e-2f4d6c8b0a11")
        .tenantId("t-1")
        .version(3)
        .lastName("Müller")
        .fieldMeta(meta)
        .build();

    Document stored = MongoLeadRepository.toDocument(lead);
    Document compact = stored.get(LeadFields.FIELD_META, Document.class);
    assertEquals(
        3,
        compact.getList(FieldMetaCodec.STAMPS, Object.class).size(),
        "one entry per distinct stamp");
    Lead back = MongoLeadRepository.toLead(stored);
    assertEquals(meta, back.bookkeeping().fieldMeta());
    assertEquals(
        List.copyOf(meta.keySet()),
        List.copyOf(back.bookkeeping().fieldMeta().keySet()),
        "the fields' order is kept");
  }

  @Test
  void aLeadStoredWithAStampPerFieldBeforeThisFormIsReadAsItWas() {
    Document old = new Document(LeadFields.ID, "0b7a6f0e-9d3c-4a51-8f1e-2f4d6c8b0a11")
        .append(LeadFields.TENANT_ID, "t-1")
        .append("version", 2L)
        .append(
            LeadFields.FIELD_META,
            new Document(
                "city",
                new Document("version", 2L)
                    .append("at", Date.from(AT))
                    .append("by", "u-1")
                    .append("device", "d-1")));
    Lead lead = MongoLeadRepository.toLead(old);
    assertEquals(
        new Lead.FieldChange(2, AT, "u-1", "d-1"),
        lead.bookkeeping().fieldMeta().get("city"));
  }

  @Test
  void aCaptureStampedAlikeStoresItsStampsInAFractionOfTheBytes() {
    Map<String, Lead.FieldChange> meta = new LinkedHashMap<>();
    for (String f : LeadFields.WRITABLE) {
      meta.put(
          f,
          new Lead.FieldChange(
              1,
              AT,
              "9974f585-005b-3b21-84d3-85689e08e139",
              "a4249140-76dc-45e3-bab4-c1955d81f8e7"));
    }
    Map<?, ?> perField = (Map<?, ?>) StoreCodec.toDocument(
            Lead.builder().id("x").tenantId("t").version(1).fieldMeta(meta).build())
        .get(LeadFields.FIELD_META);
    int before = size(new Document("m", new Document(castKeys(perField))));
    int after = size(new Document("m", FieldMetaCodec.compactMeta(perField)));
    assertTrue(after * 4 < before, "compact " + after + " bytes against " + before);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castKeys(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static int size(Document doc) {
    BasicOutputBuffer out = new BasicOutputBuffer();
    new DocumentCodec()
        .encode(new BsonBinaryWriter(out), doc, EncoderContext.builder().build());
    return out.getSize();
  }
}
