package com.fieldlead.sync;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;

import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.MongoFutures;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Reads one page of a tenant's changes in the window {@code checkpoint < syncSeq <= watermark.safe} from several
 * sources, each with its own scope filter, merged in seq order.
 *
 * <p>Unlike a plain one-collection feed, numbers may repeat: a bulk update (re-pointing a merged lead's activities) stamps all
 * its documents with one number. The page therefore ends <em>before</em> the first number it cannot take whole:
 * with {@code m} the first document past the limit, the page holds exactly the fetched documents with
 * {@code seq < seq(m)} and the checkpoint becomes {@code seq(m) - 1}. Every source that was cut returned {@code limit+1}
 * documents, all of them placed at or after {@code m} in the merged order except at most {@code limit}, so its unread
 * documents have {@code seq >= seq(m)}: nothing below the checkpoint is left unread. When every fetched document
 * shares one number, that number is read whole (unbounded) instead.
 */
final class ScopedFeed {

  /**
   * One source collection and the caller's scope on it (null: the whole tenant), and the fields to read (null: whole
   * documents; a projection must keep the {@code syncSeq} stamp).
   */
  record Source(String kind, MongoCollection<Document> collection, Bson scope, Bson projection) {
    Source(String kind, MongoCollection<Document> collection, Bson scope) {
      this(kind, collection, scope, null);
    }
  }

  /** A fetched document and where it came from. */
  record Item(String kind, Document doc, long seq) {}

  /** A page of the feed: documents in change order, the checkpoint after them, whether more follow. */
  record FeedPage(List<Item> items, long checkpoint, boolean hasMore) {}

  private final List<Source> sources;

  ScopedFeed(List<Source> sources) {
    this.sources = List.copyOf(sources);
  }

  Future<FeedPage> page(String tenantId, long checkpoint, long safe, int limit) {
    if (checkpoint >= safe) {
      return Future.succeededFuture(new FeedPage(List.of(), checkpoint, false));
    }
    Bson window = and(
        eq("tenantId", tenantId),
        gt(ChangeStamper.FIELD, checkpoint),
        lte(ChangeStamper.FIELD, safe));
    return read(window, limit + 1).compose(merged -> {
      if (merged.size() <= limit) {
        return Future.succeededFuture(new FeedPage(merged, safe, false));
      }
      long cut = merged.get(limit).seq();
      List<Item> page = merged.stream().filter(i -> i.seq() < cut).toList();
      if (!page.isEmpty()) {
        return Future.succeededFuture(new FeedPage(page, cut - 1, true));
      }
      return read(and(eq("tenantId", tenantId), eq(ChangeStamper.FIELD, cut)), 0)
          .map(same -> new FeedPage(same, cut, cut < safe));
    });
  }

  private Future<List<Item>> read(Bson window, int limit) {
    List<Future<List<Item>>> reads = new ArrayList<>();
    for (Source s : sources) {
      Bson filter = s.scope() == null ? window : and(window, s.scope());
      var find = s.collection().find(filter).sort(Sorts.ascending(ChangeStamper.FIELD));
      if (s.projection() != null) {
        find = find.projection(s.projection());
      }
      reads.add(MongoFutures.list(limit > 0 ? find.limit(limit) : find)
          .map(docs -> docs.stream().map(d -> new Item(s.kind(), d, seqOf(d))).toList()));
    }
    return Future.all(reads).map(all -> {
      List<Item> merged = new ArrayList<>();
      for (int i = 0; i < reads.size(); i++) {
        merged.addAll(all.<List<Item>>resultAt(i));
      }
      merged.sort(Comparator.comparingLong(Item::seq));
      return merged;
    });
  }

  static long seqOf(Document d) {
    Object seq = d.get(ChangeStamper.FIELD);
    return seq instanceof Number n ? n.longValue() : 0L;
  }
}
