package com.fieldlead.app;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.store.Backups;
import com.fieldlead.store.EmbeddedStore;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.embedded.StoreInUseException;
import com.fieldlead.sync.SyncModule;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code backup} and {@code restore} sub-commands of the embedded store (README, "Backups and restores"). A
 * backup runs beside a running server; a restore needs the data directory to itself.
 */
final class BackupCommands {

  private static final Logger LOG = LoggerFactory.getLogger(BackupCommands.class);

  private BackupCommands() {}

  /**
   * {@code backup --to DIR [--data-dir DIR | --uri URI]}: through {@code --uri}, else through {@code MONGODB_URI}
   * when set (a {@code store} process shared by several instances), else the data directory's store.
   */
  static int backup(FieldleadConfig config, Map<String, String> options) {
    Path to = Path.of(require(options, "to"));
    return report(() -> {
      String uri = options.getOrDefault("uri", config.store().mongodbUri().orElse(null));
      Backups.Backup b = uri != null && !options.containsKey("data-dir")
          ? Backups.backup(uri, to, Clock.systemUTC())
          : Backups.backup(dataDir(config, options), to, Clock.systemUTC());
      return "backup written to " + b.dir() + " (write sequence " + b.sequence() + ", from the "
          + b.source() + ")";
    });
  }

  /**
   * {@code restore --from DIR [--data-dir DIR]}: puts the backup in place, then forgets the sync checkpoint key so
   * that every phone re-syncs against the restored data.
   */
  static int restore(FieldleadConfig config, Map<String, String> options) {
    Path from = Path.of(require(options, "from"));
    if (config.store().mongodbUri().isPresent() && !options.containsKey("data-dir")) {
      throw new IllegalArgumentException(
          "restore puts back the embedded store's files; MONGODB_URI is set"
              + " (for MongoDB use mongorestore or a snapshot, README, Backups and restores), or give --data-dir");
    }
    return report(() -> {
      Backups.Restored r = Backups.restore(from, dataDir(config, options), Clock.systemUTC());
      try (EmbeddedStore embedded = EmbeddedStore.startDurable(r.dataDir(), "127.0.0.1", 0);
          MongoStore store =
              MongoStore.connect(embedded.connectionString(), config.store(), null)) {
        SyncModule.forgetCheckpointKey(store)
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
        embedded.durable().get(60, TimeUnit.SECONDS);
      }
      return "restored " + from + " (taken " + r.manifest().getProperty("createdAt")
          + ", write sequence " + r.manifest().getProperty("sequence") + ") into " + r.dataDir()
          + (r.previous() == null ? "" : "; the previous store was kept as " + r.previous())
          + "; phones will re-sync from scratch at their next pull";
    });
  }

  private interface Work {
    String run() throws Exception;
  }

  private static int report(Work work) {
    try {
      String out = work.run();
      LOG.info("{}", out);
      System.out.println(out);
      return 0;
    } catch (IllegalArgumentException e) {
      throw e; // a usage error: exit code 2, as for any other command
    } catch (StoreInUseException e) {
      return fail(
          "the embedded store's data directory " + e.dir()
              + " is in use by a running server or store: stop it before a restore (a backup may run beside it)");
    } catch (Exception e) {
      return fail(e.getMessage());
    }
  }

  private static int fail(String what) {
    LOG.error("command failed: {}", what);
    System.err.println("fieldlead: " + what);
    return 1;
  }

  private static Path dataDir(FieldleadConfig config, Map<String, String> options) {
    return options.containsKey("data-dir")
        ? Path.of(options.get("data-dir"))
        : config.store().dataDir();
  }

  private static String require(Map<String, String> options, String name) {
    String v = options.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required\n" + Main.USAGE);
    }
    return v;
  }
}
