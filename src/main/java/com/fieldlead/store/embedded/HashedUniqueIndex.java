package com.fieldlead.store.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A unique index other than {@code _id}, answered from a hash map on the normalised key (the key equality of
 * mongo-java-server's own indexes). It lives in memory: filled from the collection's stored documents when the
 * collection opens (only the indexed fields are decoded), then kept by every write.
 *
 * <p>A compound one also keeps its keys in order ({@link #order()}, a {@link SecondaryIndex} built on the first query
 * that needs it), so {@code {tenantId}} sorted by {@code version} uses {@code (tenantId, version)} as MongoDB would.
 */
final class HashedUniqueIndex extends AbstractUniqueIndex<Object> {

  private final Map<KeyValue, Object> byKey = new ConcurrentHashMap<>();
  private final Set<String> roots;
  /** The top-level fields its keys read (not the id): an update that touches none of them leaves its entries. */
  private final Set<String> keyRoots;

  private final SecondaryIndex order;
  /** Its key fields when all are top-level (no path): {@link #getKeyValues}'s fast case; null otherwise. */
  private final String[] topLevelKeys;

  HashedUniqueIndex(String name, List<IndexKey> keys, boolean sparse, String idField) {
    super(name, keys, sparse);
    this.roots = Planner.roots(keys().stream().toList(), idField);
    this.keyRoots = Planner.roots(keys().stream().toList(), null);
    this.order =
        keys.size() > 1 ? new SecondaryIndex(name + "$order", keys, sparse, idField) : null;
    List<String> fields = keys();
    this.topLevelKeys = fields.stream().anyMatch(k -> k.contains(".") || k.startsWith("$"))
        ? null
        : fields.toArray(String[]::new);
  }

  /**
   * The library's key of {@code document}, computed directly where every key field is top-level and holds a string
   * (fieldlead's unique keys: tenant, id, e-mail): a string's normalised value is itself, so the key is the same as
   * the library's generic path makes, which splits each field's path and builds a map per document (a third of the
   * time a restart spends filling this index from 10,000 stored leads). Any other value goes the library's way.
   */
  @Override
  public Set<KeyValue> getKeyValues(Document document) {
    if (topLevelKeys == null) {
      return super.getKeyValues(document);
    }
    Object[] values = new Object[topLevelKeys.length];
    for (int i = 0; i < values.length; i++) {
      if (!(document.get(topLevelKeys[i]) instanceof String value)) {
        return super.getKeyValues(document);
      }
      values[i] = value;
    }
    return Set.of(new KeyValue(values));
  }

  /** Its keys in order, for prefixes and ranges (a compound index); null for a single field. */
  SecondaryIndex order() {
    return order;
  }

  @Override
  public synchronized void add(
      Document document, Object position, MongoCollection<Object> collection) {
    super.add(document, position, collection);
    if (order != null) {
      order.add(document, position, collection);
    }
  }

  /**
   * Adds a stored document while the index is filled from the store: one computation of its keys, a duplicate (two
   * stored documents with one key: a store written by something that did not check) fails the fill.
   */
  synchronized void load(Document document, Object position, MongoCollection<Object> collection) {
    if (isSparse()
        && keys().stream()
            .allMatch(k -> de.bwaldvogel.mongo.backend.Utils.getSubdocumentValue(document, k)
                instanceof Missing)) {
      return; // a sparse index leaves out a document that has none of its fields
    }
    for (KeyValue key : getKeyValues(document)) {
      if (!putKeyPosition(key, position)) {
        throw new de.bwaldvogel.mongo.exception.DuplicateKeyError(this, collection, getKeys(), key);
      }
    }
  }

  @Override
  public synchronized Object remove(Document document) {
    if (order != null) {
      order.remove(document);
    }
    return super.remove(document);
  }

  @Override
  public synchronized void checkUpdate(
      Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    if (!(collection instanceof KvCollection kv && kv.updateLeaves(keyRoots))) {
      super.checkUpdate(oldDocument, newDocument, collection);
    }
  }

  @Override
  public void updateInPlace(
      Document oldDocument,
      Document newDocument,
      Object position,
      MongoCollection<Object> collection) {
    if (!(collection instanceof KvCollection kv && kv.updateLeaves(keyRoots))) {
      super.updateInPlace(oldDocument, newDocument, position, collection);
    }
  }

  // updateInPlace (inherited) moves a changed key through remove and add above, which keep the
  // order too

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
    if (order != null) {
      order.reset();
    }
  }
}
