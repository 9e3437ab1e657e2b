package com.fieldlead.activity.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What happened with a lead. Wire names are lower case. */
public enum ActivityType {
  CALL,
  EMAIL,
  MEETING,
  VISIT,
  NOTE;

  @JsonValue
  public String wire() {
    return EnumWireNames.name(this);
  }

  @JsonCreator
  public static ActivityType of(String wire) {
    return EnumWireNames.parse(ActivityType.class, wire);
  }
}
