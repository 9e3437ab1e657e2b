package com.fieldlead.activity.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A follow-up on a lead (needs {@code leadId}) or a personal task (lead optional). Wire names are lower case. */
public enum TaskKind {
  FOLLOW_UP,
  PERSONAL;

  @JsonValue
  public String wire() {
    return EnumWireNames.name(this);
  }

  @JsonCreator
  public static TaskKind of(String wire) {
    return EnumWireNames.parse(TaskKind.class, wire);
  }
}
