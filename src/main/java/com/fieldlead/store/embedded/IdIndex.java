package com.fieldlead.store.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code _id} index, answered by the store itself: a document's key is its normalised id, so "is there a document
 * with this id" is a key lookup and the index needs no memory of its own (a hash map of every id of every collection
 * would be the embedded store's largest memory cost).
 */
final class IdIndex extends AbstractUniqueIndex<Object> {

  private KvCollection collection;
  private final Set<String> idFields;

  IdIndex(String name, List<IndexKey> keys) {
    super(name, keys, false);
    this.idFields = Set.copyOf(keys());
  }

  /** The collection whose keys it reads (bound when the collection takes the index). */
  void bind(KvCollection collection) {
    this.collection = collection;
  }

  @Override
  protected Object getPosition(KeyValue keyValue) {
    Object position = Keys.position(keyValue.get(0));
    return collection.contains(position) ? position : null;
  }

  /** The document itself is the entry: writing it is adding it. */
  @Override
  protected boolean putKeyPosition(KeyValue keyValue, Object position) {
    return true;
  }

  /** Nothing to add: the collection checked the id before it wrote the document, which is the entry. */
  @Override
  public synchronized void add(
      Document document, Object position, MongoCollection<Object> collection) {
    // the stored document is the index entry
  }

  /**
   * The position of {@code document}, which the library asks of a stored document it is about to update: while the
   * collection applies an update the answer is the document's id, without asking the store whether it is there.
   */
  @Override
  public Object getPosition(Document document) {
    if (collection.applyingUpdate() && document.get(keys().get(0)) != null) {
      return Keys.position(document.get(keys().get(0)));
    }
    return super.getPosition(document);
  }

  /** An update cannot change a document's id (the library refuses it before): nothing to check. */
  @Override
  public void checkUpdate(
      Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    if (!this.collection.updateLeaves(idFields)) {
      super.checkUpdate(oldDocument, newDocument, collection);
    }
  }

  /** An update cannot change a document's id: its entry, the stored document, stays. */
  @Override
  public void updateInPlace(
      Document oldDocument,
      Document newDocument,
      Object position,
      MongoCollection<Object> collection) {
    if (!this.collection.updateLeaves(idFields)) {
      super.updateInPlace(oldDocument, newDocument, position, collection);
    }
  }

  /** The position of the document with this id; removing the document (by the collection) removes the entry. */
  @Override
  protected Object removeDocument(KeyValue keyValue) {
    return getPosition(keyValue);
  }

  @Override
  protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
    return () -> collection
        .positions()
        .<Map.Entry<KeyValue, Object>>map(
            p -> new AbstractMap.SimpleImmutableEntry<>(new KeyValue(p), p))
        .iterator();
  }

  @Override
  public long getCount() {
    return collection.count();
  }

  /** Never "empty": the library would fill an empty index from a scan, and this one holds nothing to fill. */
  @Override
  public boolean isEmpty() {
    return false;
  }

  @Override
  public long getDataSize() {
    return getCount();
  }

  @Override
  public void drop() {
    // nothing of its own to drop
  }
}
