package com.fieldlead.activity.model;

import java.util.List;

/** One page of a list (activities, tasks) and the cursor of the next; {@code nextCursor} is null on the last page. */
public record CursorPage<T>(List<T> items, String nextCursor) {
  public CursorPage {
    items = List.copyOf(items);
  }
}
