package com.fieldlead.attachment;

import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The sync feed's record of each attachment (collection {@value #COLLECTION}): its metadata beside the tenant, a
 * {@code version}, the {@link ChangeStamper#FIELD change number} of its last write and, once deleted, a tombstone
 * ({@code deleted: true}, metadata kept so the tombstone can still be checked against its lead's visibility). Phones
 * pull these records (never the bytes, which stay in GridFS); every write of one is stamped by the shared change
 * sequencer, like activities and tasks. Field names live here; sync reads the records through {@link AttachmentSyncFeed}.
 */
public final class AttachmentRecords {

  /** The collection of attachment records. */
  public static final String COLLECTION = "attachment_records";

  public static final String TENANT = "tenantId";
  /** The attachment's id (the phone's UUID), unique per tenant. */
  public static final String ID = "id";

  public static final String LEAD = "leadId";
  public static final String VERSION = "version";
  /** True on a tombstone. */
  public static final String DELETED = "deleted";

  private static final String KIND = "kind";
  private static final String CONTENT_TYPE = "contentType";
  private static final String SIZE = "size";
  private static final String SHA256 = "sha256";
  private static final String THUMBNAIL = "thumbnail";
  private static final String WIDTH = "width";
  private static final String HEIGHT = "height";
  private static final String CREATED_BY = "createdBy";
  private static final String CREATED_AT = "createdAt";
  private static final String DELETED_AT = "deletedAt";

  private final MongoCollection<Document> records;
  private final ChangeStamper stamper;

  AttachmentRecords(MongoStore store, ChangeStamper stamper) {
    this.records = store.collection(COLLECTION);
    this.stamper = Objects.requireNonNull(stamper, "stamper");
  }

  /**
   * The pull's change feed ({@code tenantId, syncSeq}), an attachment by id (unique per tenant), a lead's attachments
   * (merge, re-stamp on a change of the lead's scope, a re-baseline's listing by visible leads).
   */
  static List<IndexDef> indexes() {
    return List.of(
        IndexDef.unique(COLLECTION, "attachment_records_tenant_id", Indexes.ascending(TENANT, ID)),
        IndexDef.of(
            COLLECTION,
            "attachment_records_sync_seq",
            Indexes.ascending(TENANT, ChangeStamper.FIELD)),
        IndexDef.of(COLLECTION, "attachment_records_lead", Indexes.ascending(TENANT, LEAD)));
  }

  /** A record as the attachment it describes (live or a tombstone's last metadata). */
  static Attachment fromRecord(Document d) {
    return new Attachment(
        d.getString(ID),
        d.getString(LEAD),
        d.getString(KIND),
        d.getString(CONTENT_TYPE),
        ((Number) d.get(SIZE)).longValue(),
        d.getString(SHA256),
        Boolean.TRUE.equals(d.getBoolean(THUMBNAIL)),
        d.getInteger(WIDTH),
        d.getInteger(HEIGHT),
        d.getString(CREATED_BY),
        d.getDate(CREATED_AT).toInstant());
  }

  /** Whether the record is a tombstone. */
  static boolean deleted(Document d) {
    return Boolean.TRUE.equals(d.getBoolean(DELETED));
  }

  /** The record's version (1 at upload, one more for each later write). */
  static long version(Document d) {
    return ((Number) d.get(VERSION)).longValue();
  }

  /** Records (or re-records, after a delete and a new upload of the same id) a stored attachment as live. */
  Future<Void> live(String tenantId, Attachment a) {
    return upsert(tenantId, a, metadata(a, false, null));
  }

  /** Records an attachment as deleted (a tombstone keeping its metadata). */
  Future<Void> tombstone(String tenantId, Attachment a, Instant at) {
    return upsert(tenantId, a, metadata(a, true, at));
  }

  /** Records a stored attachment that has no record yet (an upload whose record write failed, then replayed). */
  Future<Void> liveIfAbsent(String tenantId, Attachment a) {
    return recordedIfAbsent(tenantId, a).mapEmpty();
  }

  /** As {@link #liveIfAbsent}; true when it wrote a record. */
  Future<Boolean> recordedIfAbsent(String tenantId, Attachment a) {
    return MongoFutures.first(records.find(byId(tenantId, a.id())).limit(1))
        .compose(found -> found.isPresent()
            ? Future.succeededFuture(false)
            : live(tenantId, a).map(true));
  }

  /** Moves the records of lead {@code from} to lead {@code to}, one version on (a lead merge). */
  Future<Void> repoint(String tenantId, String from, String to) {
    Bson ofLead = Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(LEAD, from));
    return whenAny(
        tenantId,
        ofLead,
        seq -> Updates.combine(
            Updates.set(LEAD, to),
            Updates.inc(VERSION, 1L),
            Updates.set(ChangeStamper.FIELD, seq)));
  }

  /**
   * Gives the records of these leads a new change number (their scope changed: the phones the leads moved to pull
   * their attachments too, whose numbers predate the move).
   */
  Future<Void> restamp(String tenantId, List<String> leadIds) {
    Bson ofLeads = Filters.and(Filters.eq(TENANT, tenantId), Filters.in(LEAD, leadIds));
    return whenAny(tenantId, ofLeads, seq -> Updates.set(ChangeStamper.FIELD, seq));
  }

  /** One look whether any record matches (most leads have no attachment), then one stamped update of them all. */
  private Future<Void> whenAny(String tenantId, Bson filter, LongFunction<Bson> update) {
    return MongoFutures.first(
            records.find(filter).projection(new Document(ID, 1)).limit(1))
        .compose(any -> any.isEmpty()
            ? Future.succeededFuture()
            : stamper.stamped(
                tenantId,
                1,
                seq -> MongoFutures.done(records.updateMany(filter, update.apply(seq)))));
  }

  private Future<Void> upsert(String tenantId, Attachment a, Bson set) {
    return stamper
        .stamped(tenantId, 1, seq -> write(tenantId, a.id(), set, seq))
        // two first writes of one id raced (an upload's replay and a delete): the loser updates
        .recover(e -> MongoFutures.isDuplicateKey(e)
            ? stamper.stamped(tenantId, 1, seq -> write(tenantId, a.id(), set, seq))
            : Future.failedFuture(e));
  }

  private Future<Void> write(String tenantId, String id, Bson set, long seq) {
    return MongoFutures.done(records.updateOne(
        byId(tenantId, id),
        Updates.combine(set, Updates.inc(VERSION, 1L), Updates.set(ChangeStamper.FIELD, seq)),
        new UpdateOptions().upsert(true)));
  }

  private static Bson byId(String tenantId, String id) {
    return Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(ID, id));
  }

  private static Bson metadata(Attachment a, boolean deleted, Instant deletedAt) {
    return Updates.combine(
        Updates.set(LEAD, a.leadId()),
        Updates.set(KIND, a.kind()),
        Updates.set(CONTENT_TYPE, a.contentType()),
        Updates.set(SIZE, a.size()),
        Updates.set(SHA256, a.sha256()),
        Updates.set(THUMBNAIL, a.thumbnail()),
        Updates.set(WIDTH, a.width()),
        Updates.set(HEIGHT, a.height()),
        Updates.set(CREATED_BY, a.createdBy()),
        Updates.set(CREATED_AT, Date.from(a.createdAt())),
        Updates.set(DELETED, deleted),
        Updates.set(DELETED_AT, deletedAt == null ? null : Date.from(deletedAt)));
  }
}
