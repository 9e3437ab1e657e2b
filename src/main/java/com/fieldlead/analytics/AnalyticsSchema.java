package com.fieldlead.analytics;

import com.fieldlead.store.IndexDef;
import com.mongodb.client.model.Indexes;
import java.util.List;

/** The analytics collections, their field names and indexes. */
final class AnalyticsSchema {

  /** One document per tenant and day (tenant's zone): the cells of the leads captured that day. */
  static final String DAYS = "analytics_days";
  /** Days whose cells are to be computed again (a lead or activity of theirs changed). */
  static final String DIRTY = "analytics_dirty";
  /** Per tenant: the reporting time zone and first day of the week. */
  static final String SETTINGS = "analytics_settings";
  /** Per tenant and event: what the event cost. */
  static final String EVENT_COSTS = "analytics_event_costs";

  static final String ID = "_id";
  static final String TENANT_ID = "tenantId";
  static final String DAY = "day";
  static final String ZONE = "zone";
  static final String CELLS = "cells";
  static final String BUILT_AT = "builtAt";
  static final String STAMP = "stamp";
  static final String AT = "at";
  static final String TIME_ZONE = "timeZone";
  static final String WEEK_STARTS_ON = "weekStartsOn";
  static final String UPDATED_AT = "updatedAt";
  static final String UPDATED_BY = "updatedBy";
  static final String EVENT_ID = "eventId";
  static final String AMOUNT = "amount";
  static final String CURRENCY = "currency";

  private AnalyticsSchema() {}

  /** The key of a tenant's row (a day, an event). */
  static String key(String tenantId, String part) {
    return tenantId + "/" + part;
  }

  /**
   * Rows are keyed by {@code _id} (tenant and day or event), so these indexes need not be unique; they are the
   * store's sorted kind, which serves the reports' day ranges (a unique index on the embedded store is a hash map and
   * serves equality only).
   */
  static List<IndexDef> indexes() {
    return List.of(
        IndexDef.of(DAYS, "analytics_days_tenant_day", Indexes.ascending(TENANT_ID, DAY)),
        IndexDef.of(DIRTY, "analytics_dirty_tenant_day", Indexes.ascending(TENANT_ID, DAY)),
        // the refresh job takes the oldest marks across tenants
        IndexDef.of(DIRTY, "analytics_dirty_at", Indexes.ascending(AT)),
        IndexDef.of(
            EVENT_COSTS, "analytics_event_costs_tenant", Indexes.ascending(TENANT_ID, EVENT_ID)));
  }
}
