package com.fieldlead.store.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: makes everything written up to a point survive a power loss with one fsync of the write-ahead log
 * for all the callers waiting at that moment. Writes themselves never wait for the disk (they reach the operating
 * system before they return, which a crash of the process does not undo); an answer that acknowledges them asks
 * {@link #durable} first. While one fsync runs, new callers gather for the next, so under load each fsync serves many
 * writes, and a caller alone waits for one fsync (about 0.3 to 1 ms on an SSD).
 *
 * <p>The RocksDB write-ahead log is written in order, so an fsync after a write makes that write and every earlier one
 * durable.
 */
public final class GroupCommit implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  private final RocksDB db;
  private final Thread syncer;
  private final List<Waiter> waiting = new ArrayList<>();
  private final LongAdder fsyncs = new LongAdder();
  private long durable;
  private boolean closed;

  private record Waiter(long sequence, CompletableFuture<Void> done) {}

  /** {@code db}: the store to fsync; null for an in-memory store, where everything is as durable as it gets. */
  GroupCommit(RocksDB db) {
    this.db = db;
    if (db == null) {
      syncer = null;
      return;
    }
    durable = db.getLatestSequenceNumber();
    syncer = new Thread(this::run, "fieldlead-store-fsync");
    syncer.setDaemon(true);
    syncer.start();
  }

  /** Completes once every write made before this call survives a power loss. */
  public CompletableFuture<Void> durable() {
    if (db == null) {
      return CompletableFuture.completedFuture(null);
    }
    long sequence = db.getLatestSequenceNumber();
    synchronized (this) {
      if (sequence <= durable) {
        return CompletableFuture.completedFuture(null);
      }
      if (closed) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("the embedded store is closed"));
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      waiting.add(new Waiter(sequence, done));
      notifyAll();
      return done;
    }
  }

  /** fsyncs done so far (tests and the benchmark report them per request). */
  public long fsyncs() {
    return fsyncs.sum();
  }

  private void run() {
    while (true) {
      List<Waiter> batch;
      synchronized (this) {
        while (waiting.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (waiting.isEmpty()) {
          return; // closed, nobody waits
        }
        batch = new ArrayList<>(waiting);
        waiting.clear();
      }
      long target = db.getLatestSequenceNumber();
      Throwable failure = null;
      try {
        db.syncWal();
        fsyncs.increment();
      } catch (RocksDBException | RuntimeException e) {
        failure = e;
        LOG.error(
            "embedded store: fsync of the write-ahead log failed; the writes waiting for it are not "
                + "acknowledged",
            e);
      }
      synchronized (this) {
        if (failure == null) {
          durable = Math.max(durable, target);
        }
      }
      for (Waiter w : batch) {
        if (failure != null) {
          w.done().completeExceptionally(failure);
        } else {
          w.done().complete(null);
        }
      }
    }
  }

  @Override
  public void close() {
    if (syncer == null) {
      return;
    }
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      syncer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
