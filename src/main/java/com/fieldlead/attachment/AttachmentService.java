package com.fieldlead.attachment;

import com.fieldlead.attachment.AttachmentRepository.AlreadyStored;
import com.fieldlead.attachment.AttachmentRepository.Piece;
import com.fieldlead.attachment.AttachmentRepository.Stored;
import com.fieldlead.auth.Principal;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Photos and voice notes on leads: every call first asks the lead feature whether the caller may see the lead (404
 * otherwise, exactly like the lead itself), then checks the bytes (magic bytes against the declared type, size per
 * file and per tenant), makes a thumbnail of JPEG and PNG images on a worker thread, and stores.
 */
public final class AttachmentService {

  private static final Logger LOG = LoggerFactory.getLogger(AttachmentService.class);

  /** An upload's answer: 201 stored, 200 the same again, 202 a piece kept (body: progress). */
  public record Outcome(int status, Object body) {}

  /** What a resumable upload has received so far. */
  public record Progress(String id, long total, long received, List<long[]> missing) {}

  private final Vertx vertx;
  private final AttachmentRepository repository;
  private final LeadLookup leads;
  private final Clock clock;
  private final FieldleadConfig.Attachments limits;

  AttachmentService(
      Vertx vertx,
      AttachmentRepository repository,
      LeadLookup leads,
      Clock clock,
      FieldleadConfig.Attachments limits) {
    this.vertx = vertx;
    this.repository = repository;
    this.leads = leads;
    this.clock = clock;
    this.limits = limits;
  }

  /**
   * Uploads a whole file ({@code range} null) or one piece of it. {@code declaredType} is the request's
   * Content-Type.
   */
  public Future<Outcome> upload(
      Principal caller,
      String leadId,
      String attachmentId,
      AttachmentKind kind,
      String declaredType,
      String range,
      byte[] body) {
    return leads.visible(caller, leadId).compose(lead -> {
      String type = checkedType(declaredType, kind);
      if (body.length == 0) {
        throw ProblemException.invalidField("body", "required", "the file's bytes are missing");
      }
      if (range == null) {
        return complete(caller, leadId, attachmentId, kind, type, body);
      }
      ContentRange piece = ContentRange.parse(range);
      if (piece.length() != body.length) {
        throw new ProblemException(
            ErrorCode.BAD_REQUEST,
            "Content-Range names " + piece.length() + " bytes but the body has " + body.length);
      }
      tooLarge(piece.total());
      return repository
          .find(caller.tenantId(), attachmentId)
          .compose(existing -> existing.isPresent()
              ? pieceOfStored(existing.get(), leadId, piece, body)
                  .compose(o -> repository
                      .recordIfAbsent(caller.tenantId(), existing.get())
                      .map(o))
              : keepPiece(caller, leadId, attachmentId, kind, type, piece, body));
    });
  }

  public Future<List<Attachment>> list(Principal caller, String leadId) {
    return leads.visible(caller, leadId).compose(l -> repository.list(caller.tenantId(), leadId));
  }

  /** The metadata and bytes, or 404. */
  public Future<Download> content(Principal caller, String leadId, String attachmentId) {
    return visibleAttachment(caller, leadId, attachmentId)
        .compose(s -> repository.content(s).map(b -> new Download(s.attachment(), b)));
  }

  /** The thumbnail, or 404 when the attachment has none. */
  public Future<Download> thumbnail(Principal caller, String leadId, String attachmentId) {
    return visibleAttachment(caller, leadId, attachmentId).compose(s -> {
      if (!s.attachment().thumbnail()) {
        throw ProblemException.notFound("thumbnail of attachment " + attachmentId);
      }
      return repository.thumbnail(s).map(b -> new Download(s.attachment(), b));
    });
  }

  public Future<Void> delete(Principal caller, String leadId, String attachmentId) {
    return visibleAttachment(caller, leadId, attachmentId)
        .compose(s -> repository.delete(caller.tenantId(), s, clock.instant()))
        .compose(v -> repository.dropPieces(caller.tenantId(), attachmentId))
        .onSuccess(v -> LOG.info(
            "attachment deleted [tenant={}, lead={}, attachment={}]",
            caller.tenantId(),
            leadId,
            attachmentId));
  }

