package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * An ordered batch of a device's queued mutations (at most {@link SyncLimits#MAX_MUTATIONS_PER_PUSH}). The server
 * answers one result per mutation, in order; a rejected mutation never blocks the ones after it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PushRequest(
    int protocolVersion, List<Mutation> mutations, String deviceId, String appVersion) {
  public PushRequest {
    mutations = mutations == null ? List.of() : List.copyOf(mutations);
  }
}
