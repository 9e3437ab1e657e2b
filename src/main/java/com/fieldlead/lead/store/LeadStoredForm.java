package com.fieldlead.lead.store;

import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.Migration;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The stored form of a lead document, numbered in {@link LeadFields#SCHEMA_VERSION}, and the migration that brings
 * leads written by earlier releases to it. Form 2 (this release's): the per-field stamps kept once per distinct stamp
 * ({@link FieldMetaCodec}), no full-JSON sync state of the builds before the compact sync view. Reads accept both
 * forms, so the migration runs while the server serves, and a lead a release without it writes meanwhile stays
 * readable.
 */
public final class LeadStoredForm {

  /** The form this release writes. */
  public static final int CURRENT = 2;

  private static final int BATCH = 500;

  private LeadStoredForm() {}

  /** Schema step 2: every lead stored in form 1 rewritten in form 2 (the lead's data and version unchanged). */
  public static Migration migration() {
    return new Migration(
        2,
        "leads: per-field stamps stored once per distinct stamp, old sync state dropped, form kept"
            + " on each lead",
        Migration.When.IN_BACKGROUND,
        LeadStoredForm::migrate);
  }

  static Future<Long> migrate(MongoStore store, Migration.Progress progress) {
    MongoCollection<Document> leads = store.collection(LeadFields.LEADS);
    AtomicLong changed = new AtomicLong();
    return MongoFutures.one(leads.estimatedDocumentCount()).compose(count -> {
      if (count == 0) {
        return Future.succeededFuture(0L);
      }
      // one pass over the leads without a form: a migration reads what it rewrites
      return MongoFutures.inBatches(
              leads
                  .find(Filters.exists(LeadFields.SCHEMA_VERSION, false))
                  .projection(Projections.include(
                      "_id",
                      LeadFields.VERSION,
                      LeadFields.FIELD_META,
                      LeadFields.LEGACY_SYNC_STATE))
                  .batchSize(BATCH),
              BATCH,
              batch -> rewrite(leads, batch).compose(n -> {
                changed.addAndGet(n);
                return progress.renew();
              }))
          .map(read -> changed.get());
    });
  }

  private static Future<Long> rewrite(MongoCollection<Document> leads, List<Document> batch) {
    List<WriteModel<Document>> writes = new ArrayList<>(batch.size());
    for (Document d : batch) {
      List<Bson> sets = new ArrayList<>();
      if (d.get(LeadFields.FIELD_META) instanceof Map<?, ?> meta
          && !meta.containsKey(FieldMetaCodec.STAMPS)) {
        sets.add(Updates.set(LeadFields.FIELD_META, FieldMetaCodec.compactMeta(meta)));
      }
      if (d.containsKey(LeadFields.LEGACY_SYNC_STATE)) {
        sets.add(Updates.unset(LeadFields.LEGACY_SYNC_STATE));
        sets.add(Updates.unset(LeadFields.LEGACY_SYNC_STATE_SEQ));
      }
      sets.add(Updates.set(LeadFields.SCHEMA_VERSION, CURRENT));
      // only the version read: a write in between (in either form) is left as it is, and reads
      // either
      writes.add(new UpdateOneModel<>(
          Filters.and(
              Filters.eq("_id", d.get("_id")),
              Filters.eq(LeadFields.VERSION, d.get(LeadFields.VERSION))),
          Updates.combine(sets)));
    }
    return MongoFutures.one(leads.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
        .map(r -> (long) r.getModifiedCount());
  }
}
