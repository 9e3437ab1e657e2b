package com.fieldlead.store.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RocksDB's native library. RocksDB's own loader copies the 17 MB library out of the jar into a new temporary
 * file at every start (a tenth of a second of a three-second start); this keeps one copy per library version in the
 * temporary directory and loads it from there on later starts, falling back to RocksDB's loader when anything about
 * that fails.
 */
final class NativeLibrary {

  private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);

  private NativeLibrary() {}

  static void load() {
    try {
      String name = Environment.getJniLibraryFileName("rocksdb");
      URL resource = RocksDB.class.getResource("/" + name);
      if (resource != null) {
        URLConnection connection = resource.openConnection();
        if (connection instanceof JarURLConnection jar) {
          jar.setUseCaches(false);
        }
        long size = connection.getContentLengthLong();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "fieldlead-rocksdb-" + size);
        // the file name RocksDB.loadLibrary(paths) looks for (11.x asks for "rocksdbjni", which
        // names it
        // librocksdbjnijni-<platform>; should a later version ask for the usual name, loading fails
        // and we extract)
        Path lib = dir.resolve(Environment.getJniLibraryFileName("rocksdbjni"));
        if (!Files.exists(lib) || Files.size(lib) != size) {
          Files.createDirectories(dir);
          Path part = Files.createTempFile(dir, name, ".part");
          try (InputStream in = connection.getInputStream()) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
          }
          // another process may do the same at the same time: both write complete files, the move
          // is atomic
          Files.move(
              part, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
          connection.getInputStream().close();
        }
        RocksDB.loadLibrary(List.of(dir.toString()));
        return;
      }
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      LOG.debug("cached RocksDB library not usable, extracting it again", e);
    }
    RocksDB.loadLibrary();
  }
}
