package com.fieldlead.crm;

import com.fieldlead.lead.model.Lead;
import io.vertx.core.Future;
import java.util.List;

/** One CRM's record writes: a lead, or a converted lead with what it became; several leads in one call where it can. */
interface CrmApi {

  /**
   * Upserts {@code lead} into the CRM of {@code connection} with {@code accessToken} (and the API base
   * {@code instanceUrl} where the token named one): as a lead when it is not converted, as what a conversion makes
   * when it is. Never fails: every outcome is a {@link PushResult}.
   */
  Future<PushResult> push(String accessToken, String instanceUrl, Connection connection, Lead lead);

  /** The most leads one {@link #pushAll} sends together (the CRM's batch limit); 1 when it pushes one at a time. */
  default int batchSize() {
    return 1;
  }

  /**
   * Upserts {@code leads} (distinct leads of one connection), answering one result per lead, in their order; one
   * lead's refusal is its own result only. This default pushes each alone, side by side. Never fails.
   */
  default Future<List<PushResult>> pushAll(
      String accessToken, String instanceUrl, Connection connection, List<Lead> leads) {
    List<Future<PushResult>> each = leads.stream()
        .map(l -> push(accessToken, instanceUrl, connection, l)
            .otherwise(t -> PushResult.retry(0, t.toString(), null, null)))
        .toList();
    return Future.all(each).map(x -> each.stream().map(Future::result).toList());
  }
}
