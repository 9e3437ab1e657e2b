package com.fieldlead.lead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;

/**
 * Reads the raw scan a new capture carries ({@code scan: {raw, format}} in a create body or a sync push create): the
 * scan feature implements it, so this package does not depend on that one. The lead service calls it after the body's
 * fields are applied and before the lead is normalised and validated, so what it fills is checked like typed input.
 */
@FunctionalInterface
public interface CaptureScanReader {

  /** Until the scan feature is wired: a body with a scan is refused, naming the field. */
  CaptureScanReader NONE = (p, typed, scan) -> Future.failedFuture(ProblemException.invalidField(
      "/" + LeadFields.SCAN, "unsupported", "this server does not read scanned payloads"));

  /**
   * {@code typed} (the capture as sent, not yet normalised) with the fields it left empty filled from the scan and
   * {@link Lead#scan()} set to the audit record; what the rep typed is never replaced. Fails with a 400 naming the
   * problem when the payload cannot be read.
   */
  Future<Lead> fill(Principal p, Lead typed, JsonNode scan);
}
