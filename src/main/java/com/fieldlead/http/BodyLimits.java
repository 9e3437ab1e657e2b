package com.fieldlead.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.HashMap;
import java.util.Map;

/**
 * The body handler of every request, with the configured body limit, except on the operations whose contract entry
 * names a larger one ({@code x-fieldlead-body-limit-bytes}: a file upload such as a CSV import). A root handler runs
 * before the operation is known, so the larger limit applies by exact path (no templated paths).
 */
final class BodyLimits implements BodyHandler {

  /** The contract extension of an operation that accepts a body larger than the configured limit. */
  static final String EXTENSION = "x-fieldlead-body-limit-bytes";

  private final BodyHandler normal;
  private final Map<String, BodyHandler> byPath;

  private BodyLimits(BodyHandler normal, Map<String, BodyHandler> byPath) {
    this.normal = normal;
    this.byPath = byPath;
  }

  static BodyLimits of(OpenAPIContract contract, long bodyLimit) {
    Map<String, BodyHandler> byPath = new HashMap<>();
    for (Operation op : contract.operations()) {
      if (op.getExtensions().get(EXTENSION) instanceof Number limit) {
        byPath.put(
            op.getAbsoluteOpenAPIPath(),
            BodyHandler.create(false).setBodyLimit(Math.max(bodyLimit, limit.longValue())));
      }
    }
    return new BodyLimits(BodyHandler.create(false).setBodyLimit(bodyLimit), Map.copyOf(byPath));
  }

  @Override
  public void handle(RoutingContext ctx) {
    byPath.getOrDefault(ctx.request().path(), normal).handle(ctx);
  }

  @Override
  public BodyHandler setHandleFileUploads(boolean handleFileUploads) {
    throw new UnsupportedOperationException("configured from the contract");
  }

  @Override
  public BodyHandler setBodyLimit(long bodyLimit) {
    throw new UnsupportedOperationException("configured from the contract");
  }

  @Override
  public BodyHandler setUploadsDirectory(String uploadsDirectory) {
    throw new UnsupportedOperationException("configured from the contract");
  }

  @Override
  public BodyHandler setMergeFormAttributes(boolean mergeFormAttributes) {
    throw new UnsupportedOperationException("configured from the contract");
  }

  @Override
  public BodyHandler setDeleteUploadedFilesOnEnd(boolean deleteUploadedFilesOnEnd) {
    throw new UnsupportedOperationException("configured from the contract");
  }

  @Override
  public BodyHandler setPreallocateBodyBuffer(boolean isPreallocateBodyBuffer) {
    throw new UnsupportedOperationException("configured from the contract");
  }
}
