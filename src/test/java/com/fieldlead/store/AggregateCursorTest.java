package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An aggregation asked for in batches (as the reactive driver does) is answered whole and without a warning. */
class AggregateCursorTest {

  @Test
  void anAggregationWithABatchSizeAnswersEveryResultAndLogsNoWarning() {
    Logger store = (Logger) LoggerFactory.getLogger("de.bwaldvogel");
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    store.addAppender(logged);
    try (EmbeddedStore embedded = EmbeddedStore.startInMemory();
        MongoClient client = MongoClients.create(embedded.connectionString())) {
      MongoCollection<Document> leads = client.getDatabase("fieldlead").getCollection("leads");
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        docs.add(new Document("_id", "l" + i)
            .append("tenantId", "t1")
            .append("ownerId", "rep" + (i % 3)));
      }
      leads.insertMany(docs);
      List<Document> perOwner = leads
          .aggregate(List.of(
              Aggregates.match(Filters.eq("tenantId", "t1")),
              Aggregates.group("$ownerId", Accumulators.sum("n", 1))))
          .batchSize(1)
          .into(new ArrayList<>());
      assertEquals(3, perOwner.size());
      assertEquals(7, perOwner.stream().mapToInt(d -> d.getInteger("n")).sum());
    } finally {
      store.detachAppender(logged);
    }
    assertEquals(
        List.of(),
        logged.list.stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
            .map(ILoggingEvent::getFormattedMessage)
            .toList());
  }
}
