package com.fieldlead.store.embedded;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A unique index other than {@code _id}, answered from a hash map on the normalised key (the key equality of
 * mongo-java-server's own indexes). It lives in memory: filled from the collection's stored documents when the
 * collection opens (only the indexed fields are decoded), then kept by every write.
 */
final class HashedUniqueIndex extends AbstractUniqueIndex<Object> {

  private final Map<KeyValue, Object> byKey = new ConcurrentHashMap<>();
  private final Set<String> roots;

  HashedUniqueIndex(String name, List<IndexKey> keys, boolean sparse, String idField) {
    super(name, keys, sparse);
    this.roots = Planner.roots(keys().stream().toList(), idField);
  }

  /** The top-level fields its keys read, and the id: all that filling it needs of a document. */
  Set<String> roots() {
    return roots;
  }

  @Override
  protected Object removeDocument(KeyValue keyValue) {
    return byKey.remove(keyValue);
  }

  @Override
  protected boolean putKeyPosition(KeyValue keyValue, Object position) {
    return byKey.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
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

  @Override
  public void drop() {
    byKey.clear();
  }
}
