package com.fieldlead.analytics;

import static com.fieldlead.analytics.AnalyticsSchema.AMOUNT;
import static com.fieldlead.analytics.AnalyticsSchema.AT;
import static com.fieldlead.analytics.AnalyticsSchema.BUILT_AT;
import static com.fieldlead.analytics.AnalyticsSchema.CELLS;
import static com.fieldlead.analytics.AnalyticsSchema.CURRENCY;
import static com.fieldlead.analytics.AnalyticsSchema.DAY;
import static com.fieldlead.analytics.AnalyticsSchema.EVENT_ID;
import static com.fieldlead.analytics.AnalyticsSchema.ID;
import static com.fieldlead.analytics.AnalyticsSchema.STAMP;
import static com.fieldlead.analytics.AnalyticsSchema.TENANT_ID;
import static com.fieldlead.analytics.AnalyticsSchema.TIME_ZONE;
import static com.fieldlead.analytics.AnalyticsSchema.UPDATED_AT;
import static com.fieldlead.analytics.AnalyticsSchema.UPDATED_BY;
import static com.fieldlead.analytics.AnalyticsSchema.WEEK_STARTS_ON;
import static com.fieldlead.analytics.AnalyticsSchema.ZONE;
import static com.fieldlead.analytics.AnalyticsSchema.key;

import com.fieldlead.analytics.AnalyticsReports.EventCost;
import com.fieldlead.analytics.AnalyticsReports.Settings;
import com.fieldlead.store.Migration;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.UnwrittenCache;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

/** The rollups (a document per tenant and day), the days to compute again, settings and event costs. */
final class MongoRollups {

  /** A day to compute again, with the mark's stamp (cleared only when no newer mark came in between). */
  record Dirty(String tenantId, LocalDate day, String stamp) {}

  /** Days marked per write of schema step 4. */
  static final int MARK_BATCH = 500;

  private final MongoCollection<Document> days;
  private final MongoCollection<Document> dirty;
  private final MongoCollection<Document> settings;
  private final MongoCollection<Document> costs;

  private final UnwrittenCache<String, Optional<Settings>> settingsRead;

  MongoRollups(MongoStore store) {
    this.days = store.collection(AnalyticsSchema.DAYS);
    this.dirty = store.collection(AnalyticsSchema.DIRTY);
    this.settings = store.collection(AnalyticsSchema.SETTINGS);
    this.settingsRead = new UnwrittenCache<>(store, AnalyticsSchema.SETTINGS);
    this.costs = store.collection(AnalyticsSchema.EVENT_COSTS);
  }

  /** Marks {@code dayList} of a tenant to be computed again (one bulk write; a fresh stamp on each). */
  Future<Void> markDirty(String tenantId, Collection<LocalDate> dayList, Instant now) {
    if (dayList.isEmpty()) {
      return Future.succeededFuture();
    }
    List<WriteModel<Document>> writes = new ArrayList<>();
    for (LocalDate d : dayList) {
      writes.add(new UpdateOneModel<>(
          Filters.eq(ID, key(tenantId, d.toString())),
          new Document(
              "$set",
              new Document(TENANT_ID, tenantId)
                  .append(DAY, d.toString())
                  .append(STAMP, UUID.randomUUID().toString())
                  .append(AT, Date.from(now))),
          new UpdateOptions().upsert(true)));
    }
    return MongoFutures.done(dirty.bulkWrite(writes));
  }

  /** The marked days of a tenant in {@code [from, to]}. */
  Future<List<Dirty>> dirtyIn(String tenantId, LocalDate from, LocalDate to) {
    return MongoFutures.list(dirty.find(Filters.and(
            Filters.eq(TENANT_ID, tenantId),
            Filters.gte(DAY, from.toString()),
            Filters.lte(DAY, to.toString()))))
        .map(MongoRollups::toDirty);
  }

  /** The oldest marks across tenants, at most {@code limit}. */
  Future<List<Dirty>> oldestDirty(Instant upTo, int limit) {
    return MongoFutures.list(dirty
            .find(Filters.lte(AT, Date.from(upTo)))
            .sort(Sorts.ascending(AT))
            .limit(limit))
        .map(MongoRollups::toDirty);
  }

  /** Clears a mark unless it was renewed since it was read. */
  Future<Void> clear(Dirty d) {
    return MongoFutures.done(dirty.deleteOne(Filters.and(
        Filters.eq(ID, key(d.tenantId(), d.day().toString())), Filters.eq(STAMP, d.stamp()))));
  }

  private static List<Dirty> toDirty(List<Document> docs) {
    return docs.stream()
        .map(d -> new Dirty(
            d.getString(TENANT_ID), LocalDate.parse(d.getString(DAY)), d.getString(STAMP)))
        .toList();
  }

  /** Stores a day's cells (replacing what was there); a day without leads is removed. */
  Future<Void> saveDay(String tenantId, LocalDate day, String zone, List<Cell> cells, Instant now) {
    String id = key(tenantId, day.toString());
    if (cells.isEmpty()) {
      return MongoFutures.done(days.deleteOne(Filters.eq(ID, id)));
    }
    Document doc = new Document(ID, id)
        .append(TENANT_ID, tenantId)
        .append(DAY, day.toString())
        .append(ZONE, zone)
        .append(BUILT_AT, Date.from(now))
        .append(CELLS, new Binary(CellCodec.encode(cells)));
    return MongoFutures.done(
        days.replaceOne(Filters.eq(ID, id), doc, new ReplaceOptions().upsert(true)));
  }

