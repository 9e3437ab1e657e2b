package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** One result per pushed mutation, in the order they were sent. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PushResponse(int protocolVersion, List<MutationResult> results) {
  public PushResponse {
    results = results == null ? List.of() : List.copyOf(results);
  }
}
