package com.fieldlead.lead.store;

import com.fieldlead.store.MongoStore;
import com.fieldlead.testing.SharedMongo;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The lead repository's contract on MongoDB (the shared {@code mongo:7} replica set of {@link SharedMongo}), under
 * Failsafe; skipped cleanly where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoLeadRepositoryIT extends LeadRepositoryContract {

  @Override
  protected MongoStore openStore(String database) {
    return SharedMongo.connect(database);
  }

  @Override
  protected void closeStore(MongoStore store) {
    store.close();
  }
}
