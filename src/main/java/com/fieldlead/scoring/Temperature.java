package com.fieldlead.scoring;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How ready a lead is to buy, derived from its score and the tenant's thresholds. Wire names are lower case. */
public enum Temperature {
  HOT,
  WARM,
  COLD;

  /** The wire name: {@code hot}, {@code warm}, {@code cold}. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant named {@code wire}; an unknown name fails with IllegalArgumentException listing the choices. */
  @JsonCreator
  public static Temperature of(String wire) {
    for (Temperature t : values()) {
      if (t.wire().equals(wire)) {
        return t;
      }
    }
    throw new IllegalArgumentException("'" + wire + "' is not one of "
        + Arrays.stream(values()).map(Temperature::wire).toList());
  }
}