  /** The cells of a tenant's days in {@code [from, to]}; every day when both are null. */
  Future<List<Cell>> cells(String tenantId, LocalDate from, LocalDate to) {
    Bson filter = from == null
        ? Filters.eq(TENANT_ID, tenantId)
        : Filters.and(
            Filters.eq(TENANT_ID, tenantId),
            Filters.gte(DAY, from.toString()),
            Filters.lte(DAY, to.toString()));
    return MongoFutures.list(days.find(filter)).map(docs -> {
      List<Cell> out = new ArrayList<>();
      for (Document d : docs) {
        LocalDate day = LocalDate.parse(d.getString(DAY));
        out.addAll(CellCodec.decode(day, d.get(CELLS, Binary.class).getData()));
      }
      return out;
    });
  }

  /** Whether a tenant has any computed day (one read through {@code analytics_days_tenant_day}). */
  Future<Boolean> anyDay(String tenantId) {
    return MongoFutures.first(days.find(Filters.eq(TENANT_ID, tenantId))
            .projection(Projections.include(ID))
            .limit(1))
        .map(Optional::isPresent);
  }

  /**
   * Marks every stored day of every tenant to be computed again, a batch at a time (schema step 4: days computed
   * before the times in stage were kept get them); answers how many days were marked.
   */
  Future<Long> markEveryDay(Instant now, Migration.Progress progress) {
    AtomicLong marked = new AtomicLong();
    return MongoFutures.inBatches(
            days.find().projection(Projections.include(TENANT_ID, DAY)).batchSize(MARK_BATCH),
            MARK_BATCH,
            batch -> {
              Map<String, List<LocalDate>> byTenant = new HashMap<>();
              for (Document d : batch) {
                byTenant
                    .computeIfAbsent(d.getString(TENANT_ID), k -> new ArrayList<>())
                    .add(LocalDate.parse(d.getString(DAY)));
              }
              List<Future<Void>> marks = new ArrayList<>();
              byTenant.forEach((tenant, dayList) -> marks.add(markDirty(tenant, dayList, now)));
              return Future.all(marks).compose(x -> {
                marked.addAndGet(batch.size());
                return progress.renew();
              });
            })
        .map(read -> marked.get());
  }

  /** Removes every day of a tenant (before a rebuild). */
  Future<Void> deleteDays(String tenantId) {
    return MongoFutures.done(days.deleteMany(Filters.eq(TENANT_ID, tenantId)));
  }

  /** The tenant's settings as stored (kept while the collection is unwritten: every capture's day marking reads them). */
  Future<Optional<Settings>> settings(String tenantId) {
    return settingsRead.get(
        tenantId,
        () -> MongoFutures.first(settings.find(Filters.eq(ID, tenantId)).limit(1))
            .map(o -> o.map(d -> new Settings(
                d.getString(TIME_ZONE),
                d.getString(WEEK_STARTS_ON),
                d.getDate(UPDATED_AT) == null ? null : d.getDate(UPDATED_AT).toInstant(),
                d.getString(UPDATED_BY)))));
  }

  Future<Void> saveSettings(String tenantId, Settings s) {
    Document doc = new Document(ID, tenantId)
        .append(TIME_ZONE, s.timeZone())
        .append(WEEK_STARTS_ON, s.weekStartsOn())
        .append(UPDATED_AT, Date.from(s.updatedAt()))
        .append(UPDATED_BY, s.updatedBy());
    return MongoFutures.done(
        settings.replaceOne(Filters.eq(ID, tenantId), doc, new ReplaceOptions().upsert(true)));
  }

  Future<Map<String, EventCost>> costs(String tenantId) {
    return MongoFutures.list(costs.find(Filters.eq(TENANT_ID, tenantId))).map(docs -> {
      Map<String, EventCost> out = new HashMap<>();
      docs.forEach(d -> out.put(
          d.getString(EVENT_ID),
          new EventCost(
              d.getString(EVENT_ID),
              new BigDecimal(d.getString(AMOUNT)),
              d.getString(CURRENCY),
              d.getDate(UPDATED_AT).toInstant(),
              d.getString(UPDATED_BY))));
      return out;
    });
  }

  Future<Void> saveCost(String tenantId, EventCost c) {
    String id = key(tenantId, c.eventId());
    Document doc = new Document(ID, id)
        .append(TENANT_ID, tenantId)
        .append(EVENT_ID, c.eventId())
        .append(AMOUNT, c.amount().toPlainString())
        .append(CURRENCY, c.currency())
        .append(UPDATED_AT, Date.from(c.updatedAt()))
        .append(UPDATED_BY, c.updatedBy());
    return MongoFutures.done(
        costs.replaceOne(Filters.eq(ID, id), doc, new ReplaceOptions().upsert(true)));
  }

  Future<Void> deleteCost(String tenantId, String eventId) {
    return MongoFutures.done(costs.deleteOne(Filters.eq(ID, key(tenantId, eventId))));
  }
}
