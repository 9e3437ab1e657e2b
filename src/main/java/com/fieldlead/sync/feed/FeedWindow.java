package com.fieldlead.sync.feed;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Where a feed page read with {@code limit + 1} changes per source ends ({@link ScopedFeed}'s rule, pure): everything
 * when no more than {@code limit} came back; otherwise before the number of the first change past the limit, with
 * the checkpoint just below it; and when every change read shares that number, nothing yet: that number must be read
 * whole ({@link Cut#page()} null, {@link Cut#checkpoint()} the number).
 */
public final class FeedWindow {

  private FeedWindow() {}

  /**
   * A cut: the changes of the page with the checkpoint after them and whether more follow; or, with a null page, the
   * one number to read whole.
   */
  record Cut<T>(List<T> page, long checkpoint, boolean hasMore) {}

  /** Cuts {@code merged} (in number order, at most {@code limit + 1} per source) read up to {@code safe}. */
  static <T> Cut<T> cut(List<T> merged, ToLongFunction<T> seq, int limit, long safe) {
    if (merged.size() <= limit) {
      return new Cut<>(merged, safe, false);
    }
    long first = seq.applyAsLong(merged.get(limit));
    List<T> page = merged.stream().filter(i -> seq.applyAsLong(i) < first).toList();
    if (!page.isEmpty()) {
      return new Cut<>(page, first - 1, true);
    }
    return new Cut<>(null, first, first < safe);
  }
}
