package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of one pushed mutation (sync invariant 6). Wire form: lower snake case. */
public enum ResultKind {
  APPLIED, MERGED, CONFLICT, REJECTED, DUPLICATE;

  @JsonValue
  public String wire() {
    return WireEnum.wire(this);
  }

  @JsonCreator
  public static ResultKind fromWire(String wire) {
    return WireEnum.parse(ResultKind.class, wire);
  }
}
