package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pull page. {@code DELTA}: {@code changes} in change order. {@code REBASELINE}: {@code entities} lists the ids
 * and versions of the scope (the phone keeps what is listed, re-fetches what is newer, drops the rest, and keeps its
 * unsent edits). Either way {@code checkpoint} is where the next pull resumes and {@code hasMore} says whether to pull
 * again at once. {@code reference} (first page of a first sync or re-baseline only) carries the read-only data a phone
 * needs: {@code team} (the caller's team directory), {@code events}, {@code qualifierQuestions}, {@code statuses}.
 * {@code code} says why a page is a re-baseline ({@link SyncCode#REBASELINE_REQUIRED}); absent on a delta.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PullResponse(
    int protocolVersion,
    PullMode mode,
    List<Change> changes,
    List<EntityRef> entities,
    String checkpoint,
    boolean hasMore,
    Map<String, Object> reference,
    SyncCode code) {

  public PullResponse {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(checkpoint, "checkpoint");
    changes = changes == null ? null : List.copyOf(changes);
    entities = entities == null ? null : List.copyOf(entities);
  }

  /** A page without a code (a delta). */
  public PullResponse(
      int protocolVersion,
      PullMode mode,
      List<Change> changes,
      List<EntityRef> entities,
      String checkpoint,
      boolean hasMore,
      Map<String, Object> reference) {
    this(
        protocolVersion,
        mode,
        changes,
        entities,
        checkpoint,
        hasMore,
        reference,
        mode == PullMode.REBASELINE ? SyncCode.REBASELINE_REQUIRED : null);
  }
}
