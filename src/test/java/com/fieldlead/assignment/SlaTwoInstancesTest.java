package com.fieldlead.assignment;

import static com.fieldlead.assignment.RoutingFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two server instances on one store run the SLA check at the same time: each breach is escalated exactly once. */
class SlaTwoInstancesTest {

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-04-07T09:00:00Z"));
  private static TestServer first;
  private static TestServer second;

  private static final Map<ConfigKey, String> DAY_LONG_TOKENS =
      Map.of(ConfigKey.FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS, "86400");

  @RegisterExtension
  @Order(1)
  static final TestServerExtension FIRST = TestServerExtension.start(DAY_LONG_TOKENS, CLOCK);

  @RegisterExtension
  @Order(2)
  static final TestServerExtension SECOND =
      TestServerExtension.sharingStoreOf(FIRST, DAY_LONG_TOKENS, CLOCK);

  @BeforeAll
  static void start() {
    first = FIRST.get();
    second = SECOND.get();
  }

  /** Starts {@code work} on a server's event loop without waiting. */
  static <T> CompletableFuture<T> launch(TestServer on, Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    on.server().vertx().runOnContext(v -> work.get().onComplete(promise));
    return promise.future().toCompletionStage().toCompletableFuture();
  }

  @Test
  void bothInstancesRunTheBreachCheckAndEveryBreachedLeadIsEscalatedExactlyOnce() throws Exception {
    Api api = first.api();
    RoutingFixture f = RoutingFixture.create(api, AuthFixtures.tenantWithAdmin(first, "Two"), 2);
    Api.Response p = api.put(
        "/v1/sla/policy",
        map(
            "contactTypes",
            List.of("call"),
            "rules",
            List.of(map("id", "hour", "withinMinutes", 60, "clock", "wall"))),
        f.admin().accessToken());
    assertEquals(200, p.status(), p::toString);
    List<String> leads = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      leads.add(f.capture(f.booth()));
    }
    assertTrue(f.owner(leads.get(0)) != null);
    CLOCK.advance(Duration.ofHours(2));
    List<CompletableFuture<Integer>> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(launch(first, () -> first.server().features().assignment().checkSlaBreaches()));
      runs.add(launch(second, () -> second.server().features().assignment().checkSlaBreaches()));
    }
    CompletableFuture<Boolean> leasedA =
        launch(first, () -> first.server().features().jobs().tick(AssignmentModule.SLA_JOB));
    CompletableFuture<Boolean> leasedB =
        launch(second, () -> second.server().features().jobs().tick(AssignmentModule.SLA_JOB));
    int handled = 0;
    for (CompletableFuture<Integer> r : runs) {
      handled += r.get(30, TimeUnit.SECONDS);
    }
    leasedA.get(30, TimeUnit.SECONDS);
    leasedB.get(30, TimeUnit.SECONDS);
    assertTrue(handled <= leads.size(), "claims " + handled);
    for (String lead : leads) {
      assertEquals(1, SlaEndpointTest.breachEvents(first, lead).size(), "breach events of " + lead);
      assertEquals(
          1, SlaEndpointTest.breachEvents(second, lead).size(), "same store seen from the second");
    }
  }
}
