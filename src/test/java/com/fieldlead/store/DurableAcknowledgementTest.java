package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the durable embedded store an acknowledged push has been fsynced (the group commit ran after its writes and
 * before its answer), and a batch of captures costs one fsync, not one per document.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DurableAcknowledgementTest {

  @TempDir
  Path dataDir;

  @Test
  void aPushIsAnsweredAfterAnFsyncAndABatchSharesOne() {
    try (TestServer server = TestServer.start(
        Map.of(
            ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY,
            "false",
            ConfigKey.FIELDLEAD_DATA_DIR,
            dataDir.toString()),
        Clock.systemUTC())) {
      Api api = server.api();
      AuthFixtures.Session admin =
          AuthFixtures.tenantWithAdmin(server, "durable-" + UUID.randomUUID());
      var store = server.server().embeddedStore();
      var groupCommit = store.groupCommit();
      List<Map<String, Object>> captures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        captures.add(Map.of(
            "clientMutationId",
            "c" + i,
            "entityType",
            "lead",
            "entityId",
            UUID.randomUUID().toString(),
            "op",
            "create",
            "changes",
            Map.of("lastName", "Lead " + i, "company", "Acme")));
      }
      long before = groupCommit.fsyncs();
      long writesBefore = store.writeBatches();
      Api.Response r = api.post(
          "/v1/sync/push",
          Map.of("protocolVersion", 1, "deviceId", "d1", "mutations", captures),
          admin.accessToken());
      long after = groupCommit.fsyncs();
      long writes = store.writeBatches() - writesBefore;
      assertEquals(200, r.status(), r::toString);
      assertTrue(after > before, "the push was answered without an fsync of its writes");
      // 200 captures and the work around them: a handful of fsyncs (background jobs may add one),
      // never one each
      assertTrue(after - before <= 5, "fsyncs for one push of 200 captures: " + (after - before));
      // one write to the log per store command, a bulk write's statements included: a few dozen for
      // the push and the
      // work around it (23 when written; one per stored result made it 221), never one or more per
      // capture
      assertTrue(
          writes > 0 && writes <= 40, "write batches for one push of 200 captures: " + writes);
    }
  }
}
