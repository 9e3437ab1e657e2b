package com.fieldlead.sync.port;

import com.fieldlead.auth.Principal;
import io.vertx.core.Future;
import java.util.List;

/**
 * The lead catalog's reference data a phone needs beside its entities (the tenant's events, qualifier questions and
 * lead statuses), each as its API JSON would carry it.
 */
public interface ReferenceSource {

  /** The tenant's events, at most {@code max}. */
  Future<List<?>> events(Principal caller, int max);

  Future<List<?>> qualifierQuestions(Principal caller);

  Future<List<?>> statuses(Principal caller);
}
