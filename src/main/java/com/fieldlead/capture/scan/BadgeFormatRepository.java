package com.fieldlead.capture.scan;

import com.fieldlead.store.IndexDef;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Badge layouts per tenant and event (collection {@code badge_formats}). */
interface BadgeFormatRepository {

  String COLLECTION = "badge_formats";

  List<IndexDef> indexes();

  /** The event's badge format in the tenant, if one is set. */
  Future<Optional<BadgeFormat>> find(String tenantId, String eventId);

  /** Sets (or replaces) the event's badge format in the tenant. */
  Future<Void> put(String tenantId, BadgeFormat format);
}
