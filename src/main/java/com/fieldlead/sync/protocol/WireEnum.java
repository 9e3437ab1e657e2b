package com.fieldlead.sync.protocol;

import java.util.Locale;

/** Wire spelling of the protocol's enum values: lower snake case ({@code last_writer_wins}). */
final class WireEnum {

  private WireEnum() {}

  static String wire(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E parse(Class<E> type, String wire) {
    for (E value : type.getEnumConstants()) {
      if (wire(value).equals(wire)) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + wire + "'");
  }
}
