package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a mutation does to its entity. Creates use the phone's own UUID (sync invariant 1). Wire form: lower snake case. */
public enum Operation {
  CREATE,
  UPDATE,
  DELETE;

  @JsonValue
  public String wire() {
    return WireEnum.wire(this);
  }

  @JsonCreator
  public static Operation fromWire(String wire) {
    return WireEnum.parse(Operation.class, wire);
  }
}
