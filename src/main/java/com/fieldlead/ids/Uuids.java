package com.fieldlead.ids;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one definition of a UUID in text (any version, either case), as phones send the ids they create offline
 * (sync invariant 1): leads, activities, tasks and push mutations all check ids against it.
 */
public final class Uuids {

  private static final Pattern TEXT = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Uuids() {}

  /** True when {@code text} is a UUID in its 8-4-4-4-12 hex form; false for null. */
  public static boolean isUuid(@Nullable String text) {
    return text != null && TEXT.matcher(text).matches();
  }
}
