package com.fieldlead.externalid;

import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadModule;
import java.util.List;

/** Leads by other systems' ids: {@code GET} and idempotent {@code PUT /v1/leads/by-external-id/{system}/{id}}. */
public final class ExternalIdModule {

  private final ExternalIdUpserts upserts;

  public ExternalIdModule(LeadModule leads) {
    this.upserts = new ExternalIdUpserts(leads.service(), leads.repository());
  }

  public List<Endpoint> endpoints() {
    return List.of(new ExternalIdEndpoint(upserts));
  }
}
