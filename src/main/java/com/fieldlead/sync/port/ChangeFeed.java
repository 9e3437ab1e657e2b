package com.fieldlead.sync.port;

import io.vertx.core.Future;
import java.util.List;

/**
 * One kind of change of one caller's scope, as its feature serves it.
 *
 * @param <T> the change
 */
@FunctionalInterface
public interface ChangeFeed<T extends Stamped> {

  /**
   * The tenant's changes numbered after {@code after} up to {@code upTo} (inclusive) within the scope, in number
   * order, at most {@code limit} (0: every one).
   */
  Future<List<T>> read(String tenantId, long after, long upTo, int limit);
}
