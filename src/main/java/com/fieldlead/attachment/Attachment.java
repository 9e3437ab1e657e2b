package com.fieldlead.attachment;

import java.time.Instant;
import java.util.Objects;

/**
 * An attachment's metadata as clients see it (never its bytes). {@code width}/{@code height} are set for images the
 * server could decode (JPEG, PNG), which also have a thumbnail.
 */
public record Attachment(
    String id,
    String leadId,
    String kind,
    String contentType,
    long size,
    String sha256,
    boolean thumbnail,
    Integer width,
    Integer height,
    String createdBy,
    Instant createdAt) {

  public Attachment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
