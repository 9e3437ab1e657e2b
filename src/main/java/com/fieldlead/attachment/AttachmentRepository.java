package com.fieldlead.attachment;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where attachments' bytes, thumbnails, metadata and the pieces of unfinished uploads are kept, per tenant. */
interface AttachmentRepository {

  /** A stored attachment: its metadata and the key of its bytes. */
  record Stored(String fileKey, Attachment attachment) {}

  /** One received piece of an unfinished resumable upload. */
  record Piece(ContentRange range, String contentType, String kind, String leadId, byte[] bytes) {}

  /** The tenant's attachment with this id, on whatever lead. */
  Future<Optional<Stored>> find(String tenantId, String attachmentId);

  /** The lead's attachments, oldest first. */
  Future<List<Attachment>> list(String tenantId, String leadId);

  /** Bytes of every attachment the tenant stores (the thumbnails not counted). */
  Future<Long> tenantBytes(String tenantId);

  /**
   * Stores the bytes and thumbnail (or null) under {@code attachment}'s metadata, then its sync record (what phones
   * pull). Fails with {@link AlreadyStored} when the tenant already has an attachment with that id (a concurrent
   * upload won).
   */
  Future<Stored> store(String tenantId, Attachment attachment, byte[] bytes, byte[] thumbnail);

  Future<Buffer> content(Stored stored);

  Future<Buffer> thumbnail(Stored stored);

  /** Writes the sync record's tombstone (stamped {@code at}), then drops the bytes and the thumbnail. */
  Future<Void> delete(String tenantId, Stored stored, Instant at);

  /** Writes the sync record of a stored attachment that has none (its upload failed after the bytes were stored). */
  Future<Void> recordIfAbsent(String tenantId, Stored stored);

  /**
   * Keeps a piece; the same range sent again is a no-op when its bytes are the same and fails with
   * {@link AlreadyStored} when they differ.
   */
  Future<Void> putPiece(String tenantId, String attachmentId, Piece piece, Instant receivedAt);

  /** Drops pieces received before {@code before} (uploads abandoned by their phone); answers how many. */
  Future<Long> expirePieces(Instant before);

  /** The pieces received so far, by first byte. */
  Future<List<Piece>> pieces(String tenantId, String attachmentId);

  Future<Void> dropPieces(String tenantId, String attachmentId);

  /**
   * Moves every attachment (and unfinished upload) of lead {@code from} to lead {@code to} (a lead merge), their sync
   * records included.
   */
  Future<Void> repoint(String tenantId, String from, String to);

  /** Something with this id is already stored (with other content, or by a concurrent request). */
  final class AlreadyStored extends RuntimeException {
    AlreadyStored() {
      super("already stored", null, false, false);
    }
  }
}
