package com.fieldlead.sync.feed;

import com.fieldlead.sync.protocol.Change;
import com.fieldlead.sync.protocol.RawState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where a delta page ends (sync invariant 2): changes are added in the feed's order with their change number and
 * about how many bytes of JSON each is; the page is cut at the first change that takes it past {@code maxBytes}, never
 * between two changes stamped with the same number (the checkpoint is a number: a page that ended inside one would
 * skip the rest). When every change up to the cut shares one number, that number's changes are sent whole, however
 * large. {@link #add} says when no further change can be on the page, so the caller stops converting there. Pure.
 */
public final class PageCut {

  /** A page as cut: its changes, the checkpoint after them, and whether more changes follow. */
  public record DeltaPage(List<Change> changes, long checkpoint, boolean hasMore) {}

  private record Sized(Change change, long seq, int bytes) {}

  private final int maxBytes;
  private final List<Sized> added = new ArrayList<>();
  private long bytes;
  private boolean oneNumber = true;
  private boolean full;

  public PageCut(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Adds the next change of the feed. Answers false once the page is full: the change just added is the first past
   * the budget, and the changes so far carry more than one number (the cut falls at or before it). True while more
   * may be added.
   */
  public boolean add(Change change, long seq, int size) {
    if (full) {
      throw new IllegalStateException("the page is full: no change can be added");
    }
    boolean underBefore = added.size() <= 1 || bytes <= maxBytes;
    added.add(new Sized(change, seq, size));
    bytes += size;
    oneNumber = oneNumber && seq == added.get(0).seq();
    full = added.size() > 1 && underBefore && bytes > maxBytes && !oneNumber;
    return !full;
  }

  /** How many changes were added. */
  public int count() {
    return added.size();
  }

  /** The bytes of the changes added. */
  public long bytes() {
    return bytes;
  }

  /**
   * The page: everything added, with the feed's own checkpoint and {@code hasMore}, when nothing had to be cut;
   * otherwise the changes before the cut, with the number of the last one sent as the checkpoint, and more to come.
   */
  public DeltaPage page(long feedCheckpoint, boolean feedHasMore) {
    int total = 0;
    int end = added.size();
    for (int i = 0; i < added.size(); i++) {
      total += added.get(i).bytes();
      if (total > maxBytes && i > 0) {
        end = i;
        break;
      }
    }
    if (end == added.size()) {
      return new DeltaPage(changes(added.size()), feedCheckpoint, feedHasMore);
    }
    while (end > 1 && added.get(end - 1).seq() == added.get(end).seq()) {
      end--;
    }
    if (added.get(end - 1).seq() == added.get(end).seq()) {
      return new DeltaPage(
          changes(added.size()), feedCheckpoint, feedHasMore); // one number past the budget: whole
    }
    return new DeltaPage(changes(end), added.get(end - 1).seq(), true);
  }

  private List<Change> changes(int end) {
    return added.subList(0, end).stream().map(Sized::change).toList();
  }

  /**
   * About the length of a change's JSON (within a few per cent for plain field values; a lead's state is already
   * written, so exact), without writing it: the page budget is "about 1 MB", and serialising every change twice (once
   * to measure, once to answer) cost a fifth of a large pull.
   */
  public static int approxJsonLength(Change c) {
    int state =
        c.state() instanceof RawState raw ? raw.json().length() : approxJsonLength(c.state());
    return 72 + c.entityId().length() + state;
  }

  private static int approxJsonLength(Object v) {
    if (v == null) {
      return 4;
    }
    if (v instanceof CharSequence text) {
      return text.length() + 2;
    }
    if (v instanceof Map<?, ?> map) {
      int n = 2;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        n += String.valueOf(e.getKey()).length() + 4 + approxJsonLength(e.getValue());
      }
      return n;
    }
    if (v instanceof Collection<?> list) {
      int n = 2;
      for (Object x : list) {
        n += approxJsonLength(x) + 1;
      }
      return n;
    }
    if (v instanceof Boolean || v instanceof Number) {
      return String.valueOf(v).length();
    }
    return String.valueOf(v).length() + 2;
  }
}
