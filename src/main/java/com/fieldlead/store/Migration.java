package com.fieldlead.store;

import io.vertx.core.Future;
import java.util.Objects;

/**
 * One step of the stored data's schema, numbered: {@link Migrations} applies the steps a store has not had, in order,
 * one instance at a time. A step must be idempotent (an instance may die half way and the next one runs it again)
 * and expand-only: the release before it must still read and write what it leaves, so that instances of two releases
 * can serve side by side during a rolling upgrade. Removing an old form is a later step of a later release.
 *
 * @param version the step's number; the store's schema version is the highest step applied with all before it
 * @param name what the step does, for the log and the {@code migrations} document
 * @param when whether instances wait for it before they serve ({@link When#BEFORE_START}) or serve while it runs
 * @param work the step; its result is the number of documents it changed
 */
public record Migration(int version, String name, When when, Work work) {

  /** When a step runs. */
  public enum When {
    /** Before the indexes are ensured and HTTP starts; instances that find another running it wait. */
    BEFORE_START,
    /** After start, by the instance that holds the lease; readers handle the data before and after it. */
    IN_BACKGROUND
  }

  /** A step's work; it calls {@link Progress#renew} between batches so that its lease outlives it. */
  @FunctionalInterface
  public interface Work {
    Future<Long> apply(MongoStore store, Progress progress);
  }

  /** What a running step reports back to the runner. */
  public interface Progress {
    /** Renews the runner's lease; fails when another instance took it (the step then stops). */
    Future<Void> renew();
  }

  public Migration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(work, "work");
    if (version < 1) {
      throw new IllegalArgumentException("a migration's version starts at 1: " + version);
    }
  }
}
