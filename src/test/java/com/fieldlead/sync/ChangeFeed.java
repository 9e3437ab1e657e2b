package com.fieldlead.sync;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;

import com.fieldlead.store.MongoFutures;
import com.fieldlead.sync.feed.ScopedFeed;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Reads one page of a tenant's changes from one or more entity collections (leads, activities, tasks share the
 * tenant's sequence) in the window {@code checkpoint < seq <= watermark.safe}, in seq order. Every entity carries the
 * number of its last change in {@code seqField}; numbers are unique per tenant (the {@link ChangeSequencer} hands each
 * out once), which is what lets a page end exactly at its last number. A pull cost grows with the changes read, not
 * with the tenant's size, given an index {@code (tenantId, seqField)} on each source.
 *
 * <p>Test-side reader for {@code ChangeSequencerConcurrencyTest}: the served pull uses {@link ScopedFeed}, which also
 * applies the caller's scope and tolerates the shared numbers of bulk updates.
 */
public final class ChangeFeed {

  /**
   * One page: the changed documents in seq order, the checkpoint to resume from ({@code <= watermark.safe}) and
   * whether more changes below the watermark are waiting.
   */
  public record Page(List<Document> changes, long checkpoint, boolean hasMore) {
    public Page {
      changes = List.copyOf(changes);
    }
  }

  private final List<MongoCollection<Document>> sources;
  private final String seqField;

  public ChangeFeed(List<MongoCollection<Document>> sources, String seqField) {
    this.sources = List.copyOf(sources);
    this.seqField = Objects.requireNonNull(seqField, "seqField");
    if (this.sources.isEmpty()) {
      throw new IllegalArgumentException("a change feed needs at least one source collection");
    }
  }

  /**
   * The changes after {@code checkpoint}, at most {@code limit}, never beyond {@code watermark.safe()}. When the page
   * is not full the checkpoint moves to the watermark itself (nothing at or below it can still appear).
   */
  public Future<Page> page(String tenantId, long checkpoint, Watermark watermark, int limit) {
    Objects.requireNonNull(tenantId, "tenantId");
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit must be >= 1"));
    }
    long safe = watermark.safe();
    if (checkpoint >= safe) {
      return Future.succeededFuture(new Page(List.of(), checkpoint, false));
    }
    Bson window = and(eq("tenantId", tenantId), gt(seqField, checkpoint), lte(seqField, safe));
    List<Future<List<Document>>> reads = new ArrayList<>();
    for (MongoCollection<Document> source : sources) {
      reads.add(
          MongoFutures.list(source.find(window).sort(Sorts.ascending(seqField)).limit(limit + 1)));
    }
    return Future.all(reads).map(all -> {
      List<Document> merged = new ArrayList<>();
      for (int i = 0; i < reads.size(); i++) {
        merged.addAll(all.<List<Document>>resultAt(i));
      }
      merged.sort(Comparator.comparingLong(this::seq));
      if (merged.size() <= limit) {
        return new Page(merged, safe, false);
      }
      List<Document> page = merged.subList(0, limit);
      return new Page(page, seq(page.get(limit - 1)), true);
    });
  }

  private long seq(Document change) {
    return ((Number) change.get(seqField)).longValue();
  }
}
