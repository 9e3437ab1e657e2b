package com.fieldlead.privacy;

import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;

/**
 * Reads every collection of the store for the documents of a tenant that mention a person: their lead ids, email or
 * phone anywhere in the document. What a feature stores about a lead (history, activities, tasks, conflicts,
 * rejections, push results, notifications, webhook deliveries, events, attachments' records, import jobs, ...) is
 * found without a list of places that a new feature would have to remember to extend. It reads each of the tenant's
 * documents once: the cost of an export or an erasure is a pass over the tenant's data, which is acceptable for a
 * request a person makes rarely, not for a hot path.
 */
final class StoreSweep {

  private final MongoDatabase db;

  StoreSweep(MongoStore store) {
    this.db = store.database();
  }

  /** What marks a document as being about the person: ids as they are, the email and phone case-insensitively. */
  record Marks(List<String> ids, List<String> texts) {

    boolean in(String json) {
      for (String id : ids) {
        if (json.contains(id)) {
          return true;
        }
      }
      String lower = json.toLowerCase(Locale.ROOT);
      for (String t : texts) {
        if (lower.contains(t)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The tenant's documents that {@code marks} match, by collection (collections with none left out). */
  Future<Map<String, List<Document>>> find(String tenantId, Marks marks) {
    return MongoFutures.list(db.listCollectionNames()).compose(names -> {
      List<String> sorted = names.stream().sorted().toList();
      List<Future<List<Document>>> each = new ArrayList<>();
      for (String name : sorted) {
        each.add(MongoFutures.list(db.getCollection(name)
                .find(Filters.or(
                    Filters.eq("tenantId", tenantId), Filters.eq("metadata.tenantId", tenantId))))
            .map(docs -> docs.stream().filter(d -> marks.in(d.toJson())).toList()));
      }
      return Future.all(each).map(all -> {
        Map<String, List<Document>> found = new LinkedHashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
          List<Document> docs = all.resultAt(i);
          if (!docs.isEmpty()) {
            found.put(sorted.get(i), docs);
          }
        }
        return found;
      });
    });
  }

  /** Replaces a document by {@code _id} with {@code doc} in {@code collection}. */
  Future<Void> replace(String collection, Document doc) {
    return MongoFutures.one(
            db.getCollection(collection).replaceOne(Filters.eq("_id", doc.get("_id")), doc))
        .mapEmpty();
  }
}
