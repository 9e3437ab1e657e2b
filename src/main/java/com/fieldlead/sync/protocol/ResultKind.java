package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The outcome of one pushed mutation (sync invariant 6). Wire form: lower snake case. {@link #IN_PROGRESS} is the only
 * one that is not final: another request holds the mutation's claim; the app keeps it and pushes it again.
 */
public enum ResultKind {
  APPLIED,
  MERGED,
  CONFLICT,
  REJECTED,
  DUPLICATE,
  IN_PROGRESS;

  @JsonValue
  public String wire() {
    return WireEnum.wire(this);
  }

  @JsonCreator
  public static ResultKind fromWire(String wire) {
    return WireEnum.parse(ResultKind.class, wire);
  }
}
