package com.fieldlead.lead.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The simple linked records a conversion creates: the contact and the account a lead became. */
public final class ConversionRecords {

  private ConversionRecords() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Contact(
      String id,
      String firstName,
      String lastName,
      String email,
      String phone,
      String title,
      String accountId,
      String leadId,
      Instant createdAt,
      String createdBy) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Account(
      String id,
      String name,
      String website,
      String industry,
      String country,
      String leadId,
      Instant createdAt,
      String createdBy) {}
}
