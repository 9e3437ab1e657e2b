package com.fieldlead.crm;

import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.crypto.SecretBox;
import com.fieldlead.events.EventLog;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.outbox.Outbox;
import com.fieldlead.outbox.RetryPolicy;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.LeasedJobs;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CRM connectors: tenants connect Salesforce or HubSpot with OAuth ({@code /v1/crm}), and leads that reach the
 * connection's trigger (qualified, or converted) are pushed from the durable status-change events through the CRM
 * outbox (the webhooks' {@link Outbox}: ordered per lead, retried with backoff, one instance at a time), with the
 * result written back on the lead's {@code crm} link.
 */
public final class CrmModule {

  /** The fan-out's job name (tick it after the event relay so a push need not wait for its period). */
  public static final String FANOUT_JOB = CrmFanOut.JOB;

  static final String CONNECTION_ID = "connectionId";

  private final FieldleadConfig.Crm config;
  private final MongoConnections connections;
  private final Outbox outbox;
  private final CrmHttp http;
  private final CrmWorker worker;
  private final CrmFanOut fanOut;
  private final CrmService service;

  public CrmModule(
      Vertx vertx,
      FieldleadConfig.Crm config,
      MongoStore store,
      Clock clock,
      EventLog eventLog,
      LeadModule leads,
      String instance) {
    this.config = config;
    this.connections = new MongoConnections(store);
    this.outbox = new Outbox(store, "crm_pushes", "crm_counters", CONNECTION_ID);
    this.http = new CrmHttp(vertx, config.timeout());
    SecretBox box = new SecretBox(config.tokenKey(), ConfigKey.FIELDLEAD_CRM_TOKEN_KEY.name());
    OAuthClient oauth = new OAuthClient(config, http);
    Sessions sessions = new Sessions(connections, oauth, box, clock);
    Map<String, CrmApi> apis = Map.of(
        Connection.SALESFORCE, new SalesforceApi(http, config.salesforceApiVersion(), clock),
        Connection.HUBSPOT, new HubSpotApi(http, config.hubspot().apiUrl(), clock));
    SecureRandom random = new SecureRandom();
    this.worker = new CrmWorker(
        vertx,
        outbox,
        connections,
        sessions,
        apis,
        leads,
        new RetryPolicy(config.retryBase(), random::nextDouble),
        clock,
        instance);
    eventLog.addOutboxMark(CrmFanOut.MARK);
    this.fanOut = new CrmFanOut(eventLog, connections, outbox, clock, worker::wake);
    this.service = new CrmService(
        config, connections, outbox, oauth, sessions, box, leads, clock, worker::wake);
  }

  public List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>(connections.indexes());
    all.addAll(outbox.indexes());
    return all;
  }

  public List<Endpoint> endpoints() {
    return List.of(new CrmEndpoint(service));
  }

  /** Schedules the fan-out on {@code jobs} and starts this instance's worker; call from a Vert.x context. */
  public void start(LeasedJobs jobs, boolean background) {
    // its work is the event log's marks: nothing becomes due while the log is unwritten
    jobs.scheduleOnWrites(
        CrmFanOut.JOB,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        EventLog.COLLECTION,
        fanOut::runOnce);
    if (background) {
      worker.start(config.poll());
    }
  }

  /** One fan-out pass and one worker round here, now (tests drive instances by hand); the pushes claimed. */
  public Future<Integer> pushDueNow() {
    return fanOut.runOnce().compose(n -> worker.runOnce());
  }

  public Future<Void> stop() {
    return worker.stop().onComplete(ar -> http.close());
  }
}
