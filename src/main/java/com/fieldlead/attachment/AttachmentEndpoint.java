package com.fieldlead.attachment;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code /v1/leads/{leadId}/attachments}: upload (whole or in pieces), list, download, thumbnail, delete. The upload's
 * body is raw bytes, which the router buffers (up to the HTTP body limit) and does not validate: the contract's
 * request body for it names only raw media types, so the router's copy of the contract leaves it out.
 */
final class AttachmentEndpoint implements Endpoint {

  private final AttachmentService service;

  AttachmentEndpoint(AttachmentService service) {
    this.service = service;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured("uploadAttachment", Role.ANY, this::upload)
        .secured("listAttachments", Role.ANY, this::list)
        .secured("downloadAttachment", Role.ANY, this::content)
        .secured("downloadAttachmentThumbnail", Role.ANY, this::thumbnail)
        .secured("deleteAttachment", Role.ANY, this::delete);
  }

  private void upload(RoutingContext ctx) {
    RequestBody body = ctx.body();
    byte[] bytes =
        body == null || body.buffer() == null ? new byte[0] : body.buffer().getBytes();
    Future<AttachmentService.Outcome> outcome = Responses.attempt(() -> service.upload(
        Principal.of(ctx),
        ctx.pathParam("leadId"),
        ctx.pathParam("attachmentId"),
        AttachmentKind.fromWire(ctx.queryParam("kind").get(0))
            .orElseThrow(() -> ProblemException.invalidField("kind", "enum", "unknown kind")),
        ctx.request().getHeader("Content-Type"),
        ctx.request().getHeader("Content-Range"),
        bytes));
    outcome.onComplete(ar -> {
      if (ar.succeeded()) {
        Responses.json(ctx, ar.result().status(), ar.result().body());
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  private void list(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        service
            .list(Principal.of(ctx), ctx.pathParam("leadId"))
            .map(items -> Map.of("items", items)));
  }

  private void content(RoutingContext ctx) {
    send(
        ctx,
        service.content(Principal.of(ctx), ctx.pathParam("leadId"), ctx.pathParam("attachmentId")),
        false);
  }

  private void thumbnail(RoutingContext ctx) {
    send(
        ctx,
        service.thumbnail(
            Principal.of(ctx), ctx.pathParam("leadId"), ctx.pathParam("attachmentId")),
        true);
  }

  private static void send(
      RoutingContext ctx, Future<AttachmentService.Download> download, boolean thumbnail) {
    download.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Attachment a = ar.result().attachment();
      ctx.response()
          .setStatusCode(200)
          .putHeader("Content-Type", thumbnail ? MediaTypes.JPEG : a.contentType())
          // the bytes of an id never change (another upload under it is refused): cache freely
          .putHeader("ETag", "\"" + a.sha256() + (thumbnail ? "-thumb" : "") + "\"")
          .putHeader("Cache-Control", "private, max-age=86400, immutable")
          .putHeader("X-Content-Type-Options", "nosniff")
          .end(ar.result().bytes());
    });
  }

  private void delete(RoutingContext ctx) {
    Responses.reply(
        ctx,
        204,
        service.delete(Principal.of(ctx), ctx.pathParam("leadId"), ctx.pathParam("attachmentId")));
  }
}
