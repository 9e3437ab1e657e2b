package com.fieldlead.lead;

import com.fieldlead.auth.Principal;
import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.sync.port.ReferenceSource;
import io.vertx.core.Future;
import java.util.List;

/** The lead catalog's reference data for a phone's first sync ({@link ReferenceSource}). */
final class LeadReferenceSource implements ReferenceSource {

  private final LeadCatalogService catalog;

  LeadReferenceSource(LeadCatalogService catalog) {
    this.catalog = catalog;
  }

  @Override
  public Future<List<?>> events(Principal caller, int max) {
    return catalog.events(caller, max).map(events -> events);
  }

  @Override
  public Future<List<?>> qualifierQuestions(Principal caller) {
    return catalog.questions(caller, null, null).map(questions -> questions);
  }

  @Override
  public Future<List<?>> statuses(Principal caller) {
    return catalog.settings(caller).map(LeadSettings::statuses);
  }
}
