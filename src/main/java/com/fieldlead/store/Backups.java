package com.fieldlead.store;

import com.fieldlead.store.embedded.KvBackend;
import com.fieldlead.store.embedded.StoreInUseException;
import com.mongodb.MongoCommandException;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups of the embedded store and their restore (the {@code backup} and {@code restore} sub-commands; README,
 * "Backups and restores").
 *
 * <p>A backup is a directory laid out like a data directory: {@code store/} (a RocksDB checkpoint: every write that
 * the store had answered when the backup began, and nothing half-written) and {@value #MANIFEST} (when, from where,
 * the write sequence when it began). A running store is backed up through its own {@link KvBackend#BACKUP_COMMAND}, found
 * by the address it publishes in its data directory ({@value #ADDRESS_FILE}), while it goes on serving; a stopped one
 * by opening its files.
 */
public final class Backups {

  /** File in a data directory holding the connection string of the store that has it open. */
  public static final String ADDRESS_FILE = "store.address";

  /** File in a backup directory describing it. */
  public static final String MANIFEST = "backup.properties";

  private static final Logger LOG = LoggerFactory.getLogger(Backups.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Backups() {}

  /**
   * A backup written: its directory, the store's last write sequence when the backup began (the copy holds every
   * write up to it, and may hold a few that came while it was taken), when, and how it was taken.
   */
  public record Backup(Path dir, long sequence, Instant at, String source) {}

  /** A restore done: the data directory, and where its previous store was moved (null when it had none). */
  public record Restored(Path dataDir, Path previous, Properties manifest) {}

  /**
   * Backs up the embedded store of {@code dataDir} into {@code target} (which must not exist): through the running
   * store when one holds the directory, by opening the files otherwise.
   *
   * @throws IllegalArgumentException if {@code dataDir} holds no store or {@code target} exists
   * @throws IllegalStateException if the store cannot be backed up (its own message says why)
   */
  public static Backup backup(Path dataDir, Path target, Clock clock) {
    Path dir = dataDir.toAbsolutePath().normalize();
    Path files = dir.resolve(EmbeddedStore.STORE_DIR);
    if (!Files.isDirectory(files)) {
      throw new IllegalArgumentException(
          "no embedded store in " + dir + " (nothing at " + files + ")");
    }
    Path to = prepare(target);
    Instant at = clock.instant();
    try {
      long sequence = KvBackend.backupClosed(files, to.resolve(EmbeddedStore.STORE_DIR));
      return finish(new Backup(to, sequence, at, "stopped store " + files));
    } catch (StoreInUseException running) {
      String uri = address(dir)
          .orElseThrow(() -> new IllegalStateException("the store in " + dir
              + " is in use, but its process published no address (" + ADDRESS_FILE
              + "); back it up with --uri mongodb://host:port"));
      return backupThrough(uri, to, at);
    }
  }

  /**
   * Backs up the running embedded store at {@code uri} (a {@code store} process, or the one a server runs in
   * process) into {@code target}, a path on that store's machine that must not exist.
   *
   * @throws IllegalStateException if the store at {@code uri} is not fieldlead's embedded store (a MongoDB: use
   *     mongodump or snapshots) or the backup fails
   */
  public static Backup backup(String uri, Path target, Clock clock) {
    return backupThrough(uri, prepare(target), clock.instant());
  }

  private static Backup backupThrough(String uri, Path to, Instant at) {
    Document command = new Document(KvBackend.BACKUP_COMMAND, 1)
        .append("to", to.resolve(EmbeddedStore.STORE_DIR).toString());
    try (MongoClient client = MongoClients.create(uri)) {
      Document answer = MongoFutures.one(client.getDatabase("admin").runCommand(command))
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.MINUTES);
      long sequence = ((Number) answer.get("sequence")).longValue();
      return finish(new Backup(to, sequence, at, "running store at " + redact(uri)));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MongoCommandException c && c.getErrorCode() == 59) {
        throw new IllegalStateException("the store at " + redact(uri)
            + " is a MongoDB, not fieldlead's embedded store: back it up with mongodump or snapshots"
            + " (README, Backups and restores)");
      }
      throw new IllegalStateException(
          "the backup through " + redact(uri) + " failed: " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the backup through " + redact(uri) + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Path prepare(Path target) {
    Path to = target.toAbsolutePath().normalize();
    if (Files.exists(to)) {
      throw new IllegalArgumentException(
          "the backup directory " + to + " exists: give a new one (backups are never overwritten)");
    }
    try {
      Files.createDirectories(to);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the backup directory " + to, e);
    }
    return to;
  }

  private static Backup finish(Backup backup) {
    Properties p = new Properties();
    p.setProperty("format", "fieldlead-embedded-1");
    p.setProperty("createdAt", backup.at().toString());
    p.setProperty("sequence", Long.toString(backup.sequence()));
    p.setProperty("source", backup.source());
    try (Writer out = Files.newBufferedWriter(backup.dir().resolve(MANIFEST))) {
      p.store(
          out,
          "fieldlead embedded store backup; restore with: fieldlead restore --from <this directory>");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + MANIFEST, e);
    }
    LOG.info(
        "backup written [dir={}, sequence={}, source={}]",
        backup.dir(),
        backup.sequence(),
        backup.source());
    return backup;
  }

  /**
   * Puts the backup in {@code backup} in place as the store of {@code dataDir}, whose own store (if any) must not be
   * open and is kept beside it as {@code store.before-restore-<time>}. The copy is made next to the store and moved
   * into place, so an interrupted restore leaves the previous store where it was.
   *
   * @throws IllegalArgumentException if {@code backup} is not a backup
   * @throws StoreInUseException if a running store holds the data directory
   */
  public static Restored restore(Path backup, Path dataDir, Clock clock) {
    Path from = backup.toAbsolutePath().normalize();
    Path source = from.resolve(EmbeddedStore.STORE_DIR);
    if (!Files.isRegularFile(source.resolve("CURRENT"))
        || !Files.isRegularFile(from.resolve(MANIFEST))) {
      throw new IllegalArgumentException(
          from + " is not a backup (it needs " + MANIFEST + " and store/CURRENT)");
    }
    Path dir = dataDir.toAbsolutePath().normalize();
    Path files = dir.resolve(EmbeddedStore.STORE_DIR);
    Path previous = null;
    try {
      Files.createDirectories(dir);
      if (Files.exists(files)) {
        KvBackend.ensureClosed(files);
        previous = dir.resolve(
            EmbeddedStore.STORE_DIR + ".before-restore-" + STAMP.format(clock.instant()));
      }
      Path staging = dir.resolve(EmbeddedStore.STORE_DIR + ".restoring");
      delete(staging);
      copy(source, staging);
      if (previous != null) {
        Files.move(files, previous, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staging, files, StandardCopyOption.ATOMIC_MOVE);
      Files.deleteIfExists(dir.resolve(ADDRESS_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("the restore into " + dir + " failed: " + e.getMessage(), e);
    }
    Properties manifest = new Properties();
    try (Reader in = Files.newBufferedReader(from.resolve(MANIFEST))) {
      manifest.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MANIFEST, e);
    }
    LOG.info("backup restored [from={}, dataDir={}, previous={}]", from, dir, previous);
    return new Restored(dir, previous, manifest);
  }

  /** Publishes the address of the store that has {@code dataDir} open, for {@code backup}. */
  static void publishAddress(Path dataDir, String connectionString) {
    try {
      Files.writeString(
          dataDir.resolve(ADDRESS_FILE), connectionString + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn("cannot write {} (backup will need --uri): {}", ADDRESS_FILE, e.toString());
    }
  }

  /** Removes the published address (the store is closing). */
  static void withdrawAddress(Path dataDir) {
    try {
      Files.deleteIfExists(dataDir.resolve(ADDRESS_FILE));
    } catch (IOException e) {
      LOG.debug("cannot remove {}: {}", ADDRESS_FILE, e.toString());
    }
  }

  private static Optional<String> address(Path dataDir) {
    try {
      Path file = dataDir.resolve(ADDRESS_FILE);
      return Files.exists(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String redact(String uri) {
    return uri.replaceFirst("//[^@/]*@", "//<credentials>@");
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
          throws IOException {
        Files.createDirectories(to.resolve(from.relativize(d)));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        Path copied = to.resolve(from.relativize(f));
        Files.copy(f, copied, StandardCopyOption.COPY_ATTRIBUTES);
        // on disk before the move makes it the store: a power loss must not leave half a restore in
        // place
        try (FileChannel channel = FileChannel.open(copied, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
