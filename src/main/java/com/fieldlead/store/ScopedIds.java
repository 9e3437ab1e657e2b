package com.fieldlead.store;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-time step that moved ids chosen by phones (activities, tasks, devices, ...) out of {@code _id}, which is
 * unique across the install, into a field that is unique per tenant: every document written before keeps its
 * {@code _id} and gets the same value in that field. Runs before the indexes are ensured (the new unique index on
 * tenant and id needs the field filled in); idempotent, so instances starting together may both run it; once done,
 * a marker document makes later starts skip it at the cost of one read.
 */
public final class ScopedIds {

  private static final Logger LOG = LoggerFactory.getLogger(ScopedIds.class);
  static final String COLLECTION = "migrations";
  static final String MARKER = "tenant-scoped-ids";
  private static final int BATCH = 500;

  private ScopedIds() {}

  /** Fills {@code field} from {@code _id} where it is missing, for each collection named in {@code fields}. */
  public static Future<Void> migrate(MongoStore store, Map<String, String> fields) {
    var migrations = store.collection(COLLECTION);
    return MongoFutures.first(migrations.find(Filters.eq("_id", MARKER)).limit(1))
        .compose(done -> {
          if (done.isPresent()) {
            return Future.succeededFuture();
          }
          Future<Long> moved = Future.succeededFuture(0L);
          for (Map.Entry<String, String> e : fields.entrySet()) {
            moved = moved.compose(n -> fill(store, e.getKey(), e.getValue(), n));
          }
          return moved.compose(n -> {
            if (n > 0) {
              LOG.info("ids scoped by tenant [documents={}, collections={}]", n, fields.keySet());
            }
            return MongoFutures.one(migrations.replaceOne(
                    Filters.eq("_id", MARKER),
                    new Document("_id", MARKER),
                    new ReplaceOptions().upsert(true)))
                .<Void>mapEmpty();
          });
        });
  }

  private static Future<Long> fill(
      MongoStore store, String collectionName, String field, long sofar) {
    var collection = store.collection(collectionName);
    return MongoFutures.list(collection
            .find(Filters.exists(field, false))
            .projection(Projections.include("_id"))
            .limit(BATCH))
        .compose(docs -> {
          if (docs.isEmpty()) {
            return Future.succeededFuture(sofar);
          }
          List<WriteModel<Document>> writes = new ArrayList<>(docs.size());
          for (Document d : docs) {
            writes.add(new UpdateOneModel<>(
                Filters.eq("_id", d.get("_id")), Updates.set(field, d.get("_id"))));
          }
          return MongoFutures.one(collection.bulkWrite(writes))
              .compose(r -> docs.size() < BATCH
                  ? Future.succeededFuture(sofar + docs.size())
                  : fill(store, collectionName, field, sofar + docs.size()));
        });
  }
}
