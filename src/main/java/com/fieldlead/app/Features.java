package com.fieldlead.app;

import com.fieldlead.activity.ActivityModule;
import com.fieldlead.activity.AssigneeDirectory;
import com.fieldlead.auth.AuthModule;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.http.Routes;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The wiring of every feature: built once per process, shared by all HTTP verticles (services are stateless and
 * thread-safe; each verticle builds its own router over them).
 */
public final class Features {

  private final Vertx vertx;
  private final MongoStore store;
  private final AuthModule auth;
  private final ActivityModule activity;
  private final LeadModule leads;
  private PrometheusMeterRegistry registry;

  Features(Vertx vertx, FieldleadConfig config, MongoStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.auth = new AuthModule(vertx, config, store, clock);
    this.leads = new LeadModule(store, clock, auth.directory());
    this.activity = new ActivityModule(store, clock, leads, AssigneeDirectory.from(auth.directory()));
    leads.addStatusListener(activity.statusListener());
    leads.addMergeListener((tenantId, survivorId, loserId) -> activity.repoint(tenantId, loserId, survivorId));
  }

  void metricsRegistry(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  public AuthModule auth() {
    return auth;
  }

  public ActivityModule activity() {
    return activity;
  }

  public LeadModule leads() {
    return leads;
  }

  List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>();
    all.addAll(auth.indexes());
    all.addAll(activity.indexes());
    all.addAll(leads.indexes());
    return all;
  }

  /** Background work and keys; runs after indexes exist. */
  Future<Void> start() {
    return auth.start().compose(v -> leads.start()).compose(v -> activity.start());
  }

  Future<Void> stop() {
    return Future.succeededFuture();
  }

  /** Creates the demo tenant unless it exists. */
  Future<Void> seedDemo() {
    return DemoSeed.seed(this);
  }

  Routes.Gate gate() {
    return auth.gate();
  }

  List<Endpoint> endpoints() {
    List<Endpoint> all = new ArrayList<>();
    all.add(new SystemEndpoint(vertx, store, registry));
    all.addAll(auth.endpoints());
    all.addAll(activity.endpoints());
    all.addAll(leads.endpoints());
    return all;
  }
}
