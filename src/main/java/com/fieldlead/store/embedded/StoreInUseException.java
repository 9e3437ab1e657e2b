package com.fieldlead.store.embedded;

import java.nio.file.Path;

/** The embedded store's data directory is held by another running store (RocksDB's lock file). */
public final class StoreInUseException extends IllegalStateException {

  private final transient Path dir;

  StoreInUseException(Path dir, Throwable cause) {
    super(
        "The embedded store's data directory " + dir
            + " is in use by another running store (lock file " + dir.resolve("LOCK")
            + "). Stop that store, connect to it instead, or choose another data directory.",
        cause);
    this.dir = dir;
  }

  /** The data directory that is in use. */
  public Path dir() {
    return dir;
  }
}
