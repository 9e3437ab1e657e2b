package com.fieldlead.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.json.Json;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ScrubberTest {

  private final Scrubber scrubber = new Scrubber(
      List.of("Ana", "Souza", "Ana Souza", "ana.souza@northwind.example", "+14155550123"));

  @Test
  void aStringNamingThePersonInAnyCaseOrAccentIsErasedAndOthersStay() {
    Document note = new Document("_id", "n1")
        .append("leadId", "lead-1")
        .append("type", "note")
        .append("label", "Called SÓUZA about the demo")
        .append("company", "Northwind");
    assertTrue(scrubber.scrub("activities", note));
    assertEquals(Scrubber.ERASED, note.getString("label"));
    assertEquals("Northwind", note.getString("company"));
    assertEquals("lead-1", note.getString("leadId"));
    assertEquals("note", note.getString("type"));
  }

  @Test
  void freeTextIsErasedEvenWithoutANameAndLocationsAreRemoved() {
    Document call = new Document("_id", "c1")
        .append("summary", "wants a quote for 40 seats")
        .append("location", new Document("lat", 52.5).append("lon", 13.4));
    assertTrue(scrubber.scrub("activities", call));
    assertEquals(Scrubber.ERASED, call.getString("summary"));
    assertFalse(call.containsKey("location"));
  }

  @Test
  void recordsThatCopyALeadsFieldsKeepOnlyIdsCodesAndTimes() {
    Document entry = new Document("_id", "h1")
        .append("leadId", "lead-1")
        .append("action", "update")
        .append("version", 3)
        .append(
            "changes",
            List.of(new Document("field", "title").append("before", "CTO").append("after", "CEO")));
    assertTrue(scrubber.scrub("lead_history", entry));
    Document change = entry.getList("changes", Document.class).get(0);
    assertEquals("title", change.getString("field"));
    assertEquals(Scrubber.ERASED, change.getString("before"));
    assertEquals(Scrubber.ERASED, change.getString("after"));
    assertEquals("update", entry.getString("action"));
    assertEquals(3, entry.getInteger("version"));
  }

  @Test
  void aStoredPushResultBecomesAPersonErasedRejectionOfTheSameMutation() throws Exception {
    Document claim = new Document("_id", "t|u|d|m1")
        .append("status", "done")
        .append(
            "resultJson",
            "{\"clientMutationId\":\"m1\",\"entityType\":\"lead\",\"entityId\":\"lead-1\","
                + "\"result\":\"applied\",\"version\":1,\"state\":{\"email\":\"ana.souza@northwind.example\"}}");
    assertTrue(scrubber.scrub("sync_mutations", claim));
    JsonNode result = Json.MAPPER.readTree(claim.getString("resultJson"));
    assertEquals("m1", result.path("clientMutationId").asText());
    assertEquals("lead-1", result.path("entityId").asText());
    assertEquals("rejected", result.path("result").asText());
    assertEquals("PERSON_ERASED", result.path("code").asText());
    assertFalse(claim.getString("resultJson").contains("northwind"));
    assertEquals("done", claim.getString("status"));
  }

  @Test
  void aWebhookDeliveryNotSentYetIsGivenUpWithItsBody() {
    Document delivery = new Document("_id", "d1")
        .append("leadId", "lead-1")
        .append("status", "pending")
        .append("body", "{\"lead\":{\"lastName\":\"Souza\"}}");
    assertTrue(scrubber.scrub("webhook_deliveries", delivery));
    assertEquals("failed", delivery.getString("status"));
    assertEquals(Scrubber.ERASED, delivery.getString("body"));
  }

  @Test
  void aDocumentWithoutThePersonIsLeftUnchanged() {
    Document other = new Document("_id", "x").append("company", "Contoso").append("status", "new");
    assertFalse(scrubber.scrub("leads_audit", other));
    assertEquals("Contoso", other.getString("company"));
  }
}
