package com.fieldlead.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How a test thread waits for asynchronous work: Vert.x 5's {@link Future#await(long, TimeUnit)} with a bound, so a
 * hung future fails the test instead of hanging the build. Never call these on a Vert.x thread.
 */
public final class Await {

  /** How long a test waits for one future unless it says otherwise. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Await() {}

  /** The future's result; its failure is thrown as it is (checked ones too), a timeout as an AssertionError. */
  public static <T> T result(Future<T> future) {
    return result(future, TIMEOUT);
  }

  /** {@link #result(Future)} with its own bound. */
  public static <T> T result(Future<T> future, Duration timeout) {
    try {
      return future.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("not completed within " + timeout, e);
    }
  }

  /** The future's failure; an AssertionError if it succeeds or does not complete in time. */
  public static Throwable failure(Future<?> future) {
    Object value;
    try {
      value = result(future);
    } catch (AssertionError notCompleted) {
      throw notCompleted;
    } catch (Throwable failure) {
      return failure;
    }
    throw new AssertionError("expected a failure, got " + value);
  }

  /** Runs {@code work} on a Vert.x context of {@code vertx} (repositories and services expect one) and waits for it. */
  public static <T> T onContext(Vertx vertx, Supplier<Future<T>> work) {
    return onContext(vertx, work, TIMEOUT);
  }

  /** {@link #onContext(Vertx, Supplier)} with its own bound. */
  public static <T> T onContext(Vertx vertx, Supplier<Future<T>> work, Duration timeout) {
    Promise<T> promise = Promise.promise();
    vertx.runOnContext(v -> start(work, promise));
    return result(promise.future(), timeout);
  }

  private static <T> void start(Supplier<Future<T>> work, Promise<T> promise) {
    try {
      work.get().onComplete(promise);
    } catch (RuntimeException e) {
      promise.tryFail(e);
    }
  }

  /** Runs {@code work} on {@code context} (a test that needs one context throughout) and waits for it. */
  public static <T> T onContext(Context context, Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> start(work, promise));
    return result(promise.future());
  }

  /** Runs {@code work} on a Vert.x context of the test server and waits for it. */
  public static <T> T onContext(TestServer server, Supplier<Future<T>> work) {
    return onContext(server.server().vertx(), work);
  }

  /**
   * Waits until {@code condition} holds (polled every 20 ms from the test thread, never a Vert.x thread); false if it
   * still does not hold after {@code timeoutMillis}.
   */
  public static boolean until(BooleanSupplier condition, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    return condition.getAsBoolean();
  }
}
