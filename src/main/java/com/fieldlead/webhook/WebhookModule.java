package com.fieldlead.webhook;

import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.crypto.SecretBox;
import com.fieldlead.events.EventLog;
import com.fieldlead.http.Endpoint;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outgoing webhooks: admin subscriptions ({@code /v1/webhooks}), the fan-out of durable domain events into the
 * webhook outbox (a leased job), and a delivery worker on every instance that signs and sends them with retries.
 */
public final class WebhookModule {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookModule.class);

  /** The fan-out's job name (tick it after the event relay so a delivery need not wait for its period). */
  public static final String FANOUT_JOB = FanOut.JOB;

  /** The webhook outbox's collection, and the field naming a delivery's subscription. */
  static final String DELIVERIES = "webhook_deliveries";

  static final String SUBSCRIPTION_ID = "subscriptionId";

  /** The webhook outbox (deliveries) in the store. */
  static Outbox outbox(MongoStore store) {
    return new Outbox(store, DELIVERIES, "webhook_counters", SUBSCRIPTION_ID);
  }

  private final FieldleadConfig.Webhooks config;
  private final MongoWebhooks subscriptions;
  private final Outbox deliveries;
  private final WebhookSender sender;
  private final DeliveryWorker worker;
  private final FanOut fanOut;
  private final WebhookService service;
  private final SecretBox secrets;

  public WebhookModule(
      Vertx vertx,
      FieldleadConfig.Webhooks config,
      MongoStore store,
      Clock clock,
      EventLog eventLog,
      String instance) {
    this.config = config;
    this.subscriptions = new MongoWebhooks(store);
    this.deliveries = outbox(store);
    this.secrets = new SecretBox(config.secretKey(), ConfigKey.FIELDLEAD_WEBHOOK_SECRET_KEY.name());
    UrlPolicy policy = new UrlPolicy(config.allowHttp(), config.allowPrivateAddresses());
    this.sender = new WebhookSender(vertx, policy, config.timeout());
    SecureRandom random = new SecureRandom();
    this.worker = new DeliveryWorker(
        vertx,
        deliveries,
        subscriptions,
        sender,
        secrets,
        new RetryPolicy(config.retryBase(), random::nextDouble),
        clock,
        config.disableAfter(),
        instance);
    this.fanOut = new FanOut(eventLog, subscriptions, deliveries, clock, worker::wake);
    this.service =
        new WebhookService(subscriptions, deliveries, policy, sender, secrets, clock, worker::wake);
  }

  public List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>(subscriptions.indexes());
    all.addAll(deliveries.indexes());
    return all;
  }

  public List<Endpoint> endpoints() {
    return List.of(new WebhookEndpoint(service));
  }

  /** Schedules the fan-out on {@code jobs} and starts this instance's worker; call from a Vert.x context. */
  public void start(LeasedJobs jobs, boolean background) {
    if (!secrets.encrypts()) {
      LOG.info(
          "webhook secrets are stored unencrypted: set FIELDLEAD_WEBHOOK_SECRET_KEY to encrypt them");
    }
    // its work is the event log's marks: nothing becomes due while the log is unwritten
    jobs.scheduleOnWrites(
        FanOut.JOB,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        EventLog.COLLECTION,
        fanOut::runOnce);
    if (background) {
      worker.start(config.poll());
    }
  }

  /** One fan-out pass and one worker round here, now (tests drive instances by hand). */
  public Future<Integer> deliverDueNow() {
    return fanOut.runOnce().compose(n -> worker.runOnce());
  }

  /** One worker round here (claims and sends what is due); the number claimed. */
  public Future<Integer> sendDueNow() {
    return worker.runOnce();
  }

  public Future<Void> stop() {
    return worker.stop().onComplete(ar -> sender.close());
  }
}
