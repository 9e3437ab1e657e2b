package com.fieldlead.store.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.rocksdb.RocksDBException;

/**
 * mongo-java-server's backend on {@link RocksEngine}. It answers one command of its own, {@value #DURABLE_COMMAND}:
 * "make every write so far survive a power loss" ({@link GroupCommit}), which the server sends before it acknowledges
 * anything to a phone when the store runs in another process (the {@code store} sub-command); in-process it calls
 * the group commit directly.
 */
public final class KvBackend extends AbstractMongoBackend {

  /** The command that waits for the group commit; real MongoDB answers it with CommandNotFound. */
  public static final String DURABLE_COMMAND = "fieldleadDurable";

  /**
   * The command that writes a consistent copy of the running store into the directory {@code to} (an absolute path
   * on the store's machine that must not exist yet): {@code {fieldleadBackup: 1, to: "/backups/x/store"}}.
   */
  public static final String BACKUP_COMMAND = "fieldleadBackup";

  private final RocksEngine engine;
  private final CommandCosts costs = new CommandCosts();
  private final WriteGenerations generations = new WriteGenerations();

  /**
   * Opens the store in {@code dir} (created if needed), or in memory when {@code dir} is null.
   *
   * @throws StoreInUseException if another store holds the directory
   * @throws IllegalStateException if it is not a readable store
   */
  public static KvBackend open(Path dir) {
    try {
      return new KvBackend(RocksEngine.open(dir));
    } catch (RocksDBException e) {
      if (dir != null && RocksEngine.isLocked(e)) {
        throw new StoreInUseException(dir, e);
      }
      throw new IllegalStateException(
          "Cannot open the embedded store in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The group commit: completes when the writes so far survive a power loss. */
  public GroupCommit groupCommit() {
    return engine.groupCommit();
  }

  /**
   * RocksDB write batches committed so far: one per write command (a bulk write's documents share one), plus catalog
   * changes. Each is one record of the write-ahead log; the benchmarks report them per request.
   */
  public long writeBatches() {
    return engine.writes();
  }

  /** Queries no index narrowed so far, per collection name (the scan detector). */
  public static Map<String, Long> fullScans() {
    Map<String, Long> out = new TreeMap<>();
    KvCollection.FULL_SCANS.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Queries no index narrowed so far, by collection and query shape (values left out). */
  public static Map<String, Long> fullScanShapes() {
    Map<String, Long> out = new TreeMap<>();
    KvCollection.SCAN_SHAPES.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /**
   * Documents read by index-narrowed queries that still read many (500 or more each), by collection and query shape:
   * an index that narrows to a whole tenant or a whole rep's leads.
   */
  public static Map<String, Long> wideReads() {
    Map<String, Long> out = new TreeMap<>();
    KvCollection.WIDE_READS.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Sorted pages answered from an $or's few candidates (tests read it). */
  public static long sortedUnions() {
    return KvCollection.SORTED_UNIONS.sum();
  }

  /**
   * Positions the planner has collected into candidate lists or walked in an index so far (tests read it: a query's
   * index work should be about what it answers, not a whole index prefix).
   */
  public static long plannedCandidates() {
    return KvCollection.PLANNED_CANDIDATES.sum();
  }

  KvBackend(RocksEngine engine) {
    this.engine = engine;
    engine.collectionNames().stream()
        .map(name -> name.substring(0, name.indexOf('.')))
        .distinct()
        .forEach(this::resolveDatabase);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new KvDatabase(databaseName, getCursorRegistry(), engine);
  }

  @Override
  public Document handleCommand(
      Channel channel, String databaseName, String command, Document query) {
    if (command.equals(DURABLE_COMMAND)) {
      try {
        engine.groupCommit().durable().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new de.bwaldvogel.mongo.exception.MongoServerException(
            "interrupted while waiting for the disk");
      } catch (ExecutionException | CompletionException | TimeoutException e) {
        throw new de.bwaldvogel.mongo.exception.MongoServerException(
            "the embedded store could not make the writes " + "durable: " + e.getMessage());
      }
      return new Document("ok", 1.0);
    }
    if (command.equals(BACKUP_COMMAND)) {
      Object to = query.get("to");
      if (!(to instanceof String path) || !Path.of(path).isAbsolute()) {
        throw new MongoServerException(BACKUP_COMMAND + " needs 'to': an absolute directory path");
      }
      try {
        long sequence = backup(Path.of(path));
        return new Document("ok", 1.0).append("to", path).append("sequence", sequence);
      } catch (RuntimeException e) {
        throw new MongoServerException(e.getMessage());
      }
    }
    long start = costs.start();
    try {
      return super.handleCommand(channel, databaseName, command, query);
    } finally {
      Object target = command.equals("getMore") ? query.get("collection") : query.get(command);
      costs.record(command, target instanceof String c ? c : "", start);
      // failed writes too: they may have written some
      generations.after(databaseName, command, query);
    }
  }

  /** Which collections have been written since a moment ({@link WriteGenerations}). */
  public WriteGenerations writeGenerations() {
    return generations;
  }

  /** The CPU time spent on each kind of command so far. */
  public CommandCosts commandCosts() {
    return costs;
  }

  /**
   * Writes a consistent copy of this store into {@code target} (see {@link #BACKUP_COMMAND}) and answers the sequence
   * number of the last write it holds.
   */
  public long backup(Path target) {
    long sequence = engine.lastSequence();
    try {
      engine.checkpoint(target);
    } catch (RocksDBException e) {
      throw new IllegalStateException(
          "the backup into " + target + " failed: " + e.getMessage(), e);
    }
    return sequence;
  }

  /**
   * Copies the store in {@code dir}, which no process has open, into {@code target}, as {@link #backup} does for a
   * running one.
   *
   * @throws StoreInUseException if a running store holds {@code dir}
   */
  public static long backupClosed(Path dir, Path target) {
    try (RocksEngine engine = openEngine(dir)) {
      long sequence = engine.lastSequence();
      engine.checkpoint(target);
      return sequence;
    } catch (RocksDBException e) {
      throw new IllegalStateException(
          "the backup into " + target + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Fails when a running store holds {@code dir} (opening and closing it otherwise): what a restore checks before it
   * replaces the files.
   *
   * @throws StoreInUseException if a running store holds {@code dir}
   */
  public static void ensureClosed(Path dir) {
    openEngine(dir).close();
  }

  private static RocksEngine openEngine(Path dir) {
    try {
      return RocksEngine.open(dir);
    } catch (RocksDBException e) {
      if (RocksEngine.isLocked(e)) {
        throw new StoreInUseException(dir, e);
      }
      throw new IllegalStateException(
          "Cannot open the embedded store in " + dir + ": " + e.getMessage(), e);
    }
  }

  RocksEngine engine() {
    return engine;
  }

  @Override
  public void close() {
    super.close();
    engine.close();
  }
}
