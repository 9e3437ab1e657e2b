package com.fieldlead.sync;

import static com.fieldlead.sync.SyncFixture.mutation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Promise;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two server instances share one store; writers on both create leads concurrently (through push, through the lead
 * API, and slow writers that hold their sequence number for up to 150 ms before the document lands, as a stalled
 * instance would) while a phone pulls through both instances the whole time. Every lead is created once and never
 * changed again, so a change a checkpoint skipped would never come back: the phone must still end up with every one.
 * (Reading up to the raw counter instead of the safe watermark makes this test fail.)
 */
class SyncTwoInstancesTest {

  static final int WRITERS = 4;
  static final int LEADS_PER_WRITER = 20;
  static final int SLOW_WRITES = 40;
  private static TestServer first;
  private static TestServer second;

  @RegisterExtension
  @Order(1)
  static final TestServerExtension FIRST = TestServerExtension.start(Map.of(), Clock.systemUTC());

  @RegisterExtension
  @Order(2)
  static final TestServerExtension SECOND =
      TestServerExtension.sharingStoreOf(FIRST, Map.of(), Clock.systemUTC());

  @BeforeAll
  static void start() {
    first = FIRST.get();
    second = SECOND.get();
  }

  @Test
  void aPhonePullingThroughBothInstancesDuringConcurrentWritesMissesNoChange() throws Exception {
    SyncFixture f = SyncFixture.create(first, "Twins");
    String templateId = f.leadOwnedBy(f.rep1());
    List<SyncFixture> via = List.of(withApi(f, first.api()), withApi(f, second.api()));
    Set<String> created = ConcurrentHashMap.newKeySet();
    Set<String> pulled = ConcurrentHashMap.newKeySet();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger pulls = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
    try {
      Future<String> puller = pool.submit(() -> {
        String checkpoint = null;
        boolean more = true;
        while (writing.get() || more) {
          SyncFixture side = via.get(pulls.getAndIncrement() % 2);
          Api.Response r = side.pull(f.rep1(), "d-twin", checkpoint, 7);
          assertEquals(200, r.status(), r::toString);
          for (JsonNode c : r.json().get("changes")) {
            pulled.add(c.get("entityId").asText());
          }
          checkpoint = r.json().get("checkpoint").asText();
          more = r.json().get("hasMore").asBoolean();
        }
        return checkpoint;
      });
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        SyncFixture side = via.get(w % 2);
        int writer = w;
        writers.add(pool.submit(() -> {
          for (int i = 0; i < LEADS_PER_WRITER; i++) {
            String id = UUID.randomUUID().toString();
            Api.Response r = i % 2 == 0
                ? side.push(
                    f.rep1(),
                    "d-writer-" + writer,
                    List.of(mutation(
                        "c-" + i,
                        "lead",
                        id,
                        "create",
                        null,
                        Map.of("lastName", "Twin " + writer + "-" + i, "company", "Concurrent"))))
                : side.api()
                    .post(
                        "/v1/leads",
                        Map.of(
                            "id",
                            id,
                            "lastName",
                            "Twin " + writer + "-" + i,
                            "company",
                            "Concurrent"),
                        f.rep1().accessToken());
            assertTrue(r.status() == 200 || r.status() == 201, r::toString);
            created.add(id);
          }
          return null;
        }));
      }
      Document template = MongoFutures.first(first
              .server()
              .store()
              .collection(LeadFields.LEADS)
              .find(Filters.eq(LeadFields.ID, templateId))
              .limit(1))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS)
          .orElseThrow();
      List<CompletableFuture<String>> slow = new ArrayList<>();
      for (int i = 0; i < SLOW_WRITES; i++) {
        slow.add(slowCreate(
            i % 2 == 0 ? first : second, f.rep1().tenantId(), template, 10 + (i * 37) % 140));
      }
      for (CompletableFuture<String> w : slow) {
        created.add(w.get(60, TimeUnit.SECONDS));
      }
      for (Future<?> w : writers) {
        w.get(120, TimeUnit.SECONDS);
      }
      writing.set(false);
      String checkpoint = puller.get(120, TimeUnit.SECONDS);
      // One more walk after the writers finished, from the phone's last checkpoint: a skipped
      // change never returns.
      SyncFixture.Pulled tail = f.pullAll(f.rep1(), "d-twin", checkpoint);
      tail.changes().forEach(c -> pulled.add(c.get("entityId").asText()));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(WRITERS * LEADS_PER_WRITER + SLOW_WRITES, created.size());
    Set<String> missing = ConcurrentHashMap.newKeySet();
    created.stream().filter(id -> !pulled.contains(id)).forEach(missing::add);
    assertTrue(
        missing.isEmpty(),
        () -> missing.size() + " created leads never reached the phone: " + missing);
    assertTrue(pulls.get() > WRITERS, "the phone should have pulled during the writes");
  }

  /**
   * Creates a lead the way a stalled instance would: takes its sequence number through its own sequencer (as another
   * instance on the same store), then lets {@code delayMs} pass before the document is written.
   */
  private static CompletableFuture<String> slowCreate(
      TestServer on, String tenantId, Document template, long delayMs) {
    String id = UUID.randomUUID().toString();
    ChangeSequencer sequencer = new ChangeSequencer(on.server().store(), Clock.systemUTC());
    MongoCollection<Document> leads = on.server().store().collection(LeadFields.LEADS);
    Promise<String> done = Promise.promise();
    on.server()
        .vertx()
        .runOnContext(v -> sequencer
            .write(tenantId, 1, allocation -> {
              Document doc = new Document(template);
              doc.remove("_id");
              doc.remove(LeadFields.CREATE_HASH);
              doc.put(LeadFields.ID, id);
              doc.put(LeadFields.VERSION, 1L);
              doc.put(ChangeStamper.FIELD, allocation.first());
              return on.server()
                  .vertx()
                  .timer(delayMs)
                  .compose(t -> MongoFutures.one(leads.insertOne(doc)))
                  .map(id);
            })
            .onComplete(done));
    return done.future().toCompletionStage().toCompletableFuture();
  }

  private static SyncFixture withApi(SyncFixture f, Api api) {
    return new SyncFixture(api, f.admin(), f.team(), f.manager(), f.rep1(), f.rep2());
  }
}
