package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which side of a conflict survived in the entity: the pushed value (mine) or the server's (theirs). Wire form: lower snake case. */
public enum Kept {
  MINE,
  THEIRS;

  @JsonValue
  public String wire() {
    return WireEnum.wire(this);
  }

  @JsonCreator
  public static Kept fromWire(String wire) {
    return WireEnum.parse(Kept.class, wire);
  }
}
