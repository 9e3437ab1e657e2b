package com.fieldlead.store;

import com.fieldlead.store.embedded.KvBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.bson.Document;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a data directory written by an earlier build (mongo-java-server's H2 backend, {@value #FILE_NAME}) into the
 * new store, once: every document of every collection, read straight from the H2 file's maps. Indexes are not copied:
 * the server declares and builds its indexes at every start. The old file is then renamed to
 * {@code fieldlead.mv.db.imported} (kept as a backup; delete it once the new store has served for a while).
 */
final class H2Import {

  static final String FILE_NAME = "fieldlead.mv.db";
  private static final String DATA_MAPS = "databases.";
  private static final int CHUNK = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(H2Import.class);

  private H2Import() {}

  /** Imports {@code dataDir}'s H2 file into {@code into} when there is one; the number of documents imported. */
  static long importIfPresent(Path dataDir, KvBackend into) {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return 0;
    }
    LOG.info("importing the data of an earlier build from {} into the new store", file);
    long imported = 0;
    MVStore h2;
    try {
      h2 = new MVStore.Builder().fileName(file.toString()).readOnly().open();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Cannot read the earlier build's store file " + file + " to import it: " + e.getMessage()
              + ". Move it away to start with an empty store.",
          e);
    }
    try {
      for (String map : h2.getMapNames()) {
        if (!map.startsWith(DATA_MAPS)) {
          continue;
        }
        String full = map.substring(DATA_MAPS.length());
        int dot = full.indexOf('.');
        String collection = full.substring(dot + 1);
        if (dot < 0 || collection.startsWith("system.")) {
          continue; // namespaces and index descriptions: the new store keeps its own
        }
        imported += copy(h2.openMap(map), into.resolveDatabase(full.substring(0, dot)), collection);
      }
    } finally {
      h2.close();
    }
    try {
      Files.move(file, dataDir.resolve(FILE_NAME + ".imported"));
    } catch (IOException e) {
      throw new UncheckedIOException("imported " + file + " but could not rename it", e);
    }
    LOG.info("imported {} documents; the earlier file is kept as {}.imported", imported, file);
    return imported;
  }

  private static long copy(
      MVMap<Object, Document> from, MongoDatabase database, String collectionName) {
    MongoCollection<?> to = database.resolveCollection(collectionName, false);
    if (to == null) {
      to = database.createCollectionOrThrowIfExists(
          collectionName, CollectionOptions.withDefaults());
    }
    List<Document> chunk = new ArrayList<>(CHUNK);
    long n = 0;
    for (Document d : from.values()) {
      chunk.add(d);
      if (chunk.size() == CHUNK) {
        n += insert(to, chunk);
      }
    }
    return n + insert(to, chunk);
  }

  private static long insert(MongoCollection<?> to, List<Document> chunk) {
    List<Document> errors = to.insertDocuments(chunk, false);
    if (!errors.isEmpty()) {
      throw new IllegalStateException(
          "import of " + to.getFullName() + " failed: " + errors.get(0));
    }
    int n = chunk.size();
    chunk.clear();
    return n;
  }
}
