package com.fieldlead.lead.model;

import java.util.stream.Stream;

/**
 * The part of a lead other features route on.
 *
 * @param open true while the lead's status has the "open" meaning (not converted, not dead)
 * @param ownerTimeZone IANA zone of the owner, for scheduling in their local time (may be null: then UTC)
 * @param displayName how people call the lead: "Ana Souza (Northwind)", the company alone, the e-mail or phone; null
 *     when it has none of them
 * @param marketingOptOut the person's latest marketing consent was withdrawn: no nurture cadence, no marketing export
 */
public record LeadSummary(
    String tenantId,
    String id,
    String ownerId,
    String teamId,
    String status,
    boolean open,
    boolean converted,
    long version,
    String ownerTimeZone,
    String displayName,
    boolean marketingOptOut) {

  public LeadSummary(
      String tenantId,
      String id,
      String ownerId,
      String teamId,
      String status,
      boolean open,
      boolean converted,
      long version,
      String ownerTimeZone) {
    this(
        tenantId,
        id,
        ownerId,
        teamId,
        status,
        open,
        converted,
        version,
        ownerTimeZone,
        null,
        false);
  }

  /** This summary with the owner's zone. */
  public LeadSummary withOwnerTimeZone(String zone) {
    return new LeadSummary(
        tenantId,
        id,
        ownerId,
        teamId,
        status,
        open,
        converted,
        version,
        zone,
        displayName,
        marketingOptOut);
  }

  /** The display name of {@code l} (see {@link #displayName}). */
  public static String displayName(Lead l) {
    String name = Stream.of(l.contact().firstName(), l.contact().lastName())
        .filter(s -> s != null && !s.isBlank())
        .reduce((a, b) -> a + " " + b)
        .orElse(null);
    if (name != null) {
      return l.organization().company() == null || l.organization().company().isBlank()
          ? name
          : name + " (" + l.organization().company() + ")";
    }
    return l.organization().company() != null && !l.organization().company().isBlank()
        ? l.organization().company()
        : l.contact().email() != null ? l.contact().email() : l.contact().phone();
  }
}
