package com.fieldlead.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The two reads a sync pull makes of a collection whose writes are {@link ChangeStamper stamped}: its changes in a
 * window of change numbers (in number order), and the ids and versions of its records in id order. Each feature that
 * serves sync its changes reads its own collections with these, so the query shapes (and the indexes they need) are
 * the same for every feature.
 */
public final class StampedReads {

  private static final String TENANT = "tenantId";
  private static final String VERSION = "version";

  private StampedReads() {}

  /**
   * The tenant's documents numbered in {@code (after, upTo]} within {@code scope} (null: all of the tenant's), in
   * number order, at most {@code limit} (0: all), with the fields of {@code projection} (null: whole documents; a
   * projection must keep {@link ChangeStamper#FIELD}).
   */
  public static Future<List<Document>> window(
      MongoCollection<Document> collection,
      String tenantId,
      long after,
      long upTo,
      Bson scope,
      Bson projection,
      int limit) {
    // one number alone is read by equality, the shape a bulk update's shared number was always read
    // with
    Bson window = upTo == after + 1
        ? and(eq(TENANT, tenantId), eq(ChangeStamper.FIELD, upTo))
        : and(eq(TENANT, tenantId), gt(ChangeStamper.FIELD, after), lte(ChangeStamper.FIELD, upTo));
    Bson filter = scope == null ? window : and(window, scope);
    var find = collection.find(filter).sort(Sorts.ascending(ChangeStamper.FIELD));
    if (projection != null) {
      find = find.projection(projection);
    }
    return MongoFutures.list(limit > 0 ? find.limit(limit) : find);
  }

  /** The change number a document was stamped with (0 when it has none). */
  public static long seqOf(Document d) {
    Object seq = d.get(ChangeStamper.FIELD);
    return seq instanceof Number n ? n.longValue() : 0L;
  }

  /**
   * The {@code idField} and {@code version} of the tenant's documents matching every one of {@code filters} (nulls
   * skipped), in id order after {@code afterId} (null: from the first), at most {@code limit}.
   */
  public static Future<List<Document>> idsAndVersions(
      MongoCollection<Document> collection,
      String tenantId,
      String idField,
      String afterId,
      int limit,
      Bson... filters) {
    List<Bson> and = new ArrayList<>(List.of(Filters.eq(TENANT, tenantId)));
    for (Bson f : filters) {
      if (f != null) {
        and.add(f);
      }
    }
    if (afterId != null) {
      and.add(Filters.gt(idField, afterId));
    }
    return MongoFutures.list(collection
        .find(Filters.and(and))
        .projection(Projections.include(idField, VERSION))
        .sort(Sorts.ascending(idField))
        .limit(limit));
  }

  /** A stored document's version. */
  public static long versionOf(Document d) {
    return ((Number) d.get(VERSION)).longValue();
  }
}
