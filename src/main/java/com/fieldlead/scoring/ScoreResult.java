package com.fieldlead.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A computed score: 0..100, its temperature, the explanation (lines adding up to the score), whether booth staff forced
 * the temperature to hot, the rules version used, when it was computed, and when decay will next change it (null when
 * decay can no longer change it), which the periodic re-score uses to find due leads.
 */
public record ScoreResult(
    int score,
    Temperature temperature,
    List<ScoreContribution> explanation,
    boolean overridden,
    int rulesVersion,
    Instant computedAt,
    Instant nextDecayAt) {

  public ScoreResult {
    Objects.requireNonNull(temperature, "temperature");
    explanation = List.copyOf(explanation);
    Objects.requireNonNull(computedAt, "computedAt");
  }

  /** The explanation's labels, the shape the lead stores and phones show. */
  public List<String> labels() {
    return explanation.stream().map(ScoreContribution::label).toList();
  }
}
