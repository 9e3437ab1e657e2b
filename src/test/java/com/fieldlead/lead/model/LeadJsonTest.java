package com.fieldlead.lead.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fieldlead.json.Json;
import org.junit.jupiter.api.Test;

/**
 * A flat lead is read into its groups as Jackson read the flat record: the same coercions, the same failures, naming
 * the same field (the wire forms themselves are held by {@code LeadWireFormTest}'s golden files).
 */
class LeadJsonTest {

  @Test
  void aFlatLeadIsReadIntoItsGroups() throws Exception {
    Lead lead = Json.MAPPER.readValue(
        "{\"id\":\"l-1\",\"version\":3,\"email\":\"a@b.c\",\"company\":\"AE\",\"ownerId\":\"u-1\","
            + "\"score\":\"5\",\"crm\":{\"system\":\"hubspot\"}}",
        Lead.class);
    assertEquals(3, lead.version());
    assertEquals("a@b.c", lead.contact().email());
    assertEquals("AE", lead.organization().company());
    assertEquals("u-1", lead.routing().ownerId());
    assertEquals(5, lead.scoring().score(), "a numeric string is coerced, as before");
    assertEquals("hubspot", lead.bookkeeping().crm().system());
    assertNull(lead.capture().source());
  }

  @Test
  void anUnknownFieldFailsTheStrictMapperAndIsSkippedByTheTolerantOne() throws Exception {
    String json = "{\"id\":\"l-1\",\"version\":1,\"nope\":{\"a\":[1]},\"city\":\"Rome\"}";
    UnrecognizedPropertyException e = assertThrows(
        UnrecognizedPropertyException.class, () -> Json.MAPPER.readValue(json, Lead.class));
    assertEquals("nope", e.getPropertyName());
    assertEquals(
        "Rome", Json.TOLERANT.readValue(json, Lead.class).organization().city());
  }

  @Test
  void aMissingOrNullVersionFailsAsAMissingPrimitiveDid() {
    for (String json : new String[] {"{\"id\":\"l-1\"}", "{\"id\":\"l-1\",\"version\":null}"}) {
      MismatchedInputException e = assertThrows(
          MismatchedInputException.class, () -> Json.MAPPER.readValue(json, Lead.class));
      assertTrue(e.getMessage().contains("Lead[\"version\"]"), e::getMessage);
    }
  }

  @Test
  void aValueOfTheWrongTypeFailsNamingItsField() {
    JsonMappingException e = assertThrows(
        JsonMappingException.class,
        () -> Json.MAPPER.readValue("{\"id\":\"l-1\",\"version\":1,\"tags\":\"one\"}", Lead.class));
    assertEquals("tags", e.getPath().get(0).getFieldName());
    assertThrows(JsonMappingException.class, () -> Json.MAPPER.readValue("[]", Lead.class));
  }
}
