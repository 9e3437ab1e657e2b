package com.fieldlead.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import io.netty.channel.Channel;

/**
 * The single-node embedded store: an in-process MongoDB wire-protocol server (mongo-java-server)
 * on an H2 MVStore file, used when no {@code MONGODB_URI} is configured, by the {@code store}
 * sub-command, and by tests (in-memory variant). It is not MongoDB; see DESIGN.md, "Store
 * compatibility", for what it does not support.
 *
 * <p>Durable mode commits the MVStore and fsyncs the file after every command that may have
 * written, before the reply goes out, so an acknowledged write survives {@code kill -9} of the
 * process and, within what H2's file format guarantees, a power loss. Without this, H2 commits only about once a second and a crash loses
 * the last second of acknowledged writes.
 */
public final class EmbeddedStore implements AutoCloseable {

    /** Name of the H2 MVStore file inside the data directory. */
    public static final String FILE_NAME = "fieldlead.mv.db";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);

    private static final int RETENTION_MILLIS = 1000;

    /** How far a write is pushed before it is acknowledged. Package-private: tests and measurements. */
    enum WriteSync {
        /** H2's own background commit (about every second): acknowledged writes can be lost on a crash. */
        BACKGROUND("H2 commits in the background about once a second"),
        /** Commit after each write: survives a process crash (kill -9), the data is in the OS page cache. */
        COMMIT("every write is committed before it is acknowledged"),
        /** Commit and fsync after each write: also survives power loss or a kernel crash, at a higher cost. */
        COMMIT_AND_FSYNC("every write is committed and fsynced before it is acknowledged");

        private final String description;

        WriteSync(String description) {
            this.description = description;
        }
    }

    private final MongoServer server;
    private final Path dataDir;
    private final InetSocketAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedStore(MongoServer server, Path dataDir, InetSocketAddress address) {
        this.server = server;
        this.dataDir = dataDir;
        this.address = address;
    }

    /**
     * Starts a durable store on {@code dataDir/fieldlead.mv.db} (the directory is created if needed),
     * listening on {@code host:port} ({@code port} 0 picks a free port).
     *
     * @throws IllegalStateException if another running store holds the data directory, the file is
     *                               not a readable store, or the address cannot be bound
     */
    public static EmbeddedStore startDurable(Path dataDir, String host, int port) {
        return startFile(dataDir, host, port, WriteSync.COMMIT_AND_FSYNC);
    }

    /** Starts a store that keeps everything in memory, on 127.0.0.1 and a free port. For tests. */
    public static EmbeddedStore startInMemory() {
        // H2 in memory rather than MemoryBackend: tests then run the same engine as the durable store.
        CommittingH2Backend backend = new CommittingH2Backend(MVStore.open(null), WriteSync.BACKGROUND);
        EmbeddedStore store = bind(backend, null, "127.0.0.1", 0);
        log.info("Embedded MongoDB-compatible store (in memory, not MongoDB) listening on {}",
            store.connectionString());
        return store;
    }

    static EmbeddedStore startFile(Path dataDir, String host, int port, WriteSync writeSync) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the embedded store's data directory " + dir, e);
        }
        Path file = dir.resolve(FILE_NAME);
        MVStore mvStore = openFile(file);
        CommittingH2Backend backend;
        try {
            backend = new CommittingH2Backend(mvStore, writeSync);
        } catch (RuntimeException e) {
            mvStore.closeImmediately(); // release the file lock
            throw e;
        }
        EmbeddedStore store = bind(backend, dir, host, port);
        log.warn("Using the EMBEDDED single-node MongoDB-compatible store (mongo-java-server on H2), NOT MongoDB: "
                + "data in {}, listening on {}; {}. It lacks transactions, change streams, TTL, "
                + "$text and geo queries and is meant for trial, development and one-node installs. "
                + "Set MONGODB_URI to use a real MongoDB.",
            file, store.connectionString(), writeSync.description);
        return store;
    }

    private static MVStore openFile(Path file) {
        try {
            MVStore mvStore = new MVStore.Builder().fileName(file.toString()).open();
            // H2 never reuses the space of a chunk younger than the retention time (default 45 s).
            // With a chunk (~20-50 KB) per write, that made the file grow by ~2 GB in a minute of
            // single inserts; 1 s keeps it bounded. Reads and writes of a collection's maps run
            // under that collection's lock, so no reader holds an old root for long.
            mvStore.setRetentionTime(RETENTION_MILLIS);
            return mvStore;
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                // H2 holds an OS file lock while the store is open: a second process (or a second
                // store in this JVM) must not write to the same file, it would corrupt it.
                throw new IllegalStateException("The embedded store's data directory " + file.getParent()
                    + " is in use by another running store (H2 file lock on " + file + "). Stop that store, "
                    + "connect to it instead, or choose another data directory.", e);
            }
            throw new IllegalStateException("Cannot open the embedded store file " + file + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedStore bind(CommittingH2Backend backend, Path dataDir, String host, int port) {
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(host, port);
        } catch (Exception e) {
            // Netty throws java.net.BindException undeclared, which MongoServer.bind does not clean up
            // after: shut down its event loops and close the MVStore so the file lock is released.
            server.shutdownNow();
            throw new IllegalStateException("Cannot start the embedded store on " + host + ":" + port + ": " + e, e);
        }
        return new EmbeddedStore(server, dataDir, server.getLocalAddress());
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
     * Disconnects all clients, stops listening and closes the MVStore cleanly (final commit,
     * file lock released). Safe to call more than once.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // shutdownNow: do not wait for clients to hang up; it also closes the backend and the MVStore.
            server.shutdownNow();
            log.info("Embedded store on port {} closed{}", address.getPort(),
                dataDir == null ? "" : ", data in " + dataDir);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedStore[" + connectionString() + (dataDir == null ? ", in memory" : ", " + dataDir) + "]";
    }

    /**
     * H2 backend that commits the MVStore after every command that may have written, before the
     * reply is sent. Every client request reaches the backend through {@link #handleCommand} (OP_MSG via
     * {@code handleMessage}, which delegates to it, and legacy OP_QUERY {@code $cmd}); the only
     * other entry point, {@code handleQuery}, serves legacy reads.
     */
    private static final class CommittingH2Backend extends H2Backend {

        /**
         * Commands that never write (lower case), skipped by the per-write commit to keep reads cheap.
         * Anything not listed is treated as a write; {@code aggregate} is not listed because of $out/$merge.
         */
        private static final Set<String> READ_ONLY_COMMANDS = Set.of(
            "find", "getmore", "count", "distinct", "killcursors", "listcollections", "listindexes",
            "listdatabases", "ismaster", "hello", "ping", "buildinfo", "serverstatus", "whatsmyuri",
            "dbstats", "collstats", "getlasterror", "getparameter", "endsessions", "connectionstatus");

        private final MVStore mvStore;
        private final WriteSync writeSync;

        CommittingH2Backend(MVStore mvStore, WriteSync writeSync) {
            super(mvStore);
            this.mvStore = mvStore;
            this.writeSync = writeSync;
        }

        /** Databases whose collections use their indexes (see {@link IndexedH2Collection}). */
        @Override
        protected de.bwaldvogel.mongo.MongoDatabase openOrCreateDatabase(String databaseName) {
            // also called by the super constructor (opening a file's databases): getMvStore(), not a field of ours
            return IndexedH2Database.open(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
            Document reply;
            try {
                reply = super.handleCommand(channel, databaseName, command, query);
            } catch (RuntimeException failure) {
                // A failed command may still have written part of its work (an ordered bulk stopped at
                // a duplicate); other clients can already read it, so it must be on disk as well.
                try {
                    persist(command);
                } catch (RuntimeException commitFailure) {
                    failure.addSuppressed(commitFailure);
                }
                throw failure;
            }
            persist(command);
            return reply;
        }

        /**
         * Makes the command's changes durable. A failure turns the reply into an error, so a client
         * never gets an acknowledgement for a write that is not on disk.
         */
        private void persist(String command) {
            if (writeSync == WriteSync.BACKGROUND || READ_ONLY_COMMANDS.contains(command.toLowerCase(Locale.ROOT))) {
                return;
            }
            try {
                // Writes this command's changes and waits for them; a no-op when nothing changed.
                mvStore.commit();
                // H2's background auto-commit writes asynchronously (serialization and save executors):
                // if it picked up our changes first, commit() found nothing to do while that chunk may
                // still be in flight. Flushing both executors waits for it.
                mvStore.executeFilestoreOperation(writeSync == WriteSync.COMMIT_AND_FSYNC ? mvStore::sync : () -> { });
            } catch (RuntimeException e) {
                // mongo-java-server logs it at ERROR and replies ok:0, so the client sees a failed write.
                throw new MongoServerException("embedded store could not commit to disk, the write is not "
                    + "acknowledged: " + e.getMessage(), e);
            }
        }
    }
}