  /** An attachment's metadata and bytes (or its thumbnail's). */
  public record Download(Attachment attachment, Buffer bytes) {}

  private Future<Stored> visibleAttachment(Principal caller, String leadId, String attachmentId) {
    return leads
        .visible(caller, leadId)
        .compose(l -> repository.find(caller.tenantId(), attachmentId))
        .map(found -> found
            .filter(s -> s.attachment().leadId().equals(leadId))
            .orElseThrow(() -> ProblemException.notFound("attachment " + attachmentId)));
  }

  private static String checkedType(String declared, AttachmentKind kind) {
    String type = MediaTypes.canonical(declared)
        .orElseThrow(() -> new ProblemException(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "Content-Type " + (declared == null ? "(none)" : "'" + declared + "'")
                + " is not an attachment type; send one of " + MediaTypes.ACCEPTED));
    if (kind.image() != MediaTypes.isImage(type)) {
      throw ProblemException.invalidField(
          "kind",
          "mismatch",
          "a " + kind.wire() + " must be " + (kind.image() ? "an image" : "audio") + ", not "
              + type);
    }
    return type;
  }

  private void tooLarge(long size) {
    if (size > limits.maxFileBytes()) {
      throw new ProblemException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "the file has " + size + " bytes; an attachment may have at most "
              + limits.maxFileBytes());
    }
  }

  private Future<Outcome> complete(
      Principal caller,
      String leadId,
      String attachmentId,
      AttachmentKind kind,
      String type,
      byte[] bytes) {
    tooLarge(bytes.length);
    String sha = sha256(bytes);
    return repository.find(caller.tenantId(), attachmentId).compose(existing -> {
      if (existing.isPresent()) {
        Outcome again = replay(existing.get(), leadId, sha);
        return repository.recordIfAbsent(caller.tenantId(), existing.get()).map(again);
      }
      String actual = MediaTypes.sniff(bytes)
          .orElseThrow(() -> new ProblemException(
              ErrorCode.UNSUPPORTED_MEDIA_TYPE,
              "Content-Type says " + type + " but the bytes are none of " + MediaTypes.ACCEPTED));
      if (!actual.equals(type)) {
        throw new ProblemException(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "Content-Type says " + type + " but the bytes are " + actual);
      }
      return repository
          .tenantBytes(caller.tenantId())
          .compose(used -> {
            if (used + bytes.length > limits.maxTenantBytes()) {
              throw new ProblemException(
                  ErrorCode.PAYLOAD_TOO_LARGE,
                  "the tenant stores " + used + " attachment bytes; this file's " + bytes.length
                      + " would pass the limit of " + limits.maxTenantBytes());
            }
            return thumbnail(type, bytes);
          })
          .compose(thumb -> {
            Attachment a = new Attachment(
                attachmentId,
                leadId,
                kind.wire(),
                type,
                bytes.length,
                sha,
                thumb.isPresent(),
                thumb.map(Thumbnails.Thumbnail::width).orElse(null),
                thumb.map(Thumbnails.Thumbnail::height).orElse(null),
                caller.userId(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
            return repository.store(
                caller.tenantId(),
                a,
                bytes,
                thumb.map(Thumbnails.Thumbnail::jpeg).orElse(null));
          })
          .map(s -> {
            LOG.info(
                "attachment stored [tenant={}, lead={}, attachment={}, type={}, bytes={}]",
                caller.tenantId(),
                leadId,
                attachmentId,
                type,
                bytes.length);
            return new Outcome(201, s.attachment());
          })
          .recover(e -> e instanceof AlreadyStored
              // a concurrent upload of the same id won: the same file is a replay, another a
              // conflict
              ? repository
                  .find(caller.tenantId(), attachmentId)
                  .map(s -> replay(s.orElseThrow(() -> conflict(attachmentId)), leadId, sha))
              : Future.failedFuture(e));
    });
  }

  private Future<Optional<Thumbnails.Thumbnail>> thumbnail(String type, byte[] bytes) {
    if (!MediaTypes.THUMBNAILED.contains(type)) {
      return Future.succeededFuture(Optional.empty());
    }
    return vertx.executeBlocking(() -> Thumbnails.of(bytes), false).map(t -> {
      if (t.isEmpty()) {
        throw ProblemException.invalidField(
            "body", "unreadable", "the bytes start like " + type + " but are not a readable image");
      }
      return t;
    });
  }

  private static Outcome replay(Stored stored, String leadId, String sha) {
    if (stored.attachment().leadId().equals(leadId)
        && stored.attachment().sha256().equals(sha)) {
      return new Outcome(200, stored.attachment());
    }
    throw conflict(stored.attachment().id());
  }

  private static ProblemException conflict(String attachmentId) {
    return new ProblemException(
        ErrorCode.CONFLICT,
        "attachment " + attachmentId + " is already stored with other content or on another lead",
        List.<FieldError>of(),
        Map.of());
  }

  /** A piece of a file already stored: the same bytes at that range are a replay, others a conflict. */
  private Future<Outcome> pieceOfStored(
      Stored stored, String leadId, ContentRange piece, byte[] body) {
    if (!stored.attachment().leadId().equals(leadId)
        || stored.attachment().size() != piece.total()) {
      throw conflict(stored.attachment().id());
    }
    return repository.content(stored).map(all -> {
      byte[] there = all.getBytes((int) piece.first(), (int) piece.last() + 1);
      if (!Arrays.equals(there, body)) {
        throw conflict(stored.attachment().id());
      }
      return new Outcome(200, stored.attachment());
    });
  }

  private Future<Outcome> keepPiece(
      Principal caller,
      String leadId,
      String attachmentId,
      AttachmentKind kind,
      String type,
      ContentRange range,
      byte[] body) {
    String tenant = caller.tenantId();
    Piece piece = new Piece(range, type, kind.wire(), leadId, body);
    return repository
        .putPiece(tenant, attachmentId, piece, clock.instant())
        .recover(e -> Future.failedFuture(e instanceof AlreadyStored ? conflict(attachmentId) : e))
        .compose(v -> repository.pieces(tenant, attachmentId))
        .compose(all -> {
          for (Piece p : all) {
            if (p.range().total() != range.total()
                || !p.contentType().equals(type)
                || !p.kind().equals(kind.wire())
                || !p.leadId().equals(leadId)) {
              throw new ProblemException(
                  ErrorCode.CONFLICT,
                  "a piece of upload " + attachmentId
                      + " was sent with another total size, type, kind or lead; send every piece alike");
            }
          }
          List<ContentRange> ranges = all.stream().map(Piece::range).toList();
          List<long[]> missing = ContentRange.missing(ranges, range.total());
          if (!missing.isEmpty()) {
            long received =
                range.total() - missing.stream().mapToLong(m -> m[1] - m[0] + 1).sum();
            return Future.succeededFuture(
                new Outcome(202, new Progress(attachmentId, range.total(), received, missing)));
          }
          byte[] whole = new byte[(int) range.total()];
          for (Piece p : all) {
            System.arraycopy(p.bytes(), 0, whole, (int) p.range().first(), p.bytes().length);
          }
          // done either way: stored, or refused for what the whole file is (its type, its size)
          return complete(caller, leadId, attachmentId, kind, type, whole)
              .compose(
                  outcome -> repository.dropPieces(tenant, attachmentId).map(outcome),
                  e -> e instanceof ProblemException
                      ? repository
                          .dropPieces(tenant, attachmentId)
                          .transform(x -> Future.<Outcome>failedFuture(e))
                      : Future.failedFuture(e));
        });
  }

  /** Drops the pieces of uploads no phone has added to for {@code age} (run as a leased background job). */
  Future<Long> expireAbandonedPieces(Duration age) {
    return repository.expirePieces(clock.instant().minus(age)).onSuccess(n -> {
      if (n > 0) {
        LOG.info("abandoned upload pieces dropped [pieces={}, olderThan={}]", n, age);
      }
    });
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256", e);
    }
  }
}
