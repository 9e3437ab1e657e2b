package com.fieldlead.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.lead.model.Lead;
import com.fieldlead.problem.FieldError;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldMappingTest {

  private static final Lead LEAD = Lead.builder()
      .id("l-1")
      .tenantId("t-1")
      .lastName("Lovelace")
      .company("Analytical Engines")
      .customFields(Map.of("boothNumber", 42))
      .conversion(new Lead.Conversion(
          new BigDecimal("12500.00"),
          "EUR",
          LocalDate.parse("2026-06-10"),
          "c-1",
          "a-1",
          Instant.EPOCH,
          "u"))
      .build();

  @Test
  void bothPresetsPassTheirOwnCheck() {
    for (String system : Connection.SYSTEMS) {
      assertEquals(List.of(), FieldMapping.check(system, FieldMapping.preset(system)), system);
    }
  }

  @Test
  void aRecordTakesNestedPathsNumbersDatesAndConstantsAndLeavesEmptyFieldsOut() {
    Map<String, Object> opportunity =
        FieldMapping.record("Salesforce", "Opportunity", FieldMapping.preset("salesforce"), LEAD);
    assertEquals("Analytical Engines", opportunity.get("Name"));
    assertEquals(
        0,
        new BigDecimal("12500")
            .compareTo(new BigDecimal(opportunity.get("Amount").toString())));
    assertEquals("2026-06-10", opportunity.get("CloseDate"));
    assertEquals("Closed Won", opportunity.get("StageName"));
    Map<String, Object> lead = FieldMapping.record(
        "Salesforce",
        "Lead",
        List.of(
            new FieldMapping.Entry("Lead", "Booth__c", "customFields.boothNumber", null, false),
            new FieldMapping.Entry("Lead", "Email", "email", null, false)),
        LEAD);
    assertEquals(Map.of("Booth__c", 42), lead);
    assertFalse(lead.containsKey("Email"), "an empty lead field is left out");
  }

  @Test
  void aRequiredFieldWithoutAValueFailsNamingTheCrmFieldAndTheLeadField() {
    Lead noCompany = LEAD.toBuilder().company(null).build();
    FieldMapping.MappingException e = assertThrows(
        FieldMapping.MappingException.class,
        () -> FieldMapping.record(
            "Salesforce", "Lead", FieldMapping.preset("salesforce"), noCompany));
    assertEquals("Lead.Company", e.field());
    assertTrue(e.getMessage().contains("company"), e.getMessage());
  }

  @Test
  void aCheckNamesEveryBadEntry() {
    List<FieldError> errors = FieldMapping.check(
        "hubspot",
        List.of(
            new FieldMapping.Entry("contact", "email", "email", null, false),
            new FieldMapping.Entry("contact", "email", "email", null, false),
            new FieldMapping.Entry("deal", "bad name", "company", null, false),
            new FieldMapping.Entry("deal", "x", "company", "both", false),
            new FieldMapping.Entry("deal", "y", "bant", null, false)));
    List<String> fields = errors.stream().map(FieldError::field).toList();
    assertEquals(
        List.of("/fields/1/target", "/fields/2/target", "/fields/3", "/fields/4/source"), fields);
  }
}
