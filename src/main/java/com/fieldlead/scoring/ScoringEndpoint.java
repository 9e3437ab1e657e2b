package com.fieldlead.scoring;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The scoring rules admin API: read (admins, managers), replace (admins), list versions (admins, managers). */
final class ScoringEndpoint implements Endpoint {

  static final int MAX_VERSIONS = 100;

  /**
   * The body of {@code PUT /v1/scoring/rules}: the rules; {@code version}, when given, must be the current version
   * (optimistic concurrency); {@code updatedAt} is ignored (the server sets both).
   */
  record RulesInput(
      Integer version,
      Instant updatedAt,
      ScoringRules.Fit fit,
      ScoringRules.Bant bant,
      BehaviourInput behaviour,
      ScoringRules.Negatives negatives,
      ScoringRules.Caps caps,
      ScoringRules.Thresholds thresholds) {

    ScoringRules rules() {
      return new ScoringRules(
          1,
          updatedAt,
          fit,
          bant,
          new ScoringRules.Behaviour(behaviour.rules(), behaviour.halfLife()),
          negatives,
          caps,
          thresholds);
    }
  }

  record BehaviourInput(List<ScoringRules.BehaviourRule> rules, Duration halfLife) {}

  private final ScoringService service;

  ScoringEndpoint(ScoringService service) {
    this.service = service;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "getScoringRules",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx, 200, service.rules(Principal.of(ctx).tenantId()).map(RulesJson::tree)))
        .secured("putScoringRules", Role.ADMINS, this::put)
        .secured(
            "listScoringRuleVersions",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                service
                    .versions(Principal.of(ctx).tenantId(), MAX_VERSIONS)
                    .map(items -> Map.of("items", items))));
  }

  private void put(RoutingContext ctx) {
    RulesInput in = Validation.body(ctx, RulesInput.class);
    Responses.reply(
        ctx, 200, service.save(Principal.of(ctx), in.rules(), in.version()).map(RulesJson::tree));
  }
}
