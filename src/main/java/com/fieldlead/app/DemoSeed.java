package com.fieldlead.app;

import com.fieldlead.auth.DemoPeople;
import com.fieldlead.lead.demo.LeadDemoSeed;
import com.fieldlead.scoring.ScoringService;
import io.vertx.core.Future;
import java.time.Instant;

/** Creates the demo tenant (people, then leads) unless it already exists. */
final class DemoSeed {

  static final String PASSWORD = "demo-password";

  /** Printed at start in demo mode. */
  static final String LOGINS = """
      demo logins (password 'demo-password', demo mode only):
        admin@demo.test     admin
        manager@demo.test   manager of the Field team
        rep1@demo.test      rep
        rep2@demo.test      rep
        rep3@demo.test      rep
        booth@demo.test     booth (trade-show capture)""";

  private DemoSeed() {}

  /** People first (auth), then the leads that hang off them; both steps are idempotent. */
  static Future<Void> seed(Features features) {
    return features.auth().seedDemo().compose(people -> seedLeads(features, people));
  }

  /**
   * Hook for the lead demo data (leads, activities, tasks of the demo tenant), called with the ids of the demo
   * people once they exist. Must be idempotent: it runs at every start in demo mode.
   */
  static Future<Void> seedLeads(Features features, DemoPeople people) {
    Instant now = Instant.now();
    // scored at seed time with the default rules, so a new user sees hot, warm and cold leads with
    // explanations
    return LeadDemoSeed.seed(
            features.leads(), people, now, lead -> ScoringService.scoredWithDefaults(lead, now))
        .compose(v -> features
            .assignment()
            .seedDemoClocks(people.tenantId(), LeadDemoSeed.leadIds(people.tenantId())));
  }
}
