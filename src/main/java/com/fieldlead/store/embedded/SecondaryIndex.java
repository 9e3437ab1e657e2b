package com.fieldlead.store.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A non-unique (compound) index for the embedded store, which otherwise accepts such indexes and ignores them. It lives
 * in memory: built from the collection the first time a query can use it (so opening a large store file stays fast)
 * and kept up to date by every write after that. Keys are ordered with the store's own value order, so a query can
 * narrow by equality on leading keys and a range on the next one; {@link Planner} then applies the full query to the
 * candidates, so an index only ever narrows, never decides.
 *
 * <p>Not thread-safe on its own: every use happens under the owning collection's lock.
 */
final class SecondaryIndex extends Index<Object> {

  private static final Comparator<Object> VALUES = ValueComparator.asc();
  private static final Comparator<List<Object>> KEYS = (a, b) -> {
    for (int i = 0; i < a.size(); i++) {
      int c = VALUES.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  };

  private final boolean sparse;
  private final String idField;
  /** The top-level fields its keys read (not the id). */
  private final Set<String> keyRoots;
  /** Key to its position, or to a {@link Many} when several documents share the key (most keys have one). */
  private final NavigableMap<List<Object>, Object> entries = new TreeMap<>(KEYS);
  /**
   * Documents with no key (an empty array in a key field): MongoDB indexes them as null; here they always qualify
   * (a sparse index leaves them out).
   */
  private final Set<Object> keyless = new LinkedHashSet<>();

  private boolean built;
  private boolean unusable;

  /**
   * The super class is told "sparse" whatever the options: it then accepts that {@link #remove} names no position
   * (the collection's _id index does), as it does for the library's own placeholder index.
   */
  SecondaryIndex(String name, List<IndexKey> keys, boolean sparse, String idField) {
    super(name, keys, true);
    this.sparse = sparse;
    this.idField = idField;
    this.keyRoots = Planner.roots(keys(), null);
  }

  /** Whether it was declared sparse (the super class is always told so, see the constructor). */
  boolean declaredSparse() {
    return sparse;
  }

  /** Whether a query may use it: built, and no document it could not represent (parallel arrays) was met. */
  boolean usable() {
    return built && !unusable;
  }

  boolean unusable() {
    return unusable;
  }

  /** Forgets everything: the next query that could use it builds it again from the stored documents. */
  void reset() {
    entries.clear();
    keyless.clear();
    built = false;
    unusable = false;
  }

  /** Fills the index from every stored document (once, on first use). */
  void build(Stream<DocumentWithPosition<Object>> documents) {
    entries.clear();
    keyless.clear();
    built = true;
    documents.forEach(d -> put(d.getDocument(), d.getPosition()));
  }

  List<String> fields() {
    return keys();
  }

  /** The top-level fields its keys read (a dotted key reads its first segment): all a build needs of a document. */
  Set<String> roots() {
    return Planner.roots(keys(), idField);
  }

  /**
   * Positions whose key starts with {@code prefix} (equality on the leading keys) and whose next key lies within
   * {@code low..high} (inclusive; null means unbounded), in key order, at most {@code max} + 1 of them when
   * {@code max} is not negative: enough for the caller to know that this index would yield more than {@code max}.
   */
  List<Object> candidates(List<Object> prefix, Object low, Object high, int max) {
    List<Object> from = bound(prefix, low, MinKey.getInstance());
    List<Object> to = bound(prefix, high, MaxKey.getInstance());
    Set<Object> out = new LinkedHashSet<>(keyless);
    if (KEYS.compare(from, to) > 0) {
      return new ArrayList<>(out); // an empty range ({$gt: 5, $lt: 3})
    }
    for (Map.Entry<List<Object>, Object> e :
        entries.subMap(from, true, to, true).entrySet()) {
      if (e.getValue() instanceof Many many) {
        // one key may hold a whole tenant's positions (every capture of one rep at one event): stop
        // inside it too
        for (Object position : many) {
          out.add(position);
          if (max >= 0 && out.size() > max) {
            return new ArrayList<>(out);
          }
        }
      } else {
        out.add(e.getValue());
      }
      if (max >= 0 && out.size() > max) {
        break;
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * Positions with the key prefix and the next key within {@code low..high}, lazily in key order, or backwards with
   * {@code descending} (a document under several keys, through an array field, comes once: at its lowest key going
   * up, its highest going down, as MongoDB sorts arrays). Null when some document has no key (an empty array in a key
   * field): its place in that order is unknown.
   */
  Stream<Object> inOrder(List<Object> prefix, Object low, Object high, boolean descending) {
    List<Object> from = bound(prefix, low, MinKey.getInstance());
    List<Object> to = bound(prefix, high, MaxKey.getInstance());
    if (!keyless.isEmpty()) {
      return null;
    }
    if (KEYS.compare(from, to) > 0) {
      return Stream.empty();
    }
    Set<Object> seen = new HashSet<>();
    NavigableMap<List<Object>, Object> range = entries.subMap(from, true, to, true);
    Iterator<Object> values =
        (descending ? range.descendingMap() : range).values().iterator();
    // not flatMap: pulled through an iterator (as the collection reads in chunks), a flatMapped
    // stream buffers the
    // whole inner stream of one key, and one key may hold a whole tenant (every capture of a rep at
    // an event)
    Iterator<Object> positions = new Iterator<>() {
      private Iterator<Object> inKey = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!inKey.hasNext() && values.hasNext()) {
          Object value = values.next();
          inKey = value instanceof Many many ? many.iterator() : List.of(value).iterator();
        }
        return inKey.hasNext();
      }

      @Override
      public Object next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return inKey.next();
      }
    };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(positions, Spliterator.ORDERED), false)
        .filter(position -> {
          KvCollection.PLANNED_CANDIDATES.increment();
          return seen.add(position);
        });
  }

