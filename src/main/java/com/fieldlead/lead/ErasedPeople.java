package com.fieldlead.lead;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a write is about a person whose data was erased at their request (implemented by the data-rights feature):
 * such a write is refused, and whoever keeps a record of the refusal keeps none of its values.
 */
@FunctionalInterface
public interface ErasedPeople {

  /** The code of the field error that refuses an erased person's email ({@code /email}, with a 409). */
  String SUPPRESSED = "suppressed";

  /** Nobody is erased (tests and commands without the data-rights feature). */
  ErasedPeople NONE = new ErasedPeople() {
    @Override
    public Future<Boolean> erased(String tenantId, String leadId, String email) {
      return Future.succeededFuture(false);
    }

    @Override
    public Future<Set<String>> erasedEmails(String tenantId, Collection<String> emails) {
      return Future.succeededFuture(Set.of());
    }
  };

  /**
   * True when the lead {@code leadId} of the tenant was erased, or {@code email} is an erased person's; either may be
   * null.
   */
  Future<Boolean> erased(String tenantId, String leadId, String email);

  /**
   * Which of {@code emails} (as given) are erased people's, for a batch of captures: an implementation backed by a
   * store answers with one read for the batch. This default asks {@link #erased} once per email.
   */
  default Future<Set<String>> erasedEmails(String tenantId, Collection<String> emails) {
    List<String> asked = new ArrayList<>(emails);
    List<Future<Boolean>> each = new ArrayList<>();
    for (String email : asked) {
      each.add(erased(tenantId, null, email));
    }
    return Future.all(each).map(x -> {
      Set<String> gone = new HashSet<>();
      for (int i = 0; i < asked.size(); i++) {
        if (each.get(i).result()) {
          gone.add(asked.get(i));
        }
      }
      return gone;
    });
  }
}
