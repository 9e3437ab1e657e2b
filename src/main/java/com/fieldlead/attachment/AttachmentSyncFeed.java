package com.fieldlead.attachment;

import com.fieldlead.store.MongoStore;
import com.fieldlead.store.StampedReads;
import com.fieldlead.sync.port.ChangeFeed;
import com.fieldlead.sync.port.EntityChange;
import com.fieldlead.sync.port.EntityJson;
import com.fieldlead.sync.port.LeadChildFeed;
import com.fieldlead.sync.port.Versioned;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import org.bson.Document;

/**
 * The attachment feature's side of a sync pull ({@link LeadChildFeed}): its sync records, metadata only (never the
 * bytes), seen with their lead; tombstones after a delete.
 */
final class AttachmentSyncFeed implements LeadChildFeed {

  private final MongoCollection<Document> records;

  AttachmentSyncFeed(MongoStore store) {
    this.records = store.collection(AttachmentRecords.COLLECTION);
  }

  @Override
  public ChangeFeed<EntityChange> changes() {
    return (tenantId, after, upTo, limit) -> StampedReads.window(
            records, tenantId, after, upTo, null, null, limit)
        .map(docs -> docs.stream()
            .map(d -> new EntityChange(
                StampedReads.seqOf(d),
                d.getString(AttachmentRecords.ID),
                AttachmentRecords.version(d),
                AttachmentRecords.deleted(d),
                d.getString(AttachmentRecords.LEAD),
                () -> EntityJson.state(AttachmentRecords.fromRecord(d))))
            .toList());
  }

  @Override
  public Future<List<Versioned>> listing(
      String tenantId, Collection<String> leadIds, String afterId, int limit) {
    return StampedReads.idsAndVersions(
            records,
            tenantId,
            AttachmentRecords.ID,
            afterId,
            limit,
            Filters.ne(AttachmentRecords.DELETED, true),
            leadIds == null ? null : Filters.in(AttachmentRecords.LEAD, leadIds))
        .map(docs -> docs.stream()
            .map(d -> new Versioned(d.getString(AttachmentRecords.ID), StampedReads.versionOf(d)))
            .toList());
  }
}
