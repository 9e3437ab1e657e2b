package com.fieldlead.lead.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One lifecycle status of a tenant.
 *
 * @param meaning {@code open}, {@code converted} or {@code dead}: what analytics and other features act on
 * @param requiresReason a change to this status needs a {@code statusReason}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeadStatus(String key, String label, String meaning, boolean requiresReason) {
  public static final String OPEN = "open";
  public static final String CONVERTED = "converted";
  public static final String DEAD = "dead";

  public boolean open() {
    return OPEN.equals(meaning);
  }

  public boolean converted() {
    return CONVERTED.equals(meaning);
  }
}
