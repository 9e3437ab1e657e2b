package com.fieldlead.activity.model;

import java.util.Arrays;
import java.util.Locale;

/** Wire names of this package's enums: the constant's name in lower case ({@code NO_ANSWER} is {@code no_answer}). */
final class EnumWireNames {

  private EnumWireNames() {}

  static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The constant named {@code wire}; an unknown name fails with IllegalArgumentException listing the choices. */
  static <E extends Enum<E>> E parse(Class<E> type, String wire) {
    for (E e : type.getEnumConstants()) {
      if (name(e).equals(wire)) {
        return e;
      }
    }
    throw new IllegalArgumentException("'" + wire + "' is not one of "
        + Arrays.stream(type.getEnumConstants()).map(EnumWireNames::name).toList());
  }
}
