package com.fieldlead.privacy;

import com.fieldlead.activity.ActivityModule;
import com.fieldlead.attachment.AttachmentModule;
import com.fieldlead.auth.AuditTrail;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.ErasedPeople;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.notify.NotifyModule;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Data rights: a person's export and erasure ({@code /v1/privacy/...}), and the suppression of erased emails, which
 * refuses new leads and phone pushes that would bring an erased person back (the lead feature's
 * {@link com.fieldlead.lead.ErasedPeople} port).
 */
public final class PrivacyModule {

  private final Clock clock;
  private final Suppressions suppressions;
  private final PrivacyService service;
  private final ConsentLog consents;
  private final PrivacyJobs jobs;

  public PrivacyModule(
      MongoStore store,
      Clock clock,
      LeadModule leads,
      ActivityModule activity,
      AttachmentModule attachments,
      NotifyModule notify,
      AuditTrail audit) {
    this.clock = clock;
    this.suppressions = new Suppressions(store);
    this.consents = new ConsentLog(store);
    this.jobs = new PrivacyJobs(store, clock);
    this.service = new PrivacyService(
        store,
        new Subjects(store, leads),
        suppressions,
        leads.service(),
        activity.tasks(),
        attachments.service(),
        notify::cancelAbout,
        audit,
        clock);
  }

  /** Who was erased at their request: the lead module refuses their captures (registered in {@code app/Features}). */
  public ErasedPeople erasedPeople() {
    return suppressions.port();
  }

  public List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>(Suppressions.indexes());
    all.addAll(PrivacyJobs.indexes());
    return all;
  }

  public Future<Void> start() {
    return suppressions.start(clock.instant());
  }

  public List<Endpoint> endpoints() {
    return List.of(new PrivacyEndpoint(service, consents, jobs));
  }
}
