package com.fieldlead.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.bson.Document;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;

/**
 * Bridges the reactive driver's {@link Publisher}s to Vert.x {@link Future}s. The driver signals on its own threads;
 * the future is completed on the Vert.x context that asked (the request's duplicated context), so callbacks and log
 * lines stay on the event loop that owns the request. When tracing is on, each subscriber also carries the caller's
 * trace ({@link CallerTrace}) to the driver in its Reactor context, where the command listener finds it.
 */
public final class MongoFutures {

  private MongoFutures() {}

  /** A unique index refused the write (insert: a write error; findOneAndUpdate or an upsert: a command error). */
  public static boolean isDuplicateKey(Throwable t) {
    if (t instanceof MongoWriteException w) {
      return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    return t instanceof MongoCommandException c
        && ErrorCategory.fromErrorCode(c.getErrorCode()) == ErrorCategory.DUPLICATE_KEY;
  }

  /** The first element, or empty when the publisher completes without one. Cancels after the first element. */
  public static <T> Future<Optional<T>> first(Publisher<T> publisher) {
    return collect(publisher, 1)
        .map(list -> list.isEmpty() ? Optional.empty() : Optional.of(list.get(0)));
  }

  /** The single result of an operation that always yields one (insertOne, updateOne, countDocuments...). */
  public static <T> Future<T> one(Publisher<T> publisher) {
    return collect(publisher, 1).map(list -> {
      if (list.isEmpty()) {
        throw new IllegalStateException("MongoDB publisher completed without a result");
      }
      return list.get(0);
    });
  }

  /**
   * Inserts {@code docs} unordered; answers the indexes of those refused as duplicate keys (the others are stored).
   * Any other failure fails the future.
   */
  public static Future<Set<Integer>> insertSkippingDuplicates(
      MongoCollection<Document> collection, List<Document> docs) {
    return done(collection.insertMany(docs, new InsertManyOptions().ordered(false)))
        .map(v -> Set.<Integer>of())
        .recover(e -> {
          if (e instanceof MongoBulkWriteException b
              && b.getWriteErrors().stream()
                  .allMatch(w ->
                      ErrorCategory.fromErrorCode(w.getCode()) == ErrorCategory.DUPLICATE_KEY)) {
            Set<Integer> refused = new HashSet<>();
            b.getWriteErrors().forEach(w -> refused.add(w.getIndex()));
            return Future.succeededFuture(refused);
          }
          return Future.failedFuture(e);
        });
  }

  /** Every element, in order. */
  public static <T> Future<List<T>> list(Publisher<T> publisher) {
    return collect(publisher, Long.MAX_VALUE);
  }

  /** Completes when the publisher completes, ignoring elements (drop, createIndexes...). */
  public static Future<Void> done(Publisher<?> publisher) {
    return collect(publisher, Long.MAX_VALUE).mapEmpty();
  }

  /**
   * Reads {@code publisher} (a cursor) in batches of {@code size}, handing each to {@code each} on the caller's
   * context and asking the store for the next only once its future completed: one pass over a large result with at
   * most a batch in memory. Answers the number of elements read; the first failure (the store's or a batch's) stops
   * the walk and fails the result.
   */
  public static <T> Future<Long> inBatches(
      Publisher<T> publisher, int size, Function<List<T>, Future<Void>> each) {
    Objects.requireNonNull(publisher, "publisher");
    Context context = Vertx.currentContext();
    Promise<Long> promise = Promise.promise();
    publisher.subscribe(new TraceCarryingSubscriber<T>() {
      private final Object lock = new Object();
      private List<T> batch = new ArrayList<>(size);
      private Subscription subscription;
      private long read;
      private boolean finished;
      /** The batch being handled (touched on the caller's context only). */
      private Future<Void> tail = Future.succeededFuture();

      @Override
      public void onSubscribe(Subscription s) {
        subscription = s;
        s.request(size);
      }

      @Override
      public void onNext(T item) {
        List<T> full = null;
        synchronized (lock) {
          if (finished) {
            return;
          }
          batch.add(item);
          read++;
          if (batch.size() >= size) {
            full = batch;
            batch = new ArrayList<>(size);
          }
        }
        if (full != null) {
          List<T> handOver = full;
          run(() -> tail = each.apply(handOver).onComplete(ar -> {
            if (ar.failed()) {
              synchronized (lock) {
                finished = true;
              }
              subscription.cancel();
              promise.tryFail(ar.cause());
            } else {
              subscription.request(size);
            }
          }));
        }
      }

      @Override
      public void onError(Throwable t) {
        synchronized (lock) {
          if (finished) {
            return;
          }
          finished = true;
        }
        run(() -> promise.tryFail(t));
      }

      @Override
      public void onComplete() {
        List<T> rest;
        long total;
        synchronized (lock) {
          if (finished) {
            return;
          }
          finished = true;
          rest = batch;
          total = read;
        }
        run(() -> tail.compose(
                v -> rest.isEmpty() ? Future.<Void>succeededFuture() : each.apply(rest))
            .onComplete(ar -> {
              if (ar.failed()) {
                promise.tryFail(ar.cause());
              } else {
                promise.tryComplete(total);
              }
            }));
      }

      private void run(Runnable action) {
        if (context == null) {
          action.run();
        } else {
          context.runOnContext(v -> action.run());
        }
      }
    });
    return promise.future();
  }

  private static <T> Future<List<T>> collect(Publisher<T> publisher, long limit) {
    Objects.requireNonNull(publisher, "publisher");
    Context context = Vertx.currentContext();
    Promise<List<T>> promise = Promise.promise();
    publisher.subscribe(new TraceCarryingSubscriber<T>() {
      private final List<T> items = new ArrayList<>();
      private Subscription subscription;
      private boolean finished;

      @Override
      public void onSubscribe(Subscription s) {
        subscription = s;
        s.request(limit);
      }

      @Override
      public void onNext(T item) {
        if (finished) {
          return;
        }
        items.add(item);
        if (items.size() >= limit) {
          finished = true;
          subscription.cancel();
          complete(context, promise, items, null);
        }
      }

      @Override
      public void onError(Throwable t) {
        if (!finished) {
          finished = true;
          complete(context, promise, null, t);
        }
      }

      @Override
      public void onComplete() {
        if (!finished) {
          finished = true;
          complete(context, promise, items, null);
        }
      }
    });
    return promise.future();
  }

  private static <T> void complete(Context context, Promise<T> promise, T value, Throwable error) {
    Runnable action = () -> {
      if (error != null) {
        promise.fail(error);
      } else {
        promise.complete(value);
      }
    };
    if (context == null) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
