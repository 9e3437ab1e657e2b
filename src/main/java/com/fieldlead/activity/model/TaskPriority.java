package com.fieldlead.activity.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How important a task is (urgent is a separate flag). Wire names are lower case. */
public enum TaskPriority {
  LOW,
  NORMAL,
  HIGH;

  @JsonValue
  public String wire() {
    return EnumWireNames.name(this);
  }

  @JsonCreator
  public static TaskPriority of(String wire) {
    return EnumWireNames.parse(TaskPriority.class, wire);
  }
}
