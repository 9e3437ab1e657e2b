package com.fieldlead.store.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per collection, a number that moves on after every command that may have written to it, whoever sent the command
 * (this process's driver, another client on the store's port). A process that runs the store can keep what it read
 * from a collection and use it again for as long as the collection's number reads the same as it did <em>before</em>
 * the read: a write that landed before the read was seen by it, and one that landed after it moved the number on.
 *
 * <p>Commands known to only read leave every number alone; a write to a named collection (insert, update, delete,
 * find-and-modify, drop, index changes) moves that collection's; any other command (a rename, a database drop, an
 * aggregation with {@code $out} or {@code $merge}, a command this list does not know) moves every collection's.
 */
public final class WriteGenerations {

  /** Commands that change nothing. */
  private static final Set<String> READS = Set.of(
      "find",
      "getMore",
      "count",
      "distinct",
      "killCursors",
      "listCollections",
      "listIndexes",
      "listDatabases",
      "hello",
      "isMaster",
      "ismaster",
      "ping",
      "buildInfo",
      "buildinfo",
      "dbStats",
      "dbstats",
      "collStats",
      "collstats",
      "serverStatus",
      "getParameter",
      "getLastError",
      "getlasterror",
      "endSessions",
      "explain",
      "whatsmyuri",
      "connectionStatus",
      KvBackend.DURABLE_COMMAND,
      KvBackend.BACKUP_COMMAND);

  /** Writes whose command value names the one collection they write. */
  private static final Set<String> NAMED = Set.of(
      "insert",
      "update",
      "delete",
      "findAndModify",
      "findandmodify",
      "drop",
      "create",
      "createIndexes",
      "dropIndexes",
      "deleteIndexes");

  private final Map<String, AtomicLong> byCollection = new ConcurrentHashMap<>();
  private final AtomicLong everything = new AtomicLong();

  /** The number of {@code database.collection} now: it only grows, and it grows with every write to it. */
  public long of(String database, String collection) {
    AtomicLong own = byCollection.get(database + "." + collection);
    return everything.get() + (own == null ? 0 : own.get());
  }

  /** Moves the numbers {@code command} may have written to on (call it once the command's writes are visible). */
  void after(String database, String command, Document query) {
    if (READS.contains(command) || (command.equals("aggregate") && !writesOut(query))) {
      return;
    }
    if (NAMED.contains(command) && query.get(command) instanceof String collection) {
      byCollection
          .computeIfAbsent(database + "." + collection, k -> new AtomicLong())
          .incrementAndGet();
    } else {
      everything.incrementAndGet();
    }
  }

  /** Whether an aggregation writes its result into a collection ({@code $out}, {@code $merge}). */
  private static boolean writesOut(Document query) {
    if (!(query.get("pipeline") instanceof List<?> stages)) {
      return false;
    }
    for (Object stage : stages) {
      if (stage instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge"))) {
        return true;
      }
    }
    return false;
  }
}
