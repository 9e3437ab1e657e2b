package com.fieldlead.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the scorer knows about a lead: its fit fields, BANT values (the lead contract's enum values), behaviour events
 * derived from activities (the service maps, for instance, a held meeting to {@code (meeting, held)} and an inbound
 * e-mail to {@code (email, replied)}) and the booth staff's hot mark, if any. Every field may be null.
 */
public record LeadFacts(
    String title,
    String industry,
    String companySizeBand,
    String country,
    String emailDomain,
    String company,
    String budget,
    String authority,
    String need,
    String timeline,
    List<BehaviourEvent> events,
    BoothOverride boothHotOverride) {

  public LeadFacts {
    events = List.copyOf(events == null ? List.of() : events);
  }

  /** Facts with no fields set (a start for tests and builders). */
  public static LeadFacts empty() {
    return new LeadFacts(
        null, null, null, null, null, null, null, null, null, null, List.of(), null);
  }

  /** One thing the lead did, at device time {@code occurredAt}; {@code outcome} may be null. */
  public record BehaviourEvent(String type, String outcome, Instant occurredAt) {
    public BehaviourEvent {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(occurredAt, "occurredAt");
    }
  }

  /** Booth staff marked the lead hot at capture: who and when (device time). */
  public record BoothOverride(String by, Instant at) {
    public BoothOverride {
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(at, "at");
    }
  }

  /** The domain of an e-mail address, lower case, or null when there is none. */
  public static String domainOf(String email) {
    if (email == null) {
      return null;
    }
    int at = email.lastIndexOf('@');
    return at < 0 || at == email.length() - 1
        ? null
        : email.substring(at + 1).trim().toLowerCase(Locale.ROOT);
  }
}
