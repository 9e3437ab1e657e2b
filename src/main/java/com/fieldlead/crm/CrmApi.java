package com.fieldlead.crm;

import com.fieldlead.lead.Lead;
import io.vertx.core.Future;

/** One CRM's record writes: a lead, or a converted lead with what it became. */
interface CrmApi {

  /**
   * Upserts {@code lead} into the CRM of {@code connection} with {@code accessToken} (and the API base
   * {@code instanceUrl} where the token named one): as a lead when it is not converted, as what a conversion makes
   * when it is. Never fails: every outcome is a {@link PushResult}.
   */
  Future<PushResult> push(String accessToken, String instanceUrl, Connection connection, Lead lead);
}
