package com.fieldlead.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny periodic job runner for background work that runs on every instance (score decay, the domain event relay,
 * SLA checks): every {@code every}, an instance tries the job's {@link Leases lease} and runs the job only while it
 * holds it, then releases it. A tick is skipped while the previous run of the same job on this instance is still
 * going. {@link #stop()} cancels every timer and answers once the runs in progress are done (call it from
 * {@code Features.stop()}, before the store closes).
 *
 * <p>The lease must outlast one run: a run longer than the lease may overlap another instance's run, so jobs
 * should work in bounded batches and be idempotent per item (claim with conditional updates).
 */
public final class LeasedJobs {

  private static final Logger LOG = LoggerFactory.getLogger(LeasedJobs.class);

  private final Vertx vertx;
  private final Leases leases;
  private final Clock clock;
  private final String owner;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final List<Long> timers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Set<Future<Boolean>> inProgress = ConcurrentHashMap.newKeySet();
  /** A collection's write generation ({@link MongoStore#writeGeneration}), or {@link MongoStore#NO_GENERATION}. */
  private final ToLongFunction<String> generations;

  /**
   * @param input for a job that waits on writes ({@link #scheduleOnWrites}), the collection its work is in; else null
   * @param quietAt the input's write generation read before the last run that completed, or NO_GENERATION
   */
  private record Job(
      String name,
      Duration lease,
      Supplier<Future<?>> work,
      AtomicBoolean running,
      String input,
      AtomicLong quietAt) {}

  /** @param owner this instance's id (unique per process), recorded as the lease owner */
  public LeasedJobs(Vertx vertx, Leases leases, Clock clock, String owner) {
    this(vertx, leases, clock, owner, collection -> MongoStore.NO_GENERATION);
  }

  /**
   * @param generations where this process runs the store, its write generations ({@link MongoStore#writeGeneration}):
   *     timed ticks of a {@link #scheduleOnWrites} job are then skipped while its collection is unwritten
   */
  public LeasedJobs(
      Vertx vertx, Leases leases, Clock clock, String owner, ToLongFunction<String> generations) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.leases = Objects.requireNonNull(leases, "leases");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.generations = Objects.requireNonNull(generations, "generations");
  }

  /** The names of the scheduled jobs (tests tick each on demand). */
  public Set<String> names() {
    return Set.copyOf(jobs.keySet());
  }

  /** This instance's lease owner id. */
  public String owner() {
    return owner;
  }

  /**
   * Runs {@code work} every {@code every} on the instance holding lease {@code name} (taken for {@code lease} per
   * run). Call from a Vert.x context (the timer fires there).
   */
  public void schedule(String name, Duration every, Duration lease, Supplier<Future<?>> work) {
    add(new Job(name, lease, work, new AtomicBoolean(), null, null), every);
  }

  /**
   * {@link #schedule}, for a job whose due work is all in {@code input} and never becomes due by time alone (a queue
   * drained by a mark, such as the event log's fan-out marks): where this process runs the store, a timed tick is
   * skipped, with no lease taken and nothing read, while {@code input} is unwritten since the last run that completed
   * (a run that found work wrote to {@code input}, so the next tick runs and finds whether more is left). On MongoDB,
   * or a store another process runs, every tick runs, as with {@link #schedule}; {@link #tick} always runs.
   */
  public void scheduleOnWrites(
      String name, Duration every, Duration lease, String input, Supplier<Future<?>> work) {
    Objects.requireNonNull(input, "input");
    add(
        new Job(
            name,
            lease,
            work,
            new AtomicBoolean(),
            input,
            new AtomicLong(MongoStore.NO_GENERATION)),
        every);
  }

  private void add(Job job, Duration every) {
    if (jobs.putIfAbsent(job.name(), job) != null) {
      throw new IllegalStateException("job " + job.name() + " is scheduled already");
    }
    if (!stopped.get()) {
      timers.add(vertx.setPeriodic(every.toMillis(), id -> timedTick(job)));
    }
  }

  /** A timer's tick: skipped while a job that waits on writes has had none since its last completed run. */
  private void timedTick(Job job) {
    if (job.input() != null) {
      long now = generations.applyAsLong(job.input());
      if (now != MongoStore.NO_GENERATION && now == job.quietAt().get()) {
        return;
      }
    }
    tick(job.name());
  }

  /**
   * One tick of job {@code name} now (timers call this; tests call it to run a job on demand): true when this
   * instance held the lease and the job ran, false when skipped (still running here, lease held elsewhere, stopped).
   * A failing run is logged; the future still succeeds.
   */
  public Future<Boolean> tick(String name) {
    Job job = jobs.get(name);
    if (job == null) {
      return Future.failedFuture(new IllegalArgumentException("no job " + name));
    }
    if (stopped.get() || !job.running().compareAndSet(false, true)) {
      return Future.succeededFuture(false);
    }
    // listed before the second look at the flag, as stop() sets the flag before it reads the list:
    // a run that
    // starts while the server stops is either awaited by stop() or not started, never left running
    // on a closed store
    Promise<Boolean> done = Promise.promise();
    inProgress.add(done.future());
    if (stopped.get()) {
      inProgress.remove(done.future());
      job.running().set(false);
      return Future.succeededFuture(false);
    }
    run(name, job).onComplete(done);
    return done.future().onComplete(ar -> inProgress.remove(done.future()));
  }

  private Future<Boolean> run(String name, Job job) {
    return leases
        .tryAcquire(name, owner, job.lease(), clock.instant())
        .compose(held -> {
          if (!held) {
            return Future.succeededFuture(false);
          }
          // read before the work reads: a write after this moment moves it, and the next tick runs
          long generation =
              job.input() == null ? MongoStore.NO_GENERATION : generations.applyAsLong(job.input());
          Future<?> run;
          try {
            run = job.work().get();
          } catch (RuntimeException e) {
            run = Future.failedFuture(e);
          }
          return run.<Void>map(done -> {
                if (job.input() != null) {
                  job.quietAt().set(generation);
                }
                return null;
              })
              .recover(e -> {
                LOG.warn("background job failed [job={}, owner={}]", name, owner, e);
                return Future.succeededFuture();
              })
              .compose(v -> leases.release(name, owner))
              .map(true);
        })
        .recover(e -> {
          LOG.warn("background job tick failed [job={}, owner={}]", name, owner, e);
          return Future.succeededFuture(false);
        })
        .onComplete(ar -> job.running().set(false));
  }

  /** Cancels every timer; answers once the runs in progress have finished (no new run starts). */
  public Future<Void> stop() {
    if (stopped.compareAndSet(false, true)) {
      timers.forEach(vertx::cancelTimer);
      timers.clear();
    }
    return Future.join(List.copyOf(inProgress))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }
}
