package com.fieldlead.store;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.Objects;
import org.bson.Document;

/**
 * Per tenant, a number that moves on after every write that can change what a signed-in caller may do or see: a
 * session ended or bound to a device, a device revoked, a user changed or disabled, team membership changed, an
 * event's capture sharing changed. An answer worked out from such data is still right as long as the tenant's epoch
 * reads the same as it did <em>before</em> that data was read ({@link EpochCache}): one point read instead of reading
 * it all again, on every instance, with no delay after a change.
 *
 * <p>Why no change is missed: a writer moves the epoch only after its write landed. A reader that read epoch {@code e}
 * and then the data either saw the write, or read the data before it landed; then the writer's move came later still,
 * so the epoch no longer reads {@code e} and the kept answer is not used again. A writer whose move fails after its
 * write landed leaves kept answers standing until the next move or until they are {@link EpochCache#maxAge() too old};
 * its caller gets the failure and retries (every such write is idempotent).
 */
public final class AccessEpochs {

  public static final String COLLECTION = "access_epochs";
  private static final String EPOCH = "epoch";

  private final MongoCollection<Document> epochs;
  /** The epochs read, while nothing has written the collection since (on the embedded store in this process). */
  private final UnwrittenCache<String, Long> read;

  public AccessEpochs(MongoStore store) {
    this.epochs = store.collection(COLLECTION);
    this.read = new UnwrittenCache<>(store, COLLECTION);
  }

  /**
   * The tenant's epoch (0 before the first move): read every time on MongoDB; kept while the collection is unwritten
   * on the embedded store in this process, where a read of every request of every tenant would be most of a quiet
   * pull's store work.
   */
  public Future<Long> read(String tenantId) {
    Objects.requireNonNull(tenantId, "tenantId");
    return read.get(
        tenantId,
        () -> MongoFutures.first(epochs.find(Filters.eq("_id", tenantId)).first())
            .map(d -> d.map(x -> ((Number) x.get(EPOCH)).longValue()).orElse(0L)));
  }

  /** Moves the tenant's epoch on. */
  public Future<Void> advance(String tenantId) {
    Objects.requireNonNull(tenantId, "tenantId");
    return inc(tenantId)
        .recover(t -> MongoFutures.isDuplicateKey(t)
            ? inc(tenantId)
            : Future.failedFuture(t)); // two first moves
  }

  /**
   * {@code write}'s outcome once the tenant's epoch has moved on after it; the epoch moves whether the write
   * succeeded or failed (a failed many-document write may have changed some). A failed move fails the result.
   */
  public <T> Future<T> after(String tenantId, Future<T> write) {
    return write.transform(done -> advance(tenantId)
        .transform(moved -> done.failed()
            ? Future.failedFuture(done.cause())
            : moved.failed()
                ? Future.failedFuture(moved.cause())
                : Future.succeededFuture(done.result())));
  }

  private Future<Void> inc(String tenantId) {
    return MongoFutures.one(epochs.updateOne(
            Filters.eq("_id", tenantId), Updates.inc(EPOCH, 1L), new UpdateOptions().upsert(true)))
        .mapEmpty();
  }
}
