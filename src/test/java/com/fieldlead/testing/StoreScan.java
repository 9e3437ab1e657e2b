package com.fieldlead.testing;

import com.fieldlead.store.MongoFutures;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bson.Document;

/** Reads every document of every collection of a test server's store, as JSON: for "found nowhere" checks. */
public final class StoreScan {

  private StoreScan() {}

  /** Where {@code needle} occurs (case-insensitive): {@code collection: document JSON}, one per document. */
  public static List<String> find(TestServer server, String needle) {
    MongoDatabase db = server.server().store().database();
    String lower = needle.toLowerCase(Locale.ROOT);
    List<String> hits = new ArrayList<>();
    List<String> names = Await.onContext(server, () -> MongoFutures.list(db.listCollectionNames()));
    for (String name : names) {
      List<Document> docs =
          Await.onContext(server, () -> MongoFutures.list(db.getCollection(name).find()));
      for (Document d : docs) {
        String json = d.toJson();
        if (json.toLowerCase(Locale.ROOT).contains(lower)) {
          hits.add(name + ": " + json);
        }
      }
    }
    return hits;
  }

  /** How many collections the store has (to show a scan looked at more than a few). */
  public static int collections(TestServer server) {
    MongoDatabase db = server.server().store().database();
    return Await.onContext(server, () -> MongoFutures.list(db.listCollectionNames()))
        .size();
  }
}
