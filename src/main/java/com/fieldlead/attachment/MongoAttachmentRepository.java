package com.fieldlead.attachment;

import com.fieldlead.store.IndexDef;
import com.fieldlead.store.Migration;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.gridfs.GridFSBucket;
import com.mongodb.reactivestreams.client.gridfs.GridFSBuckets;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Attachments in GridFS: bucket {@value #BUCKET} ({@code attachments.files} / {@code attachments.chunks}) holds the
 * bytes, bucket {@value #THUMBS} the JPEG thumbnails under the same file id; the tenant, lead, attachment id and the
 * rest of the metadata are the GridFS file's {@code metadata}. A GridFS file id is a fresh ObjectId, never the
 * client's id: a failed upload deletes the chunks of its own file id, so two racing uploads of one attachment id must
 * not share one. The (tenant, attachment id) pair is unique through an index on {@code attachments.files}. Pieces of
 * unfinished resumable uploads are documents of {@value #PIECES}.
 */
final class MongoAttachmentRepository implements AttachmentRepository {

  static final String BUCKET = "attachments";
  static final String THUMBS = "attachment_thumbnails";
  static final String PIECES = "attachment_pieces";
  static final String FILES = BUCKET + ".files";
  private static final int BATCH = 200;

  private static final String M = "metadata.";
  private static final String TENANT = "tenantId";
  private static final String LEAD = "leadId";
  private static final String ID = "attachmentId";
  private static final String RECEIVED_AT = "receivedAt";

  private final GridFSBucket files;
  private final GridFSBucket thumbs;
  private final MongoCollection<Document> fileDocs;
  private final MongoCollection<Document> pieces;
  private final AttachmentRecords records;

  MongoAttachmentRepository(MongoStore store, AttachmentRecords records) {
    this.records = records;
    this.files = GridFSBuckets.create(store.database(), BUCKET);
    this.thumbs = GridFSBuckets.create(store.database(), THUMBS);
    this.fileDocs = store.collection(FILES);
    this.pieces = store.collection(PIECES);
  }

  /** Ours, plus GridFS's own (created ahead, with the names and keys GridFS would give them). */
  static List<IndexDef> indexes() {
    return List.of(
        IndexDef.unique(FILES, "tenant_attachment", Indexes.ascending(M + TENANT, M + ID)),
        IndexDef.of(FILES, "tenant_lead", Indexes.ascending(M + TENANT, M + LEAD)),
        IndexDef.of(FILES, "filename_1_uploadDate_1", Indexes.ascending("filename", "uploadDate")),
        IndexDef.unique(BUCKET + ".chunks", "files_id_1_n_1", Indexes.ascending("files_id", "n")),
        IndexDef.of(
            THUMBS + ".files",
            "filename_1_uploadDate_1",
            Indexes.ascending("filename", "uploadDate")),
        IndexDef.unique(THUMBS + ".chunks", "files_id_1_n_1", Indexes.ascending("files_id", "n")),
        IndexDef.of(PIECES, "tenant_attachment", Indexes.ascending(TENANT, ID, "first")),
        IndexDef.of(PIECES, "received_at", Indexes.ascending(RECEIVED_AT)));
  }

  @Override
  public Future<Optional<Stored>> find(String tenantId, String attachmentId) {
    return MongoFutures.first(files.find(
            Filters.and(Filters.eq(M + TENANT, tenantId), Filters.eq(M + ID, attachmentId))))
        .map(f -> f.map(MongoAttachmentRepository::stored));
  }

  @Override
  public Future<List<Attachment>> list(String tenantId, String leadId) {
    return MongoFutures.list(files
            .find(Filters.and(Filters.eq(M + TENANT, tenantId), Filters.eq(M + LEAD, leadId)))
            .sort(Sorts.ascending("uploadDate", "_id")))
        .map(all -> all.stream().map(f -> stored(f).attachment()).toList());
  }

  @Override
  public Future<Long> tenantBytes(String tenantId) {
    // one projected read of the tenant's file documents (not their chunks)
    return MongoFutures.list(fileDocs
            .find(Filters.eq(M + TENANT, tenantId))
            .projection(Projections.include("length")))
        .map(docs ->
            docs.stream().mapToLong(d -> ((Number) d.get("length")).longValue()).sum());
  }

  @Override
  public Future<Stored> store(
      String tenantId, Attachment attachment, byte[] bytes, byte[] thumbnail) {
    ObjectId fileId = new ObjectId();
    Document metadata = new Document(TENANT, tenantId)
        .append(LEAD, attachment.leadId())
        .append(ID, attachment.id())
        .append("kind", attachment.kind())
        .append("contentType", attachment.contentType())
        .append("sha256", attachment.sha256())
        .append("thumbnail", thumbnail != null)
        .append("width", attachment.width())
        .append("height", attachment.height())
        .append("createdBy", attachment.createdBy())
        .append("createdAt", Date.from(attachment.createdAt()));
    String name = tenantId + "/" + attachment.id();
    Future<Void> thumb = thumbnail == null
        ? Future.succeededFuture()
        : MongoFutures.done(thumbs.uploadFromPublisher(
            new BsonObjectId(fileId),
            name,
            new OneBuffer(thumbnail),
            new GridFSUploadOptions().metadata(new Document(TENANT, tenantId))));
    return thumb
        .compose(v -> MongoFutures.done(files.uploadFromPublisher(
            new BsonObjectId(fileId),
            name,
            new OneBuffer(bytes),
            new GridFSUploadOptions().metadata(metadata))))
        .recover(e -> {
          Future<Void> undo = thumbnail == null
              ? Future.succeededFuture()
              : MongoFutures.done(thumbs.delete(fileId)).recover(x -> Future.succeededFuture());
          return undo.compose(
              v -> Future.failedFuture(MongoFutures.isDuplicateKey(e) ? new AlreadyStored() : e));
        })
        .compose(v -> records.live(tenantId, attachment))
        .map(v -> new Stored(fileId.toHexString(), attachment));
  }

  @Override
  public Future<Buffer> content(Stored stored) {
    return download(files, stored);
  }

  @Override
  public Future<Buffer> thumbnail(Stored stored) {
    return download(thumbs, stored);
  }

  private static Future<Buffer> download(GridFSBucket bucket, Stored stored) {
    return MongoFutures.list(bucket.downloadToPublisher(new ObjectId(stored.fileKey())))
        .map(parts -> {
          Buffer out = Buffer.buffer((int) stored.attachment().size());
          for (ByteBuffer part : parts) {
            byte[] b = new byte[part.remaining()];
            part.get(b);
            out.appendBytes(b);
          }
          return out;
        });
  }

  @Override
  public Future<Void> delete(String tenantId, Stored stored, Instant at) {
    ObjectId id = new ObjectId(stored.fileKey());
    // the tombstone first: should dropping the bytes fail, a retry finds the file and drops it then
    return records
        .tombstone(tenantId, stored.attachment(), at)
        .compose(v -> stored.attachment().thumbnail()
            ? MongoFutures.done(thumbs.delete(id))
            : Future.succeededFuture())
        .compose(v -> MongoFutures.done(files.delete(id)));
  }

  @Override
  public Future<Void> recordIfAbsent(String tenantId, Stored stored) {
    return records.liveIfAbsent(tenantId, stored.attachment());
  }

  /**
   * Gives every stored attachment without a sync record its record (attachments uploaded before the records existed),
   * one pass over the files' metadata; answers how many it recorded.
   */
  Future<Long> recordAllWithout(Migration.Progress progress) {
    AtomicLong recorded = new AtomicLong();
    return MongoFutures.inBatches(files.find().batchSize(BATCH), BATCH, batch -> {
          List<Future<Boolean>> writes = new ArrayList<>(batch.size());
          for (GridFSFile f : batch) {
            String tenant = f.getMetadata() == null ? null : f.getMetadata().getString(TENANT);
            if (tenant != null) {
              writes.add(records.recordedIfAbsent(tenant, stored(f).attachment()));
            }
          }
          return Future.all(writes).compose(all -> {
            writes.forEach(w -> recorded.addAndGet(w.result() ? 1 : 0));
            return progress.renew();
          });
        })
        .map(read -> recorded.get());
  }

  @Override
  public Future<Void> putPiece(
      String tenantId, String attachmentId, Piece piece, Instant receivedAt) {
    ContentRange r = piece.range();
    Document doc = new Document(
            "_id", tenantId + "/" + attachmentId + "/" + r.first() + "-" + r.last())
        .append(TENANT, tenantId)
        .append(ID, attachmentId)
        .append(LEAD, piece.leadId())
        .append("kind", piece.kind())
        .append("contentType", piece.contentType())
        .append("first", r.first())
        .append("last", r.last())
        .append("total", r.total())
        .append("bytes", new Binary(piece.bytes()))
        .append(RECEIVED_AT, Date.from(receivedAt));
    return MongoFutures.done(pieces.insertOne(doc)).recover(e -> {
      if (!MongoFutures.isDuplicateKey(e)) {
        return Future.failedFuture(e);
      }
      return MongoFutures.first(pieces.find(Filters.eq("_id", doc.get("_id")))).compose(old -> {
        boolean same = old.isPresent()
            && Arrays.equals(old.get().get("bytes", Binary.class).getData(), piece.bytes());
        return same ? Future.<Void>succeededFuture() : Future.failedFuture(new AlreadyStored());
      });
    });
  }

  @Override
  public Future<Long> expirePieces(Instant before) {
    return MongoFutures.one(pieces.deleteMany(Filters.lt(RECEIVED_AT, Date.from(before))))
        .map(r -> r.getDeletedCount());
  }

  @Override
  public Future<List<Piece>> pieces(String tenantId, String attachmentId) {
    return MongoFutures.list(pieces
            .find(Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(ID, attachmentId)))
            .sort(Sorts.ascending("first")))
        .map(docs -> docs.stream()
            .map(d -> new Piece(
                new ContentRange(d.getLong("first"), d.getLong("last"), d.getLong("total")),
                d.getString("contentType"),
                d.getString("kind"),
                d.getString(LEAD),
                d.get("bytes", Binary.class).getData()))
            .toList());
  }

  @Override
  public Future<Void> dropPieces(String tenantId, String attachmentId) {
    return MongoFutures.done(
        pieces.deleteMany(Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(ID, attachmentId))));
  }

  @Override
  public Future<Void> repoint(String tenantId, String from, String to) {
    return MongoFutures.done(fileDocs.updateMany(
            Filters.and(Filters.eq(M + TENANT, tenantId), Filters.eq(M + LEAD, from)),
            Updates.set(M + LEAD, to)))
        .compose(v -> MongoFutures.done(pieces.updateMany(
            Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(LEAD, from)),
            Updates.set(LEAD, to))))
        .compose(v -> records.repoint(tenantId, from, to));
  }

  private static Stored stored(GridFSFile f) {
    Document m = f.getMetadata() == null ? new Document() : f.getMetadata();
    Attachment a = new Attachment(
        m.getString(ID),
        m.getString(LEAD),
        m.getString("kind"),
        m.getString("contentType"),
        f.getLength(),
        m.getString("sha256"),
        Boolean.TRUE.equals(m.getBoolean("thumbnail")),
        m.getInteger("width"),
        m.getInteger("height"),
        m.getString("createdBy"),
        m.getDate("createdAt").toInstant());
    return new Stored(f.getObjectId().toHexString(), a);
  }

  /** A publisher of one buffer: what GridFS uploads from. */
  private static final class OneBuffer implements Publisher<ByteBuffer> {
    private final byte[] bytes;

    OneBuffer(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      subscriber.onSubscribe(new Subscription() {
        private final AtomicBoolean done = new AtomicBoolean();

        @Override
        public void request(long n) {
          if (n <= 0 || !done.compareAndSet(false, true)) {
            return;
          }
          subscriber.onNext(ByteBuffer.wrap(bytes));
          subscriber.onComplete();
        }

        @Override
        public void cancel() {
          done.set(true);
        }
      });
    }
  }
}
