package com.fieldlead.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A sync server the peer benchmark drives as a phone app would: fieldlead's sync API or a CouchDB-protocol server
 * (PouchDB Server). Each runs as its own process; the benchmark's client is a third.
 */
interface Peer extends AutoCloseable {

  String name();

  /** Starts the server on an empty data directory under {@code dir}; the milliseconds from launch to ready. */
  long startFresh(Path dir) throws Exception;

  /** Stops the server (SIGTERM) and starts it again on the same data; the milliseconds from launch to ready. */
  long restart() throws Exception;

  /** What a phone needs before it syncs: an account, a device, a database. */
  void setUp() throws Exception;

  /** A new phone (its own device and connection); each phone is used by one thread at a time. */
  Phone phone(String name) throws Exception;

  /** The server process's resident set, in bytes, and its peak. */
  long[] rss();

  /** Bytes of the server's data directory. */
  long disk();

  /** The store commands the server has sent so far, by {@code collection.command}; empty when it does not say. */
  Map<String, Long> storeCommands();

  /** WARN and ERROR lines of the server's log so far (a normal run should have none). */
  List<String> logProblems();

  @Override
  void close();

  /** One page of a pull: changes, decoded JSON bytes, bytes on the wire, whether more is waiting. */
  record Page(int changes, long bytes, long wireBytes, boolean more) {}

  /** A lead edit as a phone makes it: the lead and its changed fields. */
  record Edit(String id, ObjectNode changes) {}

  /** A phone: its own connection and checkpoint; it remembers the versions or revisions it has seen. */
  interface Phone {

    /** Pushes new leads in one request; fails unless every one is accepted. */
    void pushCaptures(List<BenchLeads.Capture> captures);

    /** Pushes edits of known leads in one request; fails unless every one is accepted. */
    void pushEdits(List<Edit> edits);

    /** Pulls one page from the phone's checkpoint and moves the checkpoint on. */
    Page pull(int limit);

    /** Takes over another phone's checkpoint (a phone that synced up to the same point). */
    void checkpointFrom(Phone other);
  }
}
