package com.fieldlead.app;

import com.fieldlead.analytics.AnalyticsModule;
import com.fieldlead.auth.DemoPeople;
import com.fieldlead.lead.demo.LeadDemoSeed;
import com.fieldlead.scoring.ScoringService;
import io.vertx.core.Future;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the demo tenant (people, then leads) unless it already exists. */
final class DemoSeed {

  private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

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
            .seedDemoClocks(people.tenantId(), LeadDemoSeed.leadIds(people.tenantId())))
        .compose(v -> {
          Future<Void> marks = analytics(features, people);
          // a server does not wait for them (a start that stops before they are written marks again
          // next
          // time: the tenant still has no computed day); a one-shot command does, before it closes
          // the store
          return features.background() ? Future.succeededFuture() : marks;
        });
  }

  /**
   * The seed stores its leads without the change events that mark analytics days, so while the demo tenant has no
   * computed day its capture days are marked here and the refresh job ticked: the dashboard's reports show the demo
   * data without a rebuild, and the start does not wait for the marks nor their computation.
   */
  private static Future<Void> analytics(Features features, DemoPeople people) {
    long started = System.nanoTime();
    return features
        .analytics()
        .markUnbuiltTenant(people.tenantId())
        .<Void>map(days -> {
          if (days > 0) {
            LOG.info(
                "demo tenant's analytics days marked, computed in the background [days={}, ms={}]",
                days,
                (System.nanoTime() - started) / 1_000_000);
            features.jobs().tick(AnalyticsModule.REFRESH_JOB);
          }
          return null;
        })
        .recover(e -> {
          // the reports then wait for a rebuild, as before the seed marked them; the next start
          // tries again
          LOG.warn("demo tenant's analytics days not marked", e);
          return Future.succeededFuture();
        });
  }
}
