package com.fieldlead.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Constants;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * An H2 database whose collections use their indexes ({@link IndexedH2Collection}), whose non-unique indexes are
 * real ({@link SecondaryIndex}) instead of accepted and ignored, and whose unique indexes answer from a hash map
 * ({@link HashedUniqueIndex}).
 */
final class IndexedH2Database extends H2Database {

  /** The super constructor opens existing collections before this class's fields are set: it reads the store here. */
  private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

  private final MVStore mvStore;

  private IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
    super(databaseName, mvStore, cursorRegistry);
    this.mvStore = mvStore;
  }

  static IndexedH2Database open(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
    OPENING.set(mvStore);
    try {
      return new IndexedH2Database(databaseName, mvStore, cursorRegistry);
    } finally {
      OPENING.remove();
    }
  }

  private MVStore store() {
    return mvStore != null ? mvStore : OPENING.get();
  }

  @Override
  protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
    // the same maps H2Database names for a collection, so files written before this class open unchanged
    String fullName = getFullCollectionNamespace(collectionName);
    MVMap<Object, Document> dataMap = store().openMap("databases." + fullName);
    MVMap<String, Object> metaMap = store().openMap("meta." + fullName);
    return new IndexedH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
  }

  /** The same map H2Database opens for the index, answered from a hash map ({@link HashedUniqueIndex}). */
  @Override
  protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
      boolean sparse) {
    MVMap<KeyValue, Object> map = store().openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName);
    return new HashedUniqueIndex(store().getFileStore() == null ? null : map, indexName, keys, sparse);
  }

  @Override
  protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
      boolean sparse) {
    return new SecondaryIndex(indexName, keys, sparse, Constants.ID_FIELD);
  }
}
