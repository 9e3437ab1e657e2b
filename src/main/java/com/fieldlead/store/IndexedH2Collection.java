package com.fieldlead.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection that lets the embedded store use the indexes a real MongoDB would. mongo-java-server uses an index
 * only when a query names exactly the index's fields with plain values, so {@code {$and: [{tenantId}, {id}]}} or a
 * version-checked update scanned the whole collection. Here a query is narrowed first:
 * <ol>
 *   <li>by a unique index whose fields all have an equality in the query (at most one document), else</li>
 *   <li>by the {@link SecondaryIndex} that yields the fewest candidates (equality on its leading fields, then a range
 *   on the next one),</li>
 * </ol>
 * and the whole query is then applied to those candidates, exactly as to a full scan. Sorting, skip, limit and
 * projection are the library's own. A query nothing narrows is still a scan.
 */
final class IndexedH2Collection extends H2Collection {

  private static final Set<String> RANGES = Set.of("$gt", "$gte", "$lt", "$lte");
  /** Full scans per collection name (queries no index narrowed): read by tests, and a hint for slow queries. */
  static final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.atomic.LongAdder> FULL_SCANS =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** Sorted pages answered by sorting an $or's few candidates instead of walking an index in order (tests read it). */
  static final java.util.concurrent.atomic.LongAdder SORTED_UNIONS = new java.util.concurrent.atomic.LongAdder();

  IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
      MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
    super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
  }

  /** What a query constrains, from its top level and top-level {@code $and}: plain equalities and ranges. */
  record Constraints(Map<String, Object> equal, Map<String, Object[]> range, Map<String, List<Object>> in,
      List<List<Document>> ors) {

    static Constraints of(Document query) {
      Constraints c = new Constraints(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
          new ArrayList<>());
      c.collect(query);
      return c;
    }

    /** These constraints and one branch of an {@code $or}. */
    Constraints and(Document branch) {
      Constraints c = new Constraints(new LinkedHashMap<>(equal), new LinkedHashMap<>(range), new LinkedHashMap<>(in),
          new ArrayList<>());
      c.collect(branch);
      return c;
    }

    private void collect(Document query) {
      for (Map.Entry<String, Object> e : query.entrySet()) {
        String field = e.getKey();
        Object value = e.getValue();
        if (field.equals("$and") && value instanceof List<?> all) {
          for (Object part : all) {
            if (part instanceof Document d) {
              collect(d);
            }
          }
        } else if (field.equals("$or") && value instanceof List<?> any) {
          List<Document> branches = new ArrayList<>();
          for (Object part : any) {
            if (part instanceof Document d) {
              branches.add(d);
            }
          }
          if (branches.size() == any.size()) {
            ors.add(branches);
          }
        } else if (!field.startsWith("$")) {
          if (plain(value)) {
            equal.putIfAbsent(field, value);
          } else if (value instanceof Document ops && !ops.isEmpty()) {
            operators(field, ops);
          }
        }
      }
    }

    private void operators(String field, Document ops) {
      if (ops.size() == 1 && plain(ops.get("$eq"))) {
        equal.putIfAbsent(field, ops.get("$eq"));
        return;
      }
      if (ops.size() == 1 && ops.get("$in") instanceof List<?> values && !values.isEmpty()
          && values.stream().allMatch(Constraints::plain)) {
        in.putIfAbsent(field, new ArrayList<>(values));
        return;
      }
      if (ops.size() == 1 && Boolean.TRUE.equals(ops.get("$exists"))) {
        range.putIfAbsent(field, new Object[] {null, null}); // any value: the whole index, at most
        return;
      }
      if (!RANGES.containsAll(ops.keySet())) {
        return;
      }
      Object low = null;
      Object high = null;
      for (Map.Entry<String, Object> op : ops.entrySet()) {
        if (!plain(op.getValue())) {
          return;
        }
        if (op.getKey().startsWith("$g")) {
          low = op.getValue();
        } else {
          high = op.getValue();
        }
      }
      Object[] known = range.computeIfAbsent(field, f -> new Object[2]);
      // {$gte: a} and {$lt: b} may come in separate $and parts: keep one bound of each side
      known[0] = known[0] == null ? low : known[0];
      known[1] = known[1] == null ? high : known[1];
    }

    /** Values whose equality a document can only meet by holding that value (or an array containing it). */
    static boolean plain(Object v) {
      return v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Instant
          || v instanceof UUID || v instanceof ObjectId;
    }
  }

  /**
   * A chosen index's candidates: the positions the full query is applied to; null when nothing narrows the query. The
   * caller has found no unique index that pins it.
   */
  private List<Object> candidates(Constraints c) {
    // Fetching by position costs more than streaming the collection: an index that leaves more than a quarter of the
    // documents is not worth it.
    int worthIt = Math.max(16, count() / 4);
    if (!c.ors().isEmpty()) {
      // {$or: [a, b]}: the union of what narrows each branch (with the rest of the query), when every branch is
      // tried first (a duplicate check's branches are tiny), but given up early when a branch is broad
      List<Object> union = union(c, Math.min(worthIt, UNION_CAP));
      if (union != null) {
        return union;
      }
    }
    return narrow(c, worthIt);
  }

  private List<Object> union(Constraints c, int worthIt) {
    java.util.Set<Object> union = new java.util.LinkedHashSet<>();
    for (Document branch : c.ors().get(0)) {
      Constraints both = c.and(branch);
      List<Object> pinned = pinned(both);
      List<Object> part = pinned != null ? pinned : narrow(both, worthIt);
      if (part == null) {
        return null;
      }
      union.addAll(part);
      if (union.size() > worthIt) {
        return null;
      }
    }
    return new ArrayList<>(union);
  }

  /** The documents a unique index pins (see {@link #unique}); null when none does. */
  private List<Object> pinned(Constraints c) {
    for (Index<Object> index : getIndexes()) {
      List<Object> pinned = index.isUnique() && !index.getKeys().isEmpty() ? unique(index, c) : null;
      if (pinned != null) {
        return pinned;
      }
    }
    return null;
  }

  /** The fewest candidates a secondary index yields, if at most {@code worthIt}; null otherwise. */
  private List<Object> narrow(Constraints c, int worthIt) {
    if (c.equal().isEmpty() && c.range().isEmpty()) {
      return null;
    }
    // Plan: the indexes that constrain the most leading fields (two per equality, one for a range after them); of
    // those, the one that yields the fewest candidates, trying at most MAX_TRIED.
    List<Plan> plans = new ArrayList<>();
    for (Index<Object> index : getIndexes()) {
      if (index instanceof SecondaryIndex secondary && !secondary.unusable()) {
        Plan plan = Plan.of(secondary, c);
        if (plan != null) {
          plans.add(plan);
        }
      }
    }
    plans.sort((a, b) -> Integer.compare(b.score(), a.score()));
    List<Object> best = null;
    int tried = 0;
    for (Plan plan : plans) {
      if (tried == MAX_TRIED || plan.score() < plans.get(0).score()) {
        break;
      }
      SecondaryIndex index = plan.index();
      if (!ready(index)) {
        continue;
      }
      tried++;
      List<Object> found = index.candidates(plan.prefix(), plan.low(), plan.high(),
          best == null ? worthIt : best.size());
      if (found.size() <= worthIt && (best == null || found.size() < best.size())) {
        best = found;
      }
    }
    return best;
  }

  /** Builds the index on its first use; whether it can serve queries. */
  private boolean ready(SecondaryIndex index) {
    if (!index.usable() && !index.unusable()) {
      index.build(streamAllDocumentsWithPosition());
    }
    return index.usable();
  }

  private static final int MAX_TRIED = 2;
  private static final int UNION_CAP = 256;

  /**
   * The documents a unique index pins: every field has an equality, or all but one do and that one an {@code $in}
   * (one lookup per value). Null when the query does not pin the index.
   */
  private static List<Object> unique(Index<Object> index, Constraints c) {
    String inField = null;
    for (var key : index.getKeys()) {
      if (!c.equal().containsKey(key.getKey())) {
        if (inField != null || !c.in().containsKey(key.getKey())) {
          return null;
        }
        inField = key.getKey();
      }
    }
    List<Object> values = inField == null ? java.util.Collections.singletonList(null) : c.in().get(inField);
    java.util.Set<Object> out = new java.util.LinkedHashSet<>();
    for (Object value : values) {
      Document exact = new Document();
      for (var key : index.getKeys()) {
        exact.put(key.getKey(), key.getKey().equals(inField) ? value : c.equal().get(key.getKey()));
      }
      if (!index.canHandle(exact)) {
        return null;
      }
      index.getPositions(exact).forEach(out::add);
    }
    return new ArrayList<>(out);
  }

  /** How a secondary index would narrow: equalities on its leading fields, then maybe a range on the next. */
  private record Plan(SecondaryIndex index, List<Object> prefix, Object low, Object high, int score) {

    static Plan of(SecondaryIndex index, Constraints c) {
      List<Object> prefix = new ArrayList<>();
      Object[] range = null;
      for (String field : index.fields()) {
        if (c.equal().containsKey(field)) {
          prefix.add(c.equal().get(field));
          continue;
        }
        range = c.range().get(field);
        break;
      }
      if (prefix.isEmpty() && range == null) {
        return null;
      }
      return new Plan(index, prefix, range == null ? null : range[0], range == null ? null : range[1],
          prefix.size() * 2 + (range == null ? 0 : 1));
    }
  }

  @Override
  protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
      Document fieldSelector) {
    for (Index<Object> index : getIndexes()) {
      if (index.canHandle(query)) {
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
    }
    // Secondary indexes change under the collection's lock: use them only while holding it (every read and write
    // command does; an unsynchronised path falls back to the scan).
    if (!Thread.holdsLock(this)) {
      return scan(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }
    Constraints constraints = Constraints.of(query);
    List<Object> pinned = pinned(constraints);
    if (pinned != null) { // a unique index pins the answer: nothing narrows better
      return matchDocuments(query, pinned, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }
    if (orderBy != null && !orderBy.isEmpty() && limit > 0 && !constraints.ors().isEmpty()) {
      // a scoped page ({$or: [{ownerId: me}, {capturedBy: me}]} in a window, by syncSeq): when every branch narrows to
      // a few documents (an index on the branch's field, then the window), sorting those few beats walking the
      // window of the whole tenant in order and skipping everyone else's changes
      List<Object> few = union(constraints, Math.max(UNION_CAP, 2 * (numberToSkip + limit)));
      if (few != null) {
        SORTED_UNIONS.increment();
        return matchDocuments(query, few, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
    }
    QueryResult ordered = inIndexOrder(query, constraints, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    if (ordered != null) {
      return ordered;
    }
    List<Object> positions = candidates(constraints);
    if (positions == null) {
      return scan(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }
    return matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
  }

  private QueryResult scan(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
      Document fieldSelector) {
    FULL_SCANS.computeIfAbsent(getCollectionName(), k -> new java.util.concurrent.atomic.LongAdder()).increment();
    return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
  }

  /**
   * A sorted, limited page (a sync pull's {@code {tenantId, syncSeq: {$gt: x}}} by syncSeq; a lead list by
   * {@code createdAt, id} descending): when a secondary index has equalities on its leading fields and its next fields
   * are the sort keys, all sorted the same way, walk it in key order (backwards for descending) and stop after
   * {@code skip + limit} matches, instead of fetching and sorting the whole range. Null when no index fits.
   */
  private QueryResult inIndexOrder(Document query, Constraints c, Document orderBy, int numberToSkip, int limit,
      int batchSize, Document fieldSelector) {
    if (orderBy == null || orderBy.isEmpty() || limit <= 0) {
      return null;
    }
    List<String> sortKeys = new ArrayList<>(orderBy.keySet());
    Integer direction = null;
    for (Object d : orderBy.values()) {
      if (!(d instanceof Number n) || (n.intValue() != 1 && n.intValue() != -1)
          || (direction != null && direction != n.intValue())) {
        return null; // mixed directions, or $natural / text scores
      }
      direction = n.intValue();
    }
    Plan chosen = null;
    int mostEqualities = 0;
    for (Index<Object> index : getIndexes()) {
      if (index instanceof SecondaryIndex secondary && !secondary.unusable()) {
        Plan plan = Plan.of(secondary, c);
        int from = plan == null ? 0 : plan.prefix().size();
        mostEqualities = Math.max(mostEqualities, from);
        List<String> fields = secondary.fields();
        if (plan != null && from > 0 && from + sortKeys.size() <= fields.size()
            && fields.subList(from, from + sortKeys.size()).equals(sortKeys)
            && (chosen == null || plan.score() > chosen.score())) {
          chosen = plan;
        }
      }
    }
    if (chosen == null || chosen.prefix().size() < mostEqualities) {
      return null; // another index pins more fields: narrowing by it and sorting the few is cheaper
    }
    SecondaryIndex index = chosen.index();
    if (!ready(index)) {
      return null;
    }
    java.util.stream.Stream<Object> positions = index.inOrder(chosen.prefix(), chosen.low(), chosen.high(),
        direction < 0);
    if (positions == null) {
      return null;
    }
    return matchDocumentsFromStream(query, positions.map(this::getDocument), numberToSkip, limit, batchSize, null,
        fieldSelector);
  }
}
