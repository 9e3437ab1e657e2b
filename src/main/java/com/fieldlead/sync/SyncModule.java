package com.fieldlead.sync;

import com.fieldlead.auth.DeviceRevocations;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.config.ConfigException;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.http.Endpoint;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.LeasedJobs;
import com.fieldlead.store.MongoStore;
import com.fieldlead.sync.checkpoint.CheckpointCodec;
import com.fieldlead.sync.port.ActivityFeed;
import com.fieldlead.sync.port.ActivityWrites;
import com.fieldlead.sync.port.LeadChildFeed;
import com.fieldlead.sync.port.LeadFeed;
import com.fieldlead.sync.port.LeadWrites;
import com.fieldlead.sync.port.ReferenceSource;
import com.fieldlead.sync.protocol.ProtocolVersion;
import com.fieldlead.sync.protocol.ProtocolWindow;
import com.fieldlead.sync.protocol.ResultKind;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline delta sync feature: pull, push, the conflict inbox, rejected mutations and device sync state. The
 * change sequencer it reads is the one lead and activity writes are stamped with.
 */
public final class SyncModule {

  /**
   * The default tombstone horizon ({@code FIELDLEAD_SYNC_TOMBSTONE_HORIZON}): deletes are kept as tombstones at least
   * this long; older checkpoints get a re-baseline (sync invariant 7).
   */
  public static final Duration TOMBSTONE_HORIZON = Duration.ofDays(30);
  /** How far ahead of this instance's clock a checkpoint's issue time may be (clock skew between instances). */
  public static final Duration ALLOWED_SKEW = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(SyncModule.class);

  private final SyncStores stores;
  private final AtomicReference<CheckpointCodec> codec = new AtomicReference<>();
  private final Clock clock;
  private final SyncEndpoint endpoint;
  private final PushService push;
  private final ChangeSequencer sequencer;
  private final Duration horizon;
  private final ProtocolWindow window;

  /** What sync reads and writes of the features whose entities it carries, each behind its port. */
  public record Features(
      LeadFeed leads,
      LeadWrites leadWrites,
      ReferenceSource reference,
      ActivityFeed activities,
      ActivityWrites activityWrites,
      LeadChildFeed attachments) {}

  public SyncModule(
      MongoStore store,
      Clock clock,
      ChangeSequencer sequencer,
      Features features,
      UserDirectory directory,
      DeviceRevocations revocations,
      FieldleadConfig.Sync config) {
    this.clock = clock;
    this.horizon = config.tombstoneHorizon();
    this.window = window(config);
    this.sequencer = sequencer;
    this.stores = new SyncStores(store);
    DeviceStates devices = new DeviceStates(stores);
    PullService pull = new PullService(
        sequencer,
        this::codec,
        features.leads(),
        features.activities(),
        features.attachments(),
        new ReferenceData(features.reference(), directory),
        devices,
        clock);
    Inbox inbox = new Inbox(stores, features.leadWrites(), clock);
    PushService push = new PushService(
        stores,
        new MutationApplier(features.leadWrites(), features.activityWrites(), clock),
        inbox,
        devices,
        clock);
    this.push = push;
    this.endpoint = new SyncEndpoint(
        pull,
        new PullPrefetch(sequencer, features.leads()),
        push,
        inbox,
        devices,
        revocations,
        clock,
        window);
  }

  /**
   * The protocol versions this instance serves: every one this release speaks, or up to {@code
   * FIELDLEAD_SYNC_PROTOCOL_MAX} (the operator's canary or rollback switch: capped at the previous release's newest
   * version, the instance serves phones exactly as that release did).
   */
  static ProtocolWindow window(FieldleadConfig.Sync config) {
    if (config.protocolMax().isEmpty()) {
      return ProtocolWindow.all();
    }
    int max = config.protocolMax().getAsInt();
    if (max < ProtocolVersion.OLDEST || max > ProtocolVersion.NEWEST) {
      throw new ConfigException(ConfigKey.FIELDLEAD_SYNC_PROTOCOL_MAX.name() + " must be between "
          + ProtocolVersion.OLDEST + " and " + ProtocolVersion.NEWEST
          + " (the sync protocol versions this release speaks), got " + max);
    }
    return ProtocolWindow.upTo(max);
  }

  /** The protocol versions this instance serves. */
  public ProtocolWindow protocolWindow() {
    return window;
  }

  /**
   * Tells {@code listener} each pushed mutation's result as pushes are answered, in its wire form ({@code applied},
   * {@code merged}, {@code conflict}, {@code rejected}, {@code duplicate}, {@code in_progress}), for metrics. A replay
   * counts as {@code duplicate} whatever protocol version the phone speaks (the internal form is version 1's).
   */
  public void onMutationResults(Consumer<String> listener) {
    push.onResults(results -> results.forEach(r -> listener.accept(r.result().wire())));
  }

  /** Every result a pushed mutation can have, in wire form. */
  public static List<String> mutationResults() {
    return Arrays.stream(ResultKind.values()).map(ResultKind::wire).toList();
  }

  public List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>(ChangeSequencer.indexes());
    all.addAll(SyncStores.indexes());
    return all;
  }

  /** The lease-claimed job that deletes in-flight markers left by crashed writers (readers ignore them anyway). */
  public static final String INFLIGHT_PURGE_JOB = "sync-inflight-purge";

  /** Loads (or creates) the shared checkpoint signing key and schedules the marker purge. */
  public Future<Void> start(LeasedJobs jobs) {
    LOG.info(
        "sync protocol versions served [window={}..{}, newest={}]",
        window.min(),
        window.max(),
        ProtocolVersion.NEWEST);
    return stores.checkpointKey().map(key -> {
      codec.set(new CheckpointCodec(List.of(key), horizon, ALLOWED_SKEW, clock, window));
      jobs.schedule(
          INFLIGHT_PURGE_JOB,
          Duration.ofMinutes(1),
          Duration.ofSeconds(30),
          sequencer::purgeExpired);
      return null;
    });
  }

  /**
   * After the store was restored from a backup (the {@code restore} sub-command): forgets the checkpoint signing key,
   * so the next start signs with a new one and every checkpoint a phone holds fails as {@code CHECKPOINT_FORGED}; the
   * phone then drops it and syncs from scratch, keeping its unsent edits (mobile-contract/protocol.md,
   * "Checkpoints"). Without this, a phone that had pulled changes made after the backup would hold a checkpoint that
   * the restored sequence reaches again, and would skip the new changes numbered up to it.
   */
  public static Future<Void> forgetCheckpointKey(MongoStore store) {
    return SyncStores.forgetCheckpointKey(store);
  }

  public List<Endpoint> endpoints() {
    return List.of(endpoint);
  }

  private CheckpointCodec codec() {
    CheckpointCodec c = codec.get();
    if (c == null) {
      throw new IllegalStateException("sync module not started");
    }
    return c;
  }
}
