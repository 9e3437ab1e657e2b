package com.fieldlead.store.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.IndexBuildFailedException;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection of the embedded store: documents as BSON in {@link RocksEngine} under the collection's number and their
 * position (the normalised {@code _id}), queries narrowed by the {@link Planner}, indexes in memory ({@link IdIndex}
 * excepted, which is the store's own keys).
 *
 * <p>The writes of one command on the collection (an insert of 500 documents, a bulk of updates) gather in a
 * per-command buffer that reads see, and go to the store as one atomic batch before the collection's lock is released:
 * one write-ahead log append per command, not per document, and no other command ever sees an index entry whose
 * document is not stored yet.
 */
final class KvCollection extends AbstractSynchronizedMongoCollection<Object> {

  /** Queries no index narrowed, per collection name: the scan detector's count (tests fail on any). */
  static final ConcurrentMap<String, LongAdder> FULL_SCANS = new ConcurrentHashMap<>();
  /** An index-narrowed query that still read this many documents is recorded as a wide read. */
  static final int WIDE_READ = 500;
  /** Documents read by wide reads, by collection and query shape: where the store spends its time. */
  static final ConcurrentMap<String, LongAdder> WIDE_READS = new ConcurrentHashMap<>();
  /** Queries no index narrowed, by collection and query shape (values left out): what the scan detector reports. */
  static final ConcurrentMap<String, LongAdder> SCAN_SHAPES = new ConcurrentHashMap<>();

  private static final Logger LOG = LoggerFactory.getLogger(KvCollection.class);
  /** Sorted pages answered by sorting an $or's few candidates instead of walking an index in order (tests read it). */
  static final LongAdder SORTED_UNIONS = new LongAdder();
  /** Positions the planner collected into candidate lists or walked in an index (a query's index work). */
  static final LongAdder PLANNED_CANDIDATES = new LongAdder();

  private static final byte[] DELETED = new byte[0];
  private static final int CHUNK = 256;

  private final RocksEngine engine;
  private final Planner planner = new Planner(this);
  /** Documents stored; -1 until first asked for (opening a store need not count every collection). */
  private final AtomicInteger count = new AtomicInteger(-1);
  /** This command's writes, by position (DELETED: removed); only touched under the collection's lock. */
  private final Map<Object, byte[]> pending = new LinkedHashMap<>();

  private int number;
  private int depth;
  /**
   * While an update is applied (under the collection's lock): the top-level fields it may change, so an index none of
   * whose fields it touches keeps its entries without reading the old and new document's keys; null otherwise, and
   * for a replacement, which may change any field, {@link #ANY_FIELD}.
   */
  private Set<String> updating;
  /** {@link #updating} for an update that may change any field. */
  private static final Set<String> ANY_FIELD = Collections.unmodifiableSet(new HashSet<>());
  /**
   * For {@link #addDocumentIfMissing}: every document of this collection by its encoded bytes, read once and then kept
   * as documents are added; null until first asked, and forgotten on any removal or change. Only the index catalog
   * ({@code system.indexes}) asks: whether a description is stored, for every index it opens at start and every index
   * a {@code createIndexes} names, each time by a query that read and decoded every description. With fieldlead's 144
   * indexes that was 20,000 decodes, most of a second of every start.
   */
  private Map<ByteBuffer, Document> everyDocument;

  KvCollection(
      MongoDatabase database,
      String collectionName,
      CollectionOptions options,
      CursorRegistry cursors,
      RocksEngine engine) {
    super(database, collectionName, options, cursors);
    this.engine = engine;
    this.number = engine.collection(getFullName());
  }

  // ------------------------------------------------------------------------------------------------- commands

  @Override
  public synchronized void addDocument(Document document) {
    inCommand(() -> super.addDocument(document));
  }

  @Override
  public synchronized void addDocuments(Stream<Document> documents) {
    inCommand(() -> super.addDocuments(documents));
  }

  @Override
  public synchronized List<Document> insertDocuments(List<Document> documents, boolean isOrdered) {
    return inCommand(() -> super.insertDocuments(documents, isOrdered));
  }

  @Override
  public synchronized Document updateDocuments(
      Document selector,
      Document updateQuery,
      ArrayFilters arrayFilters,
      boolean isMulti,
      boolean isUpsert,
      Oplog oplog) {
    return inCommand(() -> updating(
        UpdatedFields.roots(updateQuery),
        () ->
            super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog)));
  }

  @Override
  public synchronized int deleteDocuments(Document selector, int limit, Oplog oplog) {
    return inCommand(() -> super.deleteDocuments(selector, limit, oplog));
  }

  /**
   * Adds {@code document} unless a stored document matches it as a query, as the library does, but asks the documents
   * {@link #everyDocument} holds instead of reading the collection each time: one stored byte for byte as given
   * matches, else each is matched as the library's query would match it.
   */
  @Override
  public synchronized void addDocumentIfMissing(Document document) {
    if (everyDocument == null) {
      Map<ByteBuffer, Document> all = new LinkedHashMap<>();
      queryAll().forEach(d -> all.put(ByteBuffer.wrap(BsonBytes.encode(d)), d));
      everyDocument = all;
    }
    if (everyDocument.containsKey(ByteBuffer.wrap(BsonBytes.encode(document)))) {
      return;
    }
    for (Document stored : everyDocument.values()) {
      if (documentMatchesQuery(stored, document)) {
        return;
      }
    }
    addDocument(document);
  }

  @Override
  public synchronized Document findAndModify(Document query) {
    Set<String> roots =
        query.get("update") instanceof Document update ? UpdatedFields.roots(update) : null;
    return inCommand(() -> updating(roots, () -> super.findAndModify(query)));
  }

  private <T> T updating(Set<String> roots, Supplier<T> work) {
    Set<String> outer = updating;
    updating = roots == null ? ANY_FIELD : roots;
    try {
      return work.get();
    } finally {
      updating = outer;
    }
  }

  /**
   * Whether the update being applied leaves every one of {@code fields} (top-level names) as it was: false when no
   * update is being applied or it may change any field.
   */
  boolean updateLeaves(Set<String> fields) {
    Set<String> touched = updating;
    if (touched == null || touched == ANY_FIELD || !Thread.holdsLock(this)) {
      return false;
    }
    for (String field : fields) {
      if (touched.contains(field)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public synchronized void removeDocument(Document document) {
    inCommand(() -> super.removeDocument(document));
  }

  /**
   * Runs {@code work} (every statement of one update or delete command) under this collection's lock as one command:
   * what the statements write goes to the store as one atomic batch at the end.
   */
  synchronized <T> T asOneBatch(Supplier<T> work) {
    return inCommand(work);
  }

  private void inCommand(Runnable work) {
    inCommand(() -> {
      work.run();
      return null;
    });
  }

  /** Runs a command's work; the outermost one writes what it buffered as one batch before the lock is released. */
  private <T> T inCommand(Supplier<T> work) {
    depth++;
    boolean done = false;
    try {
      T result = work.get();
      done = true;
      return result;
    } finally {
      if (--depth == 0) {
        flush(done);
      }
    }
  }

  /** Writes the buffered writes as one atomic batch. */
  private void flush(boolean afterSuccess) {
    if (pending.isEmpty()) {
      return;
    }
    List<byte[]> keys = new ArrayList<>(pending.size());
    List<byte[]> values = new ArrayList<>(pending.size());
    pending.forEach((position, bytes) -> {
      keys.add(Keys.key(number, position));
      values.add(bytes == DELETED ? null : bytes);
    });
    pending.clear();
    try {
      engine.write(keys, values);
    } catch (RuntimeException e) {
      // the memory indexes already hold what could not be stored: derive them from the store again
      reload();
      if (afterSuccess) {
        throw e;
      }
    }
  }

  /** After a failed write: the count and the memory indexes from what is stored. */
  private void reload() {
    count.set(-1);
    everyDocument = null;
    for (Index<Object> index : getIndexes()) {
      if (index instanceof HashedUniqueIndex unique) {
        unique.drop();
        fill(unique);
      } else if (index instanceof SecondaryIndex secondary) {
        secondary.reset();
      }
    }
  }

  // ------------------------------------------------------------------------------------------------- storage

  @Override
  protected Object addDocumentInternal(Document document) {
    Object position = getIdField() != null
        ? Keys.position(Utils.getSubdocumentValue(document, getIdField()))
        : UUID.randomUUID();
    byte[] bytes = BsonBytes.encode(document);
    pending.put(position, bytes);
    adjustCount(1);
    if (everyDocument != null) {
      everyDocument.put(ByteBuffer.wrap(bytes), BsonBytes.decode(bytes));
    }
    return position;
  }

  @Override
  protected Document getDocument(Object position) {
    byte[] bytes = Thread.holdsLock(this) ? pending.get(position) : null;
    if (bytes == null) {
      bytes = engine.get(Keys.key(number, position));
    }
    return bytes == null || bytes == DELETED ? null : BsonBytes.decode(bytes);
  }

  /**
   * The stored documents at {@code positions}, in order, skipping any that are gone: read lazily, a chunk at a time
   * with one store read each, so a limited query stops reading when it has enough.
   */
  private Stream<Document> documents(Stream<Object> positions) {
    return documents(positions, null);
  }

  /** {@link #documents(Stream)}, decoding only the top-level {@code fields} of each (all when null). */
  private Stream<Document> documents(Stream<Object> positions, Set<String> fields) {
    if (!pending.isEmpty()) {
      return positions.map(this::getDocument).filter(Objects::nonNull);
    }
    Iterator<Object> it = positions.iterator();
    Iterator<List<Object>> chunks = new Iterator<>() {
      private int size = 8; // small first: a limit-1 query reads one chunk

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public List<Object> next() {
        List<Object> chunk = new ArrayList<>(size);
        while (it.hasNext() && chunk.size() < size) {
          chunk.add(it.next());
        }
        size = Math.min(size * 2, CHUNK);
        return chunk;
      }
    };
    Function<byte[], Document> decode =
        fields == null ? BsonBytes::decode : b -> BsonBytes.decode(b, fields);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(chunks, Spliterator.ORDERED), false)
        .flatMap(chunk -> {
          List<byte[]> keys = new ArrayList<>(chunk.size());
          chunk.forEach(p -> keys.add(Keys.key(number, p)));
          return engine.getAll(keys).stream();
        })
        .filter(Objects::nonNull)
        .map(decode);
  }

  /**
   * The top-level fields a query with an inclusion projection needs from each document: what it matches on, sorts by
   * and returns, and the id. Null (decode everything) when the projection excludes fields or slices arrays, or the
   * query could look at any field ({@code $where}, {@code $expr}, {@code $text}).
   */
  static Set<String> neededFields(
      Document query, Document orderBy, Document projection, String idField) {
    if (projection == null || projection.isEmpty()) {
      return null;
    }
    Set<String> paths = new HashSet<>();
    for (Map.Entry<String, Object> e : projection.entrySet()) {
      Object v = e.getValue();
      boolean include = v instanceof Boolean b ? b : v instanceof Number n && n.doubleValue() != 0;
      if (!include) {
        if (e.getKey().equals(idField)) {
          continue; // {_id: 0} alongside inclusions
        }
        return null;
      }
      paths.add(e.getKey());
    }
    if (!collectPaths(query, paths)) {
      return null;
    }
    if (orderBy != null) {
      paths.addAll(orderBy.keySet());
    }
    return Planner.roots(paths, idField);
  }

  private static boolean collectPaths(Object query, Set<String> paths) {
    if (query instanceof List<?> list) {
      for (Object part : list) {
        if (!collectPaths(part, paths)) {
          return false;
        }
      }
      return true;
    }
    if (!(query instanceof Document d)) {
      return true;
    }
    for (Map.Entry<String, Object> e : d.entrySet()) {
      String key = e.getKey();
      if (key.equals("$where")
          || key.equals("$expr")
          || key.equals("$text")
          || key.equals("$jsonSchema")) {
        return false;
      }
      if (key.equals("$and") || key.equals("$or") || key.equals("$nor")) {
        if (!collectPaths(e.getValue(), paths)) {
          return false;
        }
      } else if (!key.startsWith("$")) {
        paths.add(key);
      }
    }
    return true;
  }

  /** Whether this thread is applying an update to this collection's documents. */
  boolean applyingUpdate() {
    return updating != null && Thread.holdsLock(this);
  }

  /** Whether a document is stored at {@code position} (this command's writes included). */
  boolean contains(Object position) {
    if (Thread.holdsLock(this)) {
      byte[] mine = pending.get(position);
      if (mine != null) {
        return mine != DELETED;
      }
    }
    return engine.exists(Keys.key(number, position));
  }

  @Override
  protected void removeDocument(Object position) {
    everyDocument = null;
    pending.put(position, DELETED);
    adjustCount(-1);
  }

  @Override
  protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
    everyDocument = null;
    pending.put(position, BsonBytes.encode(newDocument));
  }

  @Override
  public int count() {
    int n = count.get();
    if (n < 0) {
      synchronized (this) {
        n = count.get();
        if (n < 0) {
          flush(true);
          n = (int) engine.count(Keys.prefix(number), Keys.end(number));
          count.set(n);
        }
      }
    }
    return n;
  }

  /** Keeps a known count up to date (under the collection's lock); an unknown one is counted when asked for. */
  private void adjustCount(int delta) {
    if (count.get() >= 0) {
      count.addAndGet(delta);
    }
  }

  @Override
  public boolean isEmpty() {
    int n = count.get();
    if (n >= 0) {
      return n == 0;
    }
    synchronized (this) {
      flush(true);
      return engine.chunk(Keys.prefix(number), Keys.end(number), 1, true).isEmpty();
    }
  }

  /** Sizes are not tracked: computing one re-encodes every written document. */
  @Override
  protected boolean tracksDataSize() {
    return false;
  }

  @Override
  protected void updateDataSize(int sizeDelta) {
    // not tracked
  }

  @Override
  protected int getDataSize() {
    return 0;
  }

  @Override
  protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
    return stored(null);
  }

  /** Every stored document with its position, decoding only {@code fields} (all when null), a chunk at a time. */
  private Stream<DocumentWithPosition<Object>> stored(Set<String> fields) {
    if (Thread.holdsLock(this)) {
      flush(true); // a scan inside a command reads the store: give it this command's writes first
    }
    Function<byte[][], DocumentWithPosition<Object>> read = kv -> new DocumentWithPosition<>(
        fields == null ? BsonBytes.decode(kv[1]) : BsonBytes.decode(kv[1], fields),
        Keys.positionOf(kv[0]));
    return chunks(false).map(read);
  }

  /** The positions of every stored document (no document is read). */
  Stream<Object> positions() {
    return chunks(true).map(kv -> Keys.positionOf(kv[0]));
  }

  private Stream<byte[][]> chunks(boolean keysOnly) {
    Iterator<byte[][]> it = new Iterator<>() {
      private List<byte[][]> chunk =
          engine.chunk(Keys.prefix(number), Keys.end(number), CHUNK, keysOnly);
      private int at;

      @Override
      public boolean hasNext() {
        if (at < chunk.size()) {
          return true;
        }
        if (chunk.size() < CHUNK) {
          return false;
        }
        byte[] last = chunk.get(chunk.size() - 1)[0];
        byte[] after = Arrays.copyOf(last, last.length + 1); // the next key after `last`
        chunk = engine.chunk(after, Keys.end(number), CHUNK, keysOnly);
        at = 0;
        return !chunk.isEmpty();
      }

      @Override
      public byte[][] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return chunk.get(at++);
      }
    };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false);
  }

  // ------------------------------------------------------------------------------------------------- indexes

  @Override
  public synchronized void addIndex(Index<Object> index) {
    boolean known = getIndexes().stream().anyMatch(i -> i.getName().equals(index.getName()));
    if (!known) {
      if (index instanceof IdIndex id) {
        id.bind(this);
      } else if (index instanceof HashedUniqueIndex unique && unique.isEmpty() && !isEmpty()) {
        try {
          fill(unique);
        } catch (MongoServerError e) {
          unique.drop();
          throw new IndexBuildFailedException(e, this);
        }
      }
    }
    super.addIndex(index);
  }

  /** Fills a unique index from the stored documents' indexed fields (one pass, nothing else decoded). */
  private void fill(HashedUniqueIndex unique) {
    stored(unique.roots()).forEach(d -> unique.load(d.getDocument(), d.getPosition(), this));
  }

  /** Builds a secondary index on its first use; whether it can serve queries. */
  boolean ready(SecondaryIndex index) {
    if (!index.usable() && !index.unusable()) {
      index.build(stored(index.roots()));
    }
    return index.usable();
  }

  // ------------------------------------------------------------------------------------------------- queries

  @Override
  protected QueryResult queryDocuments(
      Document query,
      Document orderBy,
      int numberToSkip,
      int limit,
      int batchSize,
      Document fieldSelector) {
    for (Index<Object> index : getIndexes()) {
      if (index.canHandle(query)) {
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
    }
    // Secondary indexes change under the collection's lock: use them only while holding it (every
    // read and write
    // command does; an unsynchronised path falls back to the scan).
    Planner.Choice choice =
        Thread.holdsLock(this) ? planner.choose(query, orderBy, numberToSkip, limit) : null;
    if (choice == null) {
      return matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }
    int[] examined = {0};
    Set<String> fields = neededFields(query, orderBy, fieldSelector, getIdField());
    Stream<Document> read = documents(choice.positions(), fields).peek(d -> examined[0]++);
    QueryResult result = choice.ordered()
        ? matchDocumentsFromStream(query, read, numberToSkip, limit, batchSize, null, fieldSelector)
        : matchDocumentsFromStream(
            read, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    if (examined[0] >= WIDE_READ) {
      String shape = getCollectionName() + " " + shape(query)
          + (orderBy == null || orderBy.isEmpty() ? "" : " sort " + orderBy.keySet());
      WIDE_READS.computeIfAbsent(shape, k -> new LongAdder()).add(examined[0]);
      LOG.debug(
          "wide read [collection={}, examined={}, query={}]",
          getCollectionName(),
          examined[0],
          shape);
    }
    return result;
  }

  @Override
  protected QueryResult matchDocuments(
      Document query,
      Iterable<Object> positions,
      Document orderBy,
      int numberToSkip,
      int limit,
      int batchSize,
      Document fieldSelector) {
    Stream<Object> all = StreamSupport.stream(positions.spliterator(), false);
    Set<String> fields = neededFields(query, orderBy, fieldSelector, getIdField());
    return matchDocumentsFromStream(
        documents(all, fields), query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
  }

  /** The full scan: what no index narrows. Counted per collection (the scan detector). */
  @Override
  protected QueryResult matchDocuments(
      Document query,
      Document orderBy,
      int numberToSkip,
      int limit,
      int batchSize,
      Document fieldSelector) {
    if (numberToSkip == 0 && firstDocument(query, orderBy, limit)) {
      // reads the first document it meets and stops (GridFS asks this of its files collection
      // before
      // each upload): no collection read, nothing to count
      return matchDocumentsFromStream(
          stored(null).map(DocumentWithPosition::getDocument),
          query,
          orderBy,
          numberToSkip,
          limit,
          batchSize,
          fieldSelector);
    }
    FULL_SCANS.computeIfAbsent(getCollectionName(), k -> new LongAdder()).increment();
    String shape = getCollectionName() + " " + shape(query)
        + (orderBy == null || orderBy.isEmpty() ? "" : " sort " + orderBy.keySet());
    SCAN_SHAPES.computeIfAbsent(shape, k -> new LongAdder()).increment();
    LOG.debug(
        "full scan [collection={}, documents={}, query={}]", getCollectionName(), count(), shape);
    Stream<Document> all = stored(null).map(DocumentWithPosition::getDocument);
    if (isNaturalDescending(orderBy)) {
      List<Document> reversed = new ArrayList<>(all.toList());
      Collections.reverse(reversed);
      all = reversed.stream();
    }
    return matchDocumentsFromStream(
        all, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
  }

  /**
   * Whether a query without an index is no scan: no filter, no order, and a limit of one document (with nothing to
   * skip, the lazy stream of stored documents reads one and stops).
   */
  static boolean firstDocument(Document query, Document orderBy, int limit) {
    return (query == null || query.isEmpty())
        && (orderBy == null || orderBy.isEmpty())
        && limit == 1;
  }

  /** A query with its values left out: {@code {tenantId: ?, status: {$in: ?}}}. */
  static String shape(Object query) {
    if (query instanceof Document d) {
      StringBuilder out = new StringBuilder("{");
      d.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "")
          .append(k)
          .append(": ")
          .append(
              k.startsWith("$") && !(v instanceof Document) && !(v instanceof List)
                  ? "?"
                  : shape(v)));
      return out.append('}').toString();
    }
    if (query instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Document) {
      return list.stream().map(KvCollection::shape).collect(Collectors.joining(", ", "[", "]"));
    }
    return "?";
  }

  // ------------------------------------------------------------------------------------------------- lifecycle

  @Override
  public synchronized void renameTo(MongoDatabase newDatabase, String newCollectionName) {
    everyDocument = null;
    flush(true);
    engine.rename(getFullName(), newDatabase.getDatabaseName() + "." + newCollectionName);
    super.renameTo(newDatabase, newCollectionName);
  }

  @Override
  public synchronized void drop() {
    everyDocument = null;
    pending.clear();
    engine.drop(getFullName());
    count.set(0);
    super.drop();
  }
}
