package com.fieldlead.scoring;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of a score's explanation: which rule gave how many points. {@code points} is what counted (after decay,
 * rounded; negative for penalties, caps and clamping), {@code rawPoints} what the rule gives before decay. The points
 * of all lines of an explanation add up to the score.
 */
public record ScoreContribution(
    String ruleId, Category category, String label, int points, int rawPoints) {

  public ScoreContribution {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(label, "label");
  }

  /** The part of the rules a line comes from. {@code ADJUSTMENT} is a cap or the [0, 100] clamp. */
  public enum Category {
    FIT,
    BANT,
    BEHAVIOUR,
    NEGATIVE,
    ADJUSTMENT,
    OVERRIDE;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The constant of wire name {@code wire}; unknown names fail with IllegalArgumentException. */
    @JsonCreator
    public static Category of(String wire) {
      for (Category c : values()) {
        if (c.wire().equals(wire)) {
          return c;
        }
      }
      throw new IllegalArgumentException("'" + wire + "' is not a score category");
    }
  }
}
