package com.fieldlead.store;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVMap;

/**
 * A unique index answered from a hash map. mongo-java-server's H2 unique index keeps its keys in an MVMap whose key
 * type H2 cannot compare natively, so each of the ~log2(n) comparisons of a lookup or insert wrote both keys with Java
 * serialization and compared the bytes: about half of the embedded store's CPU under a batch of captures, and every
 * find by id paid it too. Here a lookup or duplicate check is one hash lookup on the normalised key (the same key
 * equality mongo-java-server's memory backend uses). On a durable store the index's MVMap is still written (same map,
 * same order, so files stay readable by either version) and read once when the database opens; in memory it is not
 * needed.
 */
final class HashedUniqueIndex extends AbstractUniqueIndex<Object> {

  private final MVMap<KeyValue, Object> durable;
  private final Map<KeyValue, Object> byKey = new ConcurrentHashMap<>();

  /** {@code durable}: the index's map in a file-backed store, kept written; null in memory. */
  HashedUniqueIndex(MVMap<KeyValue, Object> durable, String name, List<IndexKey> keys, boolean sparse) {
    super(name, keys, sparse);
    this.durable = durable;
    if (durable != null) {
      byKey.putAll(durable);
    }
  }

  @Override
  protected Object removeDocument(KeyValue keyValue) {
    Object removed = byKey.remove(keyValue);
    if (durable != null && removed != null) {
      durable.remove(keyValue);
    }
    return removed;
  }

  @Override
  protected boolean putKeyPosition(KeyValue keyValue, Object position) {
    Object value = Missing.ofNullable(position);
    if (byKey.putIfAbsent(keyValue, value) != null) {
      return false;
    }
    if (durable != null) {
      durable.put(keyValue, value);
    }
    return true;
  }

  @Override
  protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
    return byKey.entrySet();
  }

  @Override
  protected Object getPosition(KeyValue keyValue) {
    return byKey.get(keyValue);
  }

  @Override
  public long getCount() {
    return byKey.size();
  }

  @Override
  public boolean isEmpty() {
    return byKey.isEmpty();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }

  /** The index is gone (its map, on disk, is removed by the database): forget its keys too. */
  @Override
  public void drop() {
    byKey.clear();
  }
}
