package com.fieldlead.store.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Constants;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;

/**
 * A database of the embedded store: {@link KvCollection}s, their {@code _id} index answered by the store's keys,
 * other unique indexes as hash maps and non-unique ones as {@link SecondaryIndex}es (mongo-java-server accepts those
 * and ignores them). An aggregation that starts with {@code $match} reads through the collection's planner instead of
 * the library's full scan, so a count or a grouped report over a tenant uses its indexes too.
 */
final class KvDatabase extends AbstractSynchronizedMongoDatabase<Object> {

  private final RocksEngine engine;

  KvDatabase(String databaseName, CursorRegistry cursorRegistry, RocksEngine engine) {
    super(databaseName, cursorRegistry);
    this.engine = engine;
    initializeNamespacesAndIndexes();
  }

  @Override
  protected MongoCollection<Object> openOrCreateCollection(
      String collectionName, CollectionOptions options) {
    return new KvCollection(this, collectionName, options, cursorRegistry, engine);
  }

  @Override
  protected Index<Object> openOrCreateUniqueIndex(
      String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    if (keys.size() == 1 && keys.get(0).getKey().equals(Constants.ID_FIELD) && !sparse) {
      return new IdIndex(indexName, keys);
    }
    return new HashedUniqueIndex(indexName, keys, sparse, Constants.ID_FIELD);
  }

  @Override
  protected Index<Object> openOrCreateSecondaryIndex(
      String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    return new SecondaryIndex(indexName, keys, sparse, Constants.ID_FIELD);
  }

  @Override
  public Document handleCommand(
      Channel channel,
      String command,
      Document query,
      DatabaseResolver databaseResolver,
      Oplog oplog) {
    if (command.equalsIgnoreCase("createIndexes") && allExist(query)) {
      // every server start declares all its indexes again: answer at once when each exists as
      // declared, instead of
      // looking each one up in the index catalog (a collection without an _id, read whole every
      // time)
      int count = countIndexes();
      return new Document("numIndexesBefore", count)
          .append("numIndexesAfter", count)
          .append("ok", 1.0);
    }
    if (command.equalsIgnoreCase("aggregate")) {
      if (query.get("cursor") instanceof Document cursor && !cursor.isEmpty()) {
        // the reactive driver asks for a batch size (its subscriber's demand); this store answers
        // every aggregation in
        // its first batch anyway, and would log a warning for each such request
        query.put("cursor", new Document());
      }
      Document answer = aggregateThroughIndexes(query, databaseResolver, oplog);
      if (answer != null) {
        return answer;
      }
    }
    if ((command.equalsIgnoreCase("update") || command.equalsIgnoreCase("delete"))
        && query.get(command) instanceof String name
        && resolveCollection(name, false) instanceof KvCollection c) {
      // a bulk write's statements are one command: one atomic batch (and one write to the log), not
      // one per statement
      return c.asOneBatch(
          () -> super.handleCommand(channel, command, query, databaseResolver, oplog));
    }
    return super.handleCommand(channel, command, query, databaseResolver, oplog);
  }

  /** Whether every index a createIndexes command names exists already with its keys, uniqueness and sparseness. */
  private boolean allExist(Document query) {
    if (!(query.get("createIndexes") instanceof String name)
        || !(query.get("indexes") instanceof List<?> wanted)) {
      return false;
    }
    MongoCollection<Object> collection = resolveCollection(name, false);
    if (collection == null) {
      return false;
    }
    for (Object w : wanted) {
      if (!(w instanceof Document d)
          || !(d.get("key") instanceof Document key)
          || !(d.get("name") instanceof String n)) {
        return false;
      }
      Index<Object> existing = collection.getIndexes().stream()
          .filter(i -> i.getName().equals(n))
          .findFirst()
          .orElse(null);
      if (existing == null
          || existing.isUnique() != Boolean.TRUE.equals(d.get("unique"))
          || sparse(existing) != Boolean.TRUE.equals(d.get("sparse"))
          || !sameKeys(existing.getKeys(), key)) {
        return false;
      }
    }
    return true;
  }

  private static boolean sparse(Index<Object> index) {
    return index instanceof SecondaryIndex s
        ? s.declaredSparse()
        : index.toIndexDescription().get("sparse") != null;
  }

  private static boolean sameKeys(List<IndexKey> keys, Document wanted) {
    if (keys.size() != wanted.size()) {
      return false;
    }
    int i = 0;
    for (Map.Entry<String, Object> e : wanted.entrySet()) {
      IndexKey k = keys.get(i++);
      boolean ascending = !(e.getValue() instanceof Number n) || n.doubleValue() > 0;
      if (!k.getKey().equals(e.getKey()) || k.isAscending() != ascending) {
        return false;
      }
    }
    return true;
  }

  /**
   * A pipeline whose first stage is {@code $match}: the match is the collection's query (planned like a find), the
   * other stages run on what it found. Null when the library's own path must answer (another first stage, a change
   * stream, no such collection).
   */
  private Document aggregateThroughIndexes(
      Document query, DatabaseResolver databaseResolver, Oplog oplog) {
    Object target = query.get("aggregate");
    if (!(target instanceof String collectionName)) {
      return null;
    }
    List<Document> pipeline = Aggregation.parse(query.get("pipeline"));
    if (pipeline.isEmpty()
        || !(pipeline.get(0).get("$match") instanceof Document match)
        || pipeline.stream().anyMatch(stage -> stage.containsKey("$changeStream"))) {
      return null;
    }
    MongoCollection<Object> collection = resolveCollection(collectionName, false);
    if (collection == null) {
      return null;
    }
    Aggregation rest = Aggregation.fromPipeline(
        pipeline.subList(1, pipeline.size()), databaseResolver, this, collection, oplog);
    rest.validate(query);
    List<Document> result = rest.runStages(collection.handleQueryAsStream(match));
    Document cursor = new Document("id", 0L)
        .append("ns", getFullCollectionNamespace(collectionName))
        .append("firstBatch", result);
    return new Document("cursor", cursor).append("ok", 1.0);
  }

  @Override
  protected long getStorageSize() {
    return engine.storageBytes();
  }

  @Override
  protected long getFileSize() {
    return getStorageSize();
  }
}
