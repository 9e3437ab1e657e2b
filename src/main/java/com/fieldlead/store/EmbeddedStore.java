package com.fieldlead.store;

import com.fieldlead.store.embedded.CommandCosts;
import com.fieldlead.store.embedded.GroupCommit;
import com.fieldlead.store.embedded.KvBackend;
import com.fieldlead.store.embedded.WriteGenerations;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node embedded store: an in-process MongoDB wire-protocol server (mongo-java-server's protocol and query
 * engine) on fieldlead's own storage ({@link KvBackend}: RocksDB, indexes the planner uses, group commit), used when no
 * {@code MONGODB_URI} is configured, by the {@code store} sub-command, and by tests (in memory). It is not MongoDB; see
 * DESIGN.md, "Store compatibility", for what it does not support.
 *
 * <p>Durability: every write reaches the write-ahead log in the operating system before the store answers it, so a
 * crash of the process ({@code kill -9}) loses nothing the store answered. Surviving a power loss as well takes an
 * fsync, which {@link #durable()} does once for all the writes made so far (group commit); the server calls it before
 * it acknowledges anything to a phone, so an acknowledged capture survives both.
 */
public final class EmbeddedStore implements AutoCloseable {

  /** Subdirectory of the data directory that holds the store's files. */
  public static final String STORE_DIR = "store";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);

  private final MongoServer server;
  private final KvBackend backend;
  private final Path dataDir;
  private final InetSocketAddress address;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedStore(
      MongoServer server, KvBackend backend, Path dataDir, InetSocketAddress address) {
    this.server = server;
    this.backend = backend;
    this.dataDir = dataDir;
    this.address = address;
  }

  /**
   * Starts a durable store in {@code dataDir/store} (the directory is created if needed; a data directory of an
   * earlier build, holding {@value H2Import#FILE_NAME}, is imported first), listening on {@code host:port}
   * ({@code port} 0 picks a free port).
   *
   * @throws IllegalStateException if another running store holds the data directory, its files are not a readable
   *                               store, or the address cannot be bound
   */
  public static EmbeddedStore startDurable(Path dataDir, String host, int port) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the embedded store's data directory " + dir, e);
    }
    Path files = dir.resolve(STORE_DIR);
    boolean fresh = !Files.exists(files);
    KvBackend backend = KvBackend.open(files);
    try {
      if (fresh) {
        H2Import.importIfPresent(dir, backend);
      }
    } catch (RuntimeException e) {
      backend.close();
      deleteQuietly(files); // the next start tries the import again
      throw e;
    }
    EmbeddedStore store = bind(backend, dir, host, port);
    Backups.publishAddress(dir, store.connectionString());
    log.info(
        "Embedded single-node store (MongoDB wire protocol on RocksDB; not MongoDB): data in {}, listening on "
            + "{}. Every write reaches the write-ahead log before it is answered; answers to phones wait for its fsync. "
            + "Set MONGODB_URI to use a real MongoDB.",
        files,
        store.connectionString());
    return store;
  }

  /** Deletes a data directory and everything in it, as far as it can (a scratch store's files, a failed import). */
  public static void deleteQuietly(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: the error being reported matters more
    }
  }

  /** Starts a store that keeps everything in memory, on 127.0.0.1 and a free port. For tests and trials. */
  public static EmbeddedStore startInMemory() {
    EmbeddedStore store = bind(KvBackend.open(null), null, "127.0.0.1", 0);
    log.info("Embedded store (in memory, not MongoDB) listening on {}", store.connectionString());
    return store;
  }

  private static EmbeddedStore bind(KvBackend backend, Path dataDir, String host, int port) {
    MongoServer server = new MongoServer(backend);
    try {
      // commands wait for the collection they use: a few more threads than cores keep one slow
      // command from
      // holding up the others
      server.bind(
          new InetSocketAddress(host, port),
          1,
          Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    } catch (Exception e) {
      // Netty throws java.net.BindException undeclared, which MongoServer.bind does not clean up
      // after: shut down
      // its event loops and close the backend so the data directory is released.
      server.shutdownNow();
      throw new IllegalStateException(
          "Cannot start the embedded store on " + host + ":" + port + ": " + e, e);
    }
    return new EmbeddedStore(server, backend, dataDir, server.getLocalAddress());
  }

  /**
   * Completes once every write the store has answered so far survives a power loss (one fsync for all the callers
   * of the moment; at once when nothing new was written, or in memory).
   */
  public CompletableFuture<Void> durable() {
    return backend.groupCommit().durable();
  }

  /** The store's group commit (its fsync count is a benchmark figure). */
  public GroupCommit groupCommit() {
    return backend.groupCommit();
  }

  /** RocksDB write batches committed so far (one per write command; a benchmark figure, see {@link KvBackend}). */
  public long writeBatches() {
    return backend.writeBatches();
  }

  /** Which collections have been written since a moment (every client's commands). */
  public WriteGenerations writeGenerations() {
    return backend.writeGenerations();
  }

  /** The CPU time the store spent on each kind of command (command and collection) so far. */
  public CommandCosts commandCosts() {
    return backend.commandCosts();
  }

  /**
   * Writes a consistent copy of the running store into {@code target} (a directory that must not exist) while it
   * goes on serving; answers the sequence number of the last write the copy holds. See {@link Backups}.
   */
  public long backup(Path target) {
    return backend.backup(target);
  }

  /** The connection string for this store, e.g. {@code mongodb://127.0.0.1:27017}. */
  public String connectionString() {
    InetAddress ip = address.getAddress();
    // A wildcard bind accepts local clients too; "0.0.0.0" itself is not a usable client address.
    String host = ip == null || ip.isAnyLocalAddress() ? "127.0.0.1" : ip.getHostAddress();
    if (ip instanceof Inet6Address && !ip.isAnyLocalAddress()) {
      host = "[" + host.replaceFirst("%.*$", "") + "]";
    }
    return "mongodb://" + host + ":" + address.getPort();
  }

  /** The port the store listens on (the chosen one when started with port 0). */
  public int port() {
    return address.getPort();
  }

  /** The data directory, or {@code null} for an in-memory store. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Stops listening, lets commands in flight finish, and closes the store (the write-ahead log fsynced, the lock on
   * the data directory released). Safe to call more than once.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      if (dataDir != null) {
        Backups.withdrawAddress(dataDir);
      }
      server.shutdown(); // also closes the backend
      log.info(
          "Embedded store on port {} closed{}",
          address.getPort(),
          dataDir == null ? "" : ", data in " + dataDir);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedStore[" + connectionString()
        + (dataDir == null ? ", in memory" : ", " + dataDir) + "]";
  }
}
