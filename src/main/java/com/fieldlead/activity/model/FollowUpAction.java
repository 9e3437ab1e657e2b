package com.fieldlead.activity.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a task (or cadence step) asks the assignee to do. Wire names are lower case. */
public enum FollowUpAction {
  CALL,
  EMAIL,
  MEETING,
  VISIT,
  TASK;

  @JsonValue
  public String wire() {
    return EnumWireNames.name(this);
  }

  @JsonCreator
  public static FollowUpAction of(String wire) {
    return EnumWireNames.parse(FollowUpAction.class, wire);
  }
}
