package com.fieldlead.activity.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle of a task. Wire names are lower case. */
public enum TaskStatus {
  OPEN,
  DONE,
  CANCELLED;

  @JsonValue
  public String wire() {
    return EnumWireNames.name(this);
  }

  @JsonCreator
  public static TaskStatus of(String wire) {
    return EnumWireNames.parse(TaskStatus.class, wire);
  }
}
