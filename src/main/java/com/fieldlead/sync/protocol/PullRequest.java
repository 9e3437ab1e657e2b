package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Asks for the changes of the caller's scope since {@code checkpoint} (absent on first sync). {@code limit} caps the
 * page (default {@link SyncLimits#DEFAULT_PULL_LIMIT}); {@code appVersion} is recorded in the device's sync state; {@code deviceId} names the device (default: the
 * session's device).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PullRequest(
    int protocolVersion, String checkpoint, Integer limit, String appVersion, String deviceId) {

  /** The page size to use: the requested one clamped to 1..{@link SyncLimits#MAX_PULL_LIMIT}. */
  public int pageSize() {
    return limit == null
        ? SyncLimits.DEFAULT_PULL_LIMIT
        : Math.max(1, Math.min(limit, SyncLimits.MAX_PULL_LIMIT));
  }
}
