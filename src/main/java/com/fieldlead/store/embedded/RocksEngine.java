package com.fieldlead.store.embedded;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.CompressionType;
import org.rocksdb.Env;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksMemEnv;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The embedded store's storage: one RocksDB (an LSM tree with a write-ahead log) holding every collection's documents
 * under 4-byte collection numbers, and the catalog of those numbers. Writes reach the write-ahead log in the operating
 * system before they return, so they survive a crash of the process; {@link #durable} says when they also survive a
 * power loss (one fsync for all the writes that came before it: group commit, see {@link GroupCommit}).
 *
 * <p>Sized for a small box: 16 MB memtables (at most three), a 32 MB block cache, Bloom filters, LZ4 (and ZSTD at the
 * bottom level) compression. Compaction keeps the files near the live data.
 */
final class RocksEngine implements AutoCloseable {

  static {
    NativeLibrary.load();
  }

  private static final int CATALOG = 0;
  private static final byte[] NEXT = catalogKey("#next");

  private final RocksDB db;
  private final Options options;
  private final LRUCache cache;
  private final Env memoryEnv;
  private final WriteOptions writeOptions = new WriteOptions();
  private final ReadOptions readOptions = new ReadOptions();
  private final Map<String, Integer> collections = new ConcurrentHashMap<>();
  private final GroupCommit groupCommit;
  /** Write batches committed (each one write-ahead log record, all or nothing), catalog changes included. */
  private final LongAdder writes = new LongAdder();

  private final Path dir;
  private int next;

  private RocksEngine(RocksDB db, Options options, LRUCache cache, Env memoryEnv, Path dir) {
    this.db = db;
    this.options = options;
    this.cache = cache;
    this.memoryEnv = memoryEnv;
    this.dir = dir;
    this.groupCommit = new GroupCommit(memoryEnv != null ? null : db);
    loadCatalog();
  }

  /** Opens (or creates) the store in {@code dir}; in memory when {@code dir} is null. */
  static RocksEngine open(Path dir) throws RocksDBException {
    // 64 MB of uncompressed blocks: the leads of a 10,000-capture show (about 4 KB each) with room
    // for the rest, so a phone's full catch-up or an export reads them without decompressing
    LRUCache cache = new LRUCache(64L << 20);
    BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setBlockCache(cache)
        .setFilterPolicy(new BloomFilter(10, false))
        // 8 KB: a point read (every document read goes through the indexes to its key) decompresses
        // one block of about one lead, not two
        .setBlockSize(8 * 1024)
        .setCacheIndexAndFilterBlocks(true)
        .setPinL0FilterAndIndexBlocksInCache(true);
    Options options = new Options()
        .setCreateIfMissing(true)
        .setTableFormatConfig(table)
        .setWriteBufferSize(16L << 20)
        .setMaxWriteBufferNumber(3)
        .setMaxTotalWalSize(64L << 20)
        // LZ4 on every level: an export or a catch-up reads every lead, and a big show outgrows the
        // block cache, so each read decompresses its block. An export of 20,000 leads spent about
        // half of its CPU decompressing ZSTD blocks, and took a quarter less CPU with LZ4; the
        // file is larger (measured in the README)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
        .setLevelCompactionDynamicLevelBytes(true)
        .setMaxBackgroundJobs(2)
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
        .setKeepLogFileNum(2)
        .setMaxLogFileSize(1L << 20)
        .setRecycleLogFileNum(2)
        // a restart keeps what the write-ahead log replays in memory instead of writing it out
        // first: fast starts
        .setAvoidFlushDuringRecovery(true);
    Env memory = null;
    String path;
    if (dir == null) {
      memory = new RocksMemEnv(Env.getDefault());
      options.setEnv(memory);
      path = "/fieldlead-in-memory";
    } else {
      path = dir.toString();
    }
    try {
      return new RocksEngine(RocksDB.open(options, path), options, cache, memory, dir);
    } catch (RocksDBException e) {
      options.close();
      cache.close();
      if (memory != null) {
        memory.close();
      }
      throw e;
    }
  }

  /** Whether {@code e} says that another process holds the store's lock file. */
  static boolean isLocked(RocksDBException e) {
    Status s = e.getStatus();
    String text = (s == null ? "" : s.getState()) + " " + e.getMessage();
    return text.contains("lock") || text.contains("LOCK");
  }

  Path dir() {
    return dir;
  }

  // ------------------------------------------------------------------------------------------------- catalog

  private static byte[] catalogKey(String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + n.length).putInt(CATALOG).put(n).array();
  }

  private void loadCatalog() {
    next = 1;
    byte[] stored = getQuietly(NEXT);
    if (stored != null) {
      next = ByteBuffer.wrap(stored).getInt();
    }
    scan(Keys.prefix(CATALOG), Keys.end(CATALOG), (key, value) -> {
      String name = new String(key, 4, key.length - 4, StandardCharsets.UTF_8);
      if (!name.startsWith("#")) {
        collections.put(name, ByteBuffer.wrap(value).getInt());
      }
    });
  }

  /** Full names ({@code database.collection}) of the stored collections. */
  List<String> collectionNames() {
    return new ArrayList<>(collections.keySet());
  }

  /** The number of the collection {@code fullName}, given one if it has none yet. */
  synchronized int collection(String fullName) {
    Integer known = collections.get(fullName);
    if (known != null) {
      return known;
    }
    int id = next++;
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(catalogKey(fullName), ByteBuffer.allocate(4).putInt(id).array());
      batch.put(NEXT, ByteBuffer.allocate(4).putInt(next).array());
      commit(batch);
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot register collection " + fullName, e);
    }
    collections.put(fullName, id);
    return id;
  }

  /** Removes a collection's documents and its catalog entry. */
  synchronized void drop(String fullName) {
    Integer id = collections.remove(fullName);
    if (id == null) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      batch.deleteRange(Keys.prefix(id), Keys.end(id));
      batch.delete(catalogKey(fullName));
      commit(batch);
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot drop collection " + fullName, e);
    }
  }

  /** Gives the collection {@code from} the name {@code to} (its documents keep their number). */
  synchronized void rename(String from, String to) {
    Integer id = collections.remove(from);
    if (id == null) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      batch.delete(catalogKey(from));
      batch.put(catalogKey(to), ByteBuffer.allocate(4).putInt(id).array());
      commit(batch);
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot rename collection " + from, e);
    }
    collections.put(to, id);
  }

  // ------------------------------------------------------------------------------------------------- data

  byte[] get(byte[] key) {
    try {
      return db.get(readOptions, key);
    } catch (RocksDBException e) {
      throw new StoreFailure("read failed", e);
    }
  }

  /** Whether a document is stored under {@code key} (nothing is copied out). */
  boolean exists(byte[] key) {
    return db.keyExists(key);
  }

  /** The values of {@code keys}, in order (null where nothing is stored). */
  List<byte[]> getAll(List<byte[]> keys) {
    try {
      return db.multiGetAsList(readOptions, keys);
    } catch (RocksDBException e) {
      throw new StoreFailure("read failed", e);
    }
  }

  private byte[] getQuietly(byte[] key) {
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw new StoreFailure("read failed", e);
    }
  }

  /** Puts {@code values[i]} under {@code keys[i]} (a null value deletes), all or nothing. */
  void write(List<byte[]> keys, List<byte[]> values) {
    try (WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < keys.size(); i++) {
        if (values.get(i) == null) {
          batch.delete(keys.get(i));
        } else {
          batch.put(keys.get(i), values.get(i));
        }
      }
      commit(batch);
    } catch (RocksDBException e) {
      throw new StoreFailure("write failed", e);
    }
  }

  private void commit(WriteBatch batch) throws RocksDBException {
    db.write(writeOptions, batch);
    writes.increment();
  }

  /** Write batches committed so far (one per document write, bulk write chunk or catalog change; tests read it). */
  long writes() {
    return writes.sum();
  }

  /** Calls {@code each} with every key and value in {@code [from, to)}, in key order. */
  void scan(byte[] from, byte[] to, BiConsumer<byte[], byte[]> each) {
    try (Slice upper = new Slice(to);
        ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(read)) {
      for (it.seek(from); it.isValid(); it.next()) {
        each.accept(it.key(), it.value());
      }
      check(it);
    }
  }

  /**
   * Up to {@code max} keys (and their values, unless {@code keysOnly}) of {@code [from, to)} in key order, each as
   * {@code {key, value}}: a scan reads a collection a chunk at a time, so no iterator outlives a call.
   */
  List<byte[][]> chunk(byte[] from, byte[] to, int max, boolean keysOnly) {
    List<byte[][]> out = new ArrayList<>(Math.min(max, 1024));
    try (Slice upper = new Slice(to);
        ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(read)) {
      for (it.seek(from); it.isValid() && out.size() < max; it.next()) {
        out.add(new byte[][] {it.key(), keysOnly ? null : it.value()});
      }
      check(it);
    }
    return out;
  }

  /** Counts the keys in {@code [from, to)} (values are not copied out). */
  long count(byte[] from, byte[] to) {
    long n = 0;
    try (Slice upper = new Slice(to);
        ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(read)) {
      for (it.seek(from); it.isValid(); it.next()) {
        n++;
      }
      check(it);
    }
    return n;
  }

  private static void check(RocksIterator it) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw new StoreFailure("scan failed", e);
    }
  }

  /** The sequence number of the latest write: everything up to it is made durable by {@link #durable}. */
  long lastSequence() {
    return db.getLatestSequenceNumber();
  }

  /**
   * Writes a consistent copy of the store as it is now into {@code target}, which must not exist: RocksDB's checkpoint
   * (the memtables flushed, the table files hard-linked where {@code target} is on the same file system and copied
   * otherwise, the write-ahead log copied up to this moment), so every write that returned before this call is in
   * it. Writers go on meanwhile. A backup ({@code backup} sub-command) is such a copy.
   */
  void checkpoint(Path target) throws RocksDBException {
    if (memoryEnv != null) {
      throw new IllegalStateException("an in-memory store has no files to back up");
    }
    try (Checkpoint checkpoint = Checkpoint.create(db)) {
      checkpoint.createCheckpoint(target.toString());
    }
  }

  /** The group commit that makes written data survive a power loss. */
  GroupCommit groupCommit() {
    return groupCommit;
  }

  /** Bytes of the store's files (SST and write-ahead log), as RocksDB counts them. */
  long storageBytes() {
    try {
      return Long.parseLong(
              Objects.requireNonNullElse(db.getProperty("rocksdb.total-sst-files-size"), "0"))
          + Long.parseLong(
              Objects.requireNonNullElse(db.getProperty("rocksdb.cur-size-all-mem-tables"), "0"));
    } catch (RocksDBException | NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    groupCommit.close();
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      // closing anyway: the write-ahead log was written, only its last fsync failed
    }
    db.close();
    writeOptions.close();
    readOptions.close();
    options.close();
    cache.close();
    if (memoryEnv != null) {
      memoryEnv.close();
    }
  }

  /** A storage failure, reported to the client as a failed command (never as an acknowledged write). */
  static final class StoreFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreFailure(String message, RocksDBException cause) {
      super(message + ": " + cause.getMessage(), cause);
    }
  }
}
