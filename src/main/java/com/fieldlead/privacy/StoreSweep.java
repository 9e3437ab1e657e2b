package com.fieldlead.privacy;

import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.bson.Document;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reads every collection of the store for the documents of a tenant that mention a person: their lead ids, email or
 * phone anywhere in the document. What a feature stores about a lead (history, activities, tasks, conflicts,
 * rejections, push results, notifications, webhook deliveries, events, attachments' records, import jobs, ...) is
 * found without a list of places that a new feature would have to remember to extend. It reads each of the tenant's
 * documents once, collection after collection, keeping only the matches: the cost of an export or an erasure is a
 * pass over the tenant's data, which is acceptable for a request a person makes rarely, not for a hot path.
 */
final class StoreSweep {

  /** Documents requested from the store at a time. */
  private static final int BATCH = 500;

  private final MongoDatabase db;

  StoreSweep(MongoStore store) {
    this.db = store.database();
  }

  /** What marks a document as being about the person: ids as they are, the email and phone case-insensitively. */
  record Marks(List<String> ids, List<String> texts) {

    /** Whether any string in {@code value} (a document, a list, a string; nested) holds a mark. */
    boolean in(Object value) {
      if (value instanceof String s) {
        return names(s);
      }
      if (value instanceof Map<?, ?> m) {
        for (Object v : m.values()) {
          if (in(v)) {
            return true;
          }
        }
        return false;
      }
      if (value instanceof List<?> list) {
        for (Object v : list) {
          if (in(v)) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean names(String s) {
      for (String id : ids) {
        if (s.contains(id)) {
          return true;
        }
      }
      if (texts.isEmpty()) {
        return false;
      }
      String lower = s.toLowerCase(Locale.ROOT);
      for (String t : texts) {
        if (lower.contains(t)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * The tenant's documents that {@code marks} match, by collection (collections with none left out). Collections are
   * read one after another and their documents filtered as they stream in, so what is held at a time is the matches,
   * not the tenant's data.
   */
  Future<Map<String, List<Document>>> find(String tenantId, Marks marks) {
    return MongoFutures.list(db.listCollectionNames()).compose(names -> {
      List<String> sorted = names.stream().sorted().toList();
      Map<String, List<Document>> found = new LinkedHashMap<>();
      Future<Void> chain = Future.succeededFuture();
      for (String name : sorted) {
        chain = chain
            .compose(v -> matching(
                db.getCollection(name)
                    .find(Filters.or(
                        Filters.eq("tenantId", tenantId),
                        Filters.eq("metadata.tenantId", tenantId)))
                    .batchSize(BATCH),
                marks::in))
            .map(docs -> {
              if (!docs.isEmpty()) {
                found.put(name, docs);
              }
              return null;
            });
      }
      return chain.map(found);
    });
  }

  /** The elements of {@code publisher} that {@code keep} accepts, requested a batch at a time. */
  private static Future<List<Document>> matching(
      Publisher<Document> publisher, Predicate<Document> keep) {
    Context context = Vertx.currentContext();
    Promise<List<Document>> promise = Promise.promise();
    publisher.subscribe(new Subscriber<Document>() {
      private final List<Document> kept = new ArrayList<>();
      private Subscription subscription;
      private int left;

      @Override
      public void onSubscribe(Subscription s) {
        subscription = s;
        left = BATCH;
        s.request(BATCH);
      }

      @Override
      public void onNext(Document d) {
        if (keep.test(d)) {
          kept.add(d);
        }
        if (--left == 0) {
          left = BATCH;
          subscription.request(BATCH);
        }
      }

      @Override
      public void onError(Throwable t) {
        finish(context, () -> promise.fail(t));
      }

      @Override
      public void onComplete() {
        finish(context, () -> promise.complete(kept));
      }
    });
    return promise.future();
  }

  private static void finish(Context context, Runnable action) {
    if (context == null) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /** Replaces a document by {@code _id} with {@code doc} in {@code collection}. */
  Future<Void> replace(String collection, Document doc) {
    return MongoFutures.one(
            db.getCollection(collection).replaceOne(Filters.eq("_id", doc.get("_id")), doc))
        .mapEmpty();
  }
}
