package com.fieldlead.sync.feed;

import com.fieldlead.sync.port.ChangeFeed;
import com.fieldlead.sync.port.Stamped;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads one page of a tenant's changes in the window {@code checkpoint < syncSeq <= watermark.safe} from several
 * sources, each the caller's scope of one kind of change as its feature serves it, merged in seq order.
 *
 * <p>Unlike a plain one-collection feed, numbers may repeat: a bulk update (re-pointing a merged lead's activities) stamps all
 * its documents with one number. The page therefore ends <em>before</em> the first number it cannot take whole:
 * with {@code m} the first document past the limit, the page holds exactly the fetched documents with
 * {@code seq < seq(m)} and the checkpoint becomes {@code seq(m) - 1}. Every source that was cut returned {@code limit+1}
 * documents, all of them placed at or after {@code m} in the merged order except at most {@code limit}, so its unread
 * documents have {@code seq >= seq(m)}: nothing below the checkpoint is left unread. When every fetched document
 * shares one number, that number is read whole (unbounded) instead ({@link FeedWindow} decides).
 */
public final class ScopedFeed {

  /** One kind of change and the feed that serves the caller's scope of it. */
  public record Source(String kind, ChangeFeed<? extends Stamped> feed) {}

  /** A page of the feed: changes in order, the checkpoint after them, whether more follow. */
  public record FeedPage(List<FeedItem> items, long checkpoint, boolean hasMore) {}

  private final List<Source> sources;

  public ScopedFeed(List<Source> sources) {
    this.sources = List.copyOf(sources);
  }

  public Future<FeedPage> page(String tenantId, long checkpoint, long safe, int limit) {
    if (checkpoint >= safe) {
      return Future.succeededFuture(new FeedPage(List.of(), checkpoint, false));
    }
    return read(tenantId, checkpoint, safe, limit + 1).compose(merged -> {
      FeedWindow.Cut<FeedItem> cut = FeedWindow.cut(merged, FeedItem::seq, limit, safe);
      if (cut.page() != null) {
        return Future.succeededFuture(new FeedPage(cut.page(), cut.checkpoint(), cut.hasMore()));
      }
      long number = cut.checkpoint();
      return read(tenantId, number - 1, number, 0)
          .map(same -> new FeedPage(same, number, number < safe));
    });
  }

  private Future<List<FeedItem>> read(String tenantId, long after, long upTo, int limit) {
    List<Future<List<FeedItem>>> reads = new ArrayList<>();
    for (Source s : sources) {
      reads.add(s.feed()
          .read(tenantId, after, upTo, limit)
          .map(changes -> changes.stream().map(c -> new FeedItem(s.kind(), c)).toList()));
    }
    return Future.all(reads).map(all -> {
      List<FeedItem> merged = new ArrayList<>();
      for (int i = 0; i < reads.size(); i++) {
        merged.addAll(all.<List<FeedItem>>resultAt(i));
      }
      merged.sort(Comparator.comparingLong(FeedItem::seq));
      return merged;
    });
  }
}
