package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The kind of pull page: {@code DELTA} carries changes since the checkpoint; {@code REBASELINE} carries the current
 * ids and versions of the whole scope (the checkpoint was older than the tombstone horizon, or the scope changed), so
 * the phone drops what is not listed and keeps its unsent edits (sync invariant 7). Wire form: lower snake case.
 */
public enum PullMode {
  DELTA,
  REBASELINE;

  @JsonValue
  public String wire() {
    return WireEnum.wire(this);
  }

  @JsonCreator
  public static PullMode fromWire(String wire) {
    return WireEnum.parse(PullMode.class, wire);
  }
}
