package com.fieldlead.lead;

import io.vertx.core.Future;

/**
 * Whether a write is about a person whose data was erased at their request (implemented by the data-rights feature):
 * such a write is refused, and whoever keeps a record of the refusal keeps none of its values.
 */
@FunctionalInterface
public interface ErasedPeople {

  /** The code of the field error that refuses an erased person's email ({@code /email}, with a 409). */
  String SUPPRESSED = "suppressed";

  /** Nobody is erased (tests and commands without the data-rights feature). */
  ErasedPeople NONE = (tenantId, leadId, email) -> Future.succeededFuture(false);

  /**
   * True when the lead {@code leadId} of the tenant was erased, or {@code email} is an erased person's; either may be
   * null.
   */
  Future<Boolean> erased(String tenantId, String leadId, String email);
}