  private List<Object> bound(List<Object> prefix, Object rangeValue, Object fill) {
    List<Object> b = new ArrayList<>(prefix);
    if (b.size() < keys().size()) {
      b.add(rangeValue == null ? fill : rangeValue);
    }
    while (b.size() < keys().size()) {
      b.add(fill);
    }
    return b;
  }

  private void put(Document document, Object position) {
    if (unusable) {
      return;
    }
    add(keysOf(document), position);
  }

  private void add(List<List<Object>> keys, Object position) {
    if (unusable) {
      return;
    }
    if (keys == null && !sparse) {
      // a sparse index leaves such a document out, as it leaves out one without the field: no query
      // it serves
      // ($exists, an equality, a range) can match an empty array's missing path
      keyless.add(position);
    }
    for (List<Object> key : keys == null ? List.<List<Object>>of() : keys) {
      entries.merge(key, position, (had, one) -> {
        if (had instanceof Many many) {
          many.add(one);
          return many;
        }
        if (had.equals(one)) {
          return had;
        }
        Many many = new Many();
        many.add(had);
        many.add(one);
        return many;
      });
    }
  }

  private void delete(Document document, Object position) {
    if (unusable) {
      return;
    }
    remove(keysOf(document), position);
  }

  private void remove(List<List<Object>> keys, Object position) {
    if (unusable) {
      return;
    }
    if (keys == null) {
      keyless.remove(position);
    }
    for (List<Object> key : keys == null ? List.<List<Object>>of() : keys) {
      Object at = entries.get(key);
      if (at instanceof Many many) {
        many.remove(position);
        if (many.size() == 1) {
          entries.put(key, many.iterator().next());
        }
      } else if (position.equals(at)) {
        entries.remove(key);
      }
    }
  }

  /** The document's keys; null when it has none (an empty array in a key field). */
  private List<List<Object>> keysOf(Document document) {
    List<List<Object>> out = new ArrayList<>();
    Set<KeyValue> values;
    try {
      values = getKeyValues(document);
    } catch (RuntimeException e) {
      // A document this index cannot represent (parallel arrays): give the index up rather than
      // fail the write.
      unusable = true;
      entries.clear();
      keyless.clear();
      return List.of();
    }
    if (values.isEmpty()) {
      return null; // an empty array in a key field
    }
    for (KeyValue kv : values) {
      List<Object> key = new ArrayList<>(kv.size());
      kv.forEach(key::add);
      if (sparse && key.stream().allMatch(Missing::isNullOrMissing)) {
        continue;
      }
      out.add(key);
    }
    return out;
  }

  private Object positionOf(Document document) {
    return Keys.position(document.get(idField));
  }

  /** Several positions under one key (a position itself is never a Many: positions are _id values). */
  private static final class Many extends LinkedHashSet<Object> {
    private static final long serialVersionUID = 1L;
  }

  @Override
  public Object getPosition(Document document) {
    return null; // positions come from the unique indexes
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Object> collection) {
    // not unique: nothing to refuse
  }

  @Override
  public void add(Document document, Object position, MongoCollection<Object> collection) {
    if (built) {
      put(document, position);
    }
  }

  @Override
  public Object remove(Document document) {
    if (built) {
      delete(document, positionOf(document));
    }
    return null;
  }

  @Override
  public boolean canHandle(Document query) {
    return false; // chosen by the Planner, which knows how to narrow with it
  }

  @Override
  public Iterable<Object> getPositions(Document query) {
    throw new UnsupportedOperationException("use candidates()");
  }

  /** Until built, "not empty": the library would otherwise fill it on every open, one full scan per index. */
  @Override
  public boolean isEmpty() {
    return built && entries.isEmpty() && keyless.isEmpty();
  }

  @Override
  public long getCount() {
    return keyless.size()
        + entries.values().stream()
            .mapToLong(v -> v instanceof Many m ? m.size() : 1)
            .sum();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }

  @Override
  public void checkUpdate(
      Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    // not unique: nothing to refuse
  }

  @Override
  public void updateInPlace(
      Document oldDocument,
      Document newDocument,
      Object position,
      MongoCollection<Object> collection) {
    if (!built || unusable) {
      return;
    }
    if (collection instanceof KvCollection kv && kv.updateLeaves(keyRoots)) {
      return; // the update does not touch the indexed fields (most do not)
    }
    List<List<Object>> before = keysOf(oldDocument);
    List<List<Object>> after = keysOf(newDocument);
    if (Objects.equals(before, after)) {
      return; // the indexed fields did not change (most edits): nothing to move
    }
    remove(before, position);
    add(after, position);
  }

  @Override
  public void drop() {
    entries.clear();
    keyless.clear();
  }
}
