package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How concurrent edits of one field are resolved, declared per entity type and field (sync invariant 5).
 * {@code LAST_WRITER_WINS}: the later change by server receive time survives (normally the incoming push);
 * {@code SERVER_WINS}: the server value stays; {@code CLIENT_WINS}: the pushed value wins whatever the times;
 * {@code UNION}: sets (tags) are merged, the client's removals of values it saw are honoured; {@code APPEND}:
 * append-only lists (consents) keep every entry of both sides and never lose one. Wire form: lower snake case.
 */
public enum FieldPolicy {
  LAST_WRITER_WINS,
  SERVER_WINS,
  CLIENT_WINS,
  UNION,
  APPEND;

  @JsonValue
  public String wire() {
    return WireEnum.wire(this);
  }

  @JsonCreator
  public static FieldPolicy fromWire(String wire) {
    return WireEnum.parse(FieldPolicy.class, wire);
  }
}
