package com.fieldlead.sync.feed;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many changes a pull page reads from the store. A page is bounded by the client's {@code limit} and by about
 * {@code PullService.MAX_PAGE_BYTES} of changes; reading {@code limit} documents when only a third of them fit in the
 * byte budget makes the store fetch and decode the rest for nothing (and again on the next page). So each tenant's
 * recent bytes per change are remembered, and a page reads about as many documents as that budget holds, with a
 * margin. Reading fewer is always correct: the feed then says {@code hasMore} and the next page goes on from there.
 */
public final class PageSizing {

  /** Never read fewer than this many changes for a page (a burst of large changes must not make pages tiny). */
  static final int MIN_READ = 32;
  /** Read this much more than the estimate says fits, so that a page of slightly smaller changes still fills. */
  static final double MARGIN = 1.05;
  /** Tenants remembered before the memory starts over (an estimate, not state: losing it costs one full read). */
  static final int MAX_TENANTS = 10_000;

  private final int pageBytes;
  private final ConcurrentHashMap<String, Double> bytesPerChange = new ConcurrentHashMap<>();

  public PageSizing(int pageBytes) {
    this.pageBytes = pageBytes;
  }

  /** How many changes to read for a page the client allows {@code limit} of. */
  public int reads(String tenantId, int limit) {
    Double perChange = bytesPerChange.get(tenantId);
    if (perChange == null || perChange <= 0) {
      return limit;
    }
    long fits = (long) Math.ceil(pageBytes / perChange * MARGIN);
    return (int) Math.min(limit, Math.max(MIN_READ, fits));
  }

  /** Remembers what a page's changes weighed: {@code bytes} over {@code changes} converted changes. */
  public void observed(String tenantId, int changes, long bytes) {
    if (changes <= 0) {
      return;
    }
    if (bytesPerChange.size() >= MAX_TENANTS && !bytesPerChange.containsKey(tenantId)) {
      bytesPerChange.clear();
    }
    double sample = (double) bytes / changes;
    // the newest page counts most, but a single odd page does not swing the next read wholly
    bytesPerChange.merge(tenantId, sample, (old, now) -> old * 0.3 + now * 0.7);
  }
}
