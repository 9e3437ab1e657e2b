package com.fieldlead.lead.store;

import com.fieldlead.store.MongoStore;
import com.fieldlead.testing.InMemoryStore;

/** The lead repository's contract on the embedded store (in memory), in the default suite. */
class EmbeddedLeadRepositoryTest extends LeadRepositoryContract {

  private InMemoryStore memory;

  @Override
  protected MongoStore openStore(String database) {
    memory = InMemoryStore.start(database, 4);
    return memory.store();
  }

  @Override
  protected void closeStore(MongoStore store) {
    memory.close();
  }
}
