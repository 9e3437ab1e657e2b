package com.fieldlead.store.embedded;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Chooses how a query reads a collection, as MongoDB's planner would: mongo-java-server uses an index only when a
 * query names exactly the index's fields with plain values, so {@code {$and: [{tenantId}, {id}]}} or a
 * version-checked update would read every document. Here a query is narrowed first:
 * <ol>
 *   <li>by a unique index whose fields all have an equality (or one an {@code $in}) in the query, else</li>
 *   <li>for a sorted, limited page, by walking a {@link SecondaryIndex} in key order, or by sorting the few candidates
 *   of an {@code $or} whose every branch narrows, else</li>
 *   <li>by the secondary index that yields the fewest candidates (equality on its leading fields, then a range on the
 *   next one; each {@code $or} branch),</li>
 * </ol>
 * and the whole query is then applied to those candidates, exactly as to a full scan. A query nothing narrows is a
 * scan, which {@link KvCollection} counts (tests fail on one). An index is used whenever one narrows: reading a
 * candidate costs what reading it in a scan costs, so narrowing never loses.
 */
final class Planner {

  private static final Set<String> RANGES = Set.of("$gt", "$gte", "$lt", "$lte");
  private static final int MAX_TRIED = 2;
  /** Up to this many candidates of an $or, sorting them beats walking a whole window of an index in order. */
  private static final int UNION_CAP = 256;
  /** A limited, unsorted query takes a plan's candidates as a list up to this many; beyond, it walks the index. */
  private static final int PROBE = 1_024;

  private final KvCollection collection;

  Planner(KvCollection collection) {
    this.collection = collection;
  }

  /** The top-level fields that {@code paths} read (a dotted path reads its first segment), and {@code idField}. */
  static Set<String> roots(Collection<String> paths, String idField) {
    Set<String> roots = new HashSet<>();
    for (String path : paths) {
      int dot = path.indexOf('.');
      roots.add(dot < 0 ? path : path.substring(0, dot));
    }
    if (idField != null) {
      roots.add(idField);
    }
    return roots;
  }

  /** What a query constrains, from its top level and top-level {@code $and}: plain equalities and ranges. */
  record Constraints(
      Map<String, Object> equal,
      Map<String, Object[]> range,
      Map<String, List<Object>> in,
      List<List<Document>> ors) {

    static Constraints of(Document query) {
      Constraints c = new Constraints(
          new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>());
      c.collect(query);
      return c;
    }

    /** These constraints and one branch of an {@code $or}. */
    Constraints and(Document branch) {
      Constraints c = new Constraints(
          new LinkedHashMap<>(equal),
          new LinkedHashMap<>(range),
          new LinkedHashMap<>(in),
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
            keysetBound(branches);
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

    /**
     * A keyset page's position, {@code $or: [{f: {$lt: v}}, {f: v, id: {$lt: x}}]} (or {@code $gt} both), means
     * {@code f <= v} (or {@code >= v}) for planning: the sort index is then walked from the position on instead of
     * from its start (an export's hundredth page no longer skips the 99,000 leads before it). The query itself still
     * decides which documents match.
     */
    private void keysetBound(List<Document> branches) {
      if (branches.size() != 2) {
        return;
      }
      Document position = flat(branches.get(0));
      Document tieBreak = flat(branches.get(1));
      if (position == null || tieBreak == null || position.size() != 1 || tieBreak.size() != 2) {
        return;
      }
      Map.Entry<String, Object> first = position.entrySet().iterator().next();
      String field = first.getKey();
      if (!(first.getValue() instanceof Document op) || op.size() != 1) {
        return;
      }
      String operator = op.keySet().iterator().next();
      Object v = op.get(operator);
      Object tie = tieBreak.get(field);
      if (!(operator.equals("$lt") || operator.equals("$gt"))
          || !plain(v)
          || !plain(tie)
          || !v.equals(tie)) {
        return;
      }
      for (Map.Entry<String, Object> e : tieBreak.entrySet()) {
        if (!e.getKey().equals(field)
            && !(e.getValue() instanceof Document idOp && idOp.containsKey(operator))) {
          return; // the tie-break must run the same way
        }
      }
      operators(field, new Document(operator.equals("$lt") ? "$lte" : "$gte", v));
    }

    /** {@code branch} with a top-level {@code $and} of documents merged into one; null when two parts share a key. */
    private static Document flat(Document branch) {
      if (!(branch.size() == 1 && branch.get("$and") instanceof List<?> parts)) {
        return branch;
      }
      Document merged = new Document();
      for (Object part : parts) {
        if (!(part instanceof Document d)) {
          return null;
        }
        for (Map.Entry<String, Object> e : d.entrySet()) {
          if (merged.put(e.getKey(), e.getValue()) != null) {
            return null;
          }
        }
      }
      return merged;
    }

    private void operators(String field, Document ops) {
      if (ops.size() == 1 && plain(ops.get("$eq"))) {
        equal.putIfAbsent(field, ops.get("$eq"));
        return;
      }
      if (ops.size() == 1
          && ops.get("$in") instanceof List<?> values
          && !values.isEmpty()
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
      return v instanceof String
          || v instanceof Number
          || v instanceof Boolean
          || v instanceof Instant
          || v instanceof UUID
          || v instanceof ObjectId;
    }
  }

  /**
   * The positions to apply {@code query} to instead of the whole collection (sorted by {@code orderBy} when
   * {@link Choice#ordered}); null when nothing narrows it.
   */
  Choice choose(Document query, Document orderBy, int skip, int limit) {
    Constraints constraints = Constraints.of(query);
    List<Object> pinned = pinned(constraints);
    if (pinned != null) { // a unique index pins the answer: nothing narrows better
      return new Choice(pinned.stream(), false);
    }
    boolean sorted = orderBy != null && !orderBy.isEmpty();
    if (!sorted && limit > 0 && constraints.ors().isEmpty()) {
      // the first few matches of anything ({tenantId, capturedBy, eventId} limit 1, every access
      // check): read an
      // index lazily instead of collecting a prefix that may hold a whole tenant
      Stream<Object> first = firstMatches(constraints);
      if (first != null) {
        return new Choice(first, false);
      }
    }
    if (sorted && limit > 0 && !constraints.ors().isEmpty()) {
      // a scoped page ({$or: [{ownerId: me}, {capturedBy: me}]} in a window, by syncSeq): when
      // every branch narrows to
      // a few documents (an index on the branch's field, then the window), sorting those few beats
      // walking the
      // window of the whole tenant in order and skipping everyone else's changes
      List<Object> few = union(constraints, Math.max(UNION_CAP, 2 * (skip + limit)));
      if (few != null) {
        KvCollection.SORTED_UNIONS.increment();
        return new Choice(few.stream(), false);
      }
    }
    Stream<Object> ordered = inIndexOrder(constraints, orderBy, limit);
    if (ordered != null) {
      return new Choice(ordered, true);
    }
    List<Object> positions = candidates(constraints);
    return positions == null ? null : new Choice(positions.stream(), false);
  }

  /**
   * For a limited, unsorted query: the candidates of the best plan when it yields at most {@link #PROBE}, else that
   * plan's index walked lazily (the query stops reading at its limit); null when no plan applies.
   */
  private Stream<Object> firstMatches(Constraints c) {
    List<Object> fewest = null;
    Plan walk = null;
    for (Plan plan : worthTrying(c)) {
      List<Object> found = plan.candidates(PROBE);
      if (found.size() <= PROBE) {
        fewest = fewest == null || found.size() < fewest.size() ? found : fewest;
      } else if (walk == null && plan.inAt() < 0) {
        walk = plan;
      }
    }
    if (fewest != null) {
      return fewest.stream();
    }
    return walk == null
        ? null
        : walk.index().inOrder(walk.prefix(), walk.low(), walk.high(), false);
  }

  /** The plans worth trying: of those constraining the most, the first {@link #MAX_TRIED} whose index is ready. */
  private List<Plan> worthTrying(Constraints c) {
    List<Plan> plans = plans(c);
    List<Plan> out = new ArrayList<>();
    for (Plan plan : plans) {
      if (out.size() == MAX_TRIED || plan.score() < plans.get(0).score()) {
        break;
      }
      if (collection.ready(plan.index())) {
        out.add(plan);
      }
    }
    return out;
  }

  /** The ordered indexes' plans for {@code c}, the most constrained first. */
  private List<Plan> plans(Constraints c) {
    List<Plan> plans = new ArrayList<>();
    for (SecondaryIndex index : ordered()) {
      Plan plan = Plan.of(index, c);
      if (plan != null) {
        plans.add(plan);
      }
    }
    plans.sort((a, b) -> Integer.compare(b.score(), a.score()));
    return plans;
  }

  /** Positions to read; {@code ordered}: already in the query's sort order (an index walk). */
  record Choice(Stream<Object> positions, boolean ordered) {}

  /** A chosen index's candidates; null when nothing narrows the query. No unique index pins it. */
  private List<Object> candidates(Constraints c) {
    List<Object> union = c.ors().isEmpty() ? null : union(c, -1);
    // the rest of the query may narrow better than the $or's branches do (a tenant's few leads of
    // one capturer)
    List<Object> narrowed = narrow(c, union == null ? -1 : union.size());
    return narrowed != null ? narrowed : union;
  }

  /** The union of what narrows each branch of the first {@code $or} (with the rest); null when a branch does not. */
  private List<Object> union(Constraints c, int max) {
    Set<Object> union = new LinkedHashSet<>();
    for (Document branch : c.ors().get(0)) {
      Constraints both = c.and(branch);
      List<Object> pinned = pinned(both);
      List<Object> part = pinned != null ? pinned : narrow(both, max);
      if (part == null) {
        return null;
      }
      union.addAll(part);
      if (max >= 0 && union.size() > max) {
        return null;
      }
    }
    return new ArrayList<>(union);
  }

  /** The documents a unique index pins (see {@link #unique}); null when none does. */
  private List<Object> pinned(Constraints c) {
    for (Index<Object> index : collection.getIndexes()) {
      List<Object> pinned =
          index.isUnique() && !index.getKeys().isEmpty() ? unique(index, c) : null;
      if (pinned != null) {
        return pinned;
      }
    }
    return null;
  }

  /** The indexes that keep their keys in order: the secondary ones, and the order a compound unique index keeps. */
  private List<SecondaryIndex> ordered() {
    List<SecondaryIndex> out = new ArrayList<>();
    for (Index<Object> index : collection.getIndexes()) {
      SecondaryIndex ordered = index instanceof SecondaryIndex s
          ? s
          : index instanceof HashedUniqueIndex u ? u.order() : null;
      if (ordered != null && !ordered.unusable()) {
        out.add(ordered);
      }
    }
    return out;
  }

  /**
   * The fewest candidates an ordered index yields (at most {@code max} when it is not negative); null when no index
   * narrows the query (or none within {@code max}).
   */
  private List<Object> narrow(Constraints c, int max) {
    if (c.equal().isEmpty() && c.range().isEmpty() && c.in().isEmpty()) {
      return null;
    }
    // Plan: the indexes that constrain the most leading fields (two per equality or $in, one for a
    // range after them);
    // of those, the one that yields the fewest candidates, trying at most MAX_TRIED.
    List<Object> best = null;
    for (Plan plan : worthTrying(c)) {
      int bound = best == null ? max : best.size();
      List<Object> found = plan.candidates(bound);
      if ((bound < 0 || found.size() <= bound) && (best == null || found.size() < best.size())) {
        best = found;
      }
    }
    return best;
  }

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
    List<Object> values =
        inField == null ? Collections.singletonList(null) : c.in().get(inField);
    Set<Object> out = new LinkedHashSet<>();
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

  /**
   * How an ordered index would narrow: equalities on its leading fields (one of them may be an {@code $in}: one look-up
   * per value), then maybe a range on the next.
   */
  private record Plan(
      SecondaryIndex index,
      List<Object> prefix,
      int inAt,
      List<Object> inValues,
      Object low,
      Object high,
      int score) {

    static Plan of(SecondaryIndex index, Constraints c) {
      List<Object> prefix = new ArrayList<>();
      int inAt = -1;
      List<Object> inValues = null;
      Object[] range = null;
      for (String field : index.fields()) {
        if (c.equal().containsKey(field)) {
          prefix.add(c.equal().get(field));
          continue;
        }
        if (inAt < 0 && c.in().containsKey(field)) {
          inAt = prefix.size();
          inValues = c.in().get(field);
          prefix.add(null);
          continue;
        }
        range = c.range().get(field);
        break;
      }
      if (prefix.isEmpty() && range == null) {
        return null;
      }
      return new Plan(
          index,
          prefix,
          inAt,
          inValues,
          range == null ? null : range[0],
          range == null ? null : range[1],
          prefix.size() * 2 + (range == null ? 0 : 1));
    }

    /** Its candidates, in key order per looked-up prefix; more than {@code max} (when not negative) stops early. */
    List<Object> candidates(int max) {
      List<Object> out = collect(max);
      KvCollection.PLANNED_CANDIDATES.add(out.size());
      return out;
    }

    private List<Object> collect(int max) {
      if (inAt < 0) {
        return index.candidates(prefix, low, high, max);
      }
      Set<Object> out = new LinkedHashSet<>();
      for (Object value : inValues) {
        List<Object> one = new ArrayList<>(prefix);
        one.set(inAt, value);
        out.addAll(index.candidates(one, low, high, max));
        if (max >= 0 && out.size() > max) {
          break;
        }
      }
      return new ArrayList<>(out);
    }
  }

  /**
   * A sorted, limited page (a sync pull's {@code {tenantId, syncSeq: {$gt: x}}} by syncSeq; a lead list by
   * {@code createdAt, id} descending): when a secondary index has equalities on its leading fields and its next fields
   * are the sort keys, all sorted the same way, the positions in key order (backwards for descending), read lazily
   * until the page is full, instead of fetching and sorting the whole range. Null when no index fits.
   */
  private Stream<Object> inIndexOrder(Constraints c, Document orderBy, int limit) {
    if (orderBy == null || orderBy.isEmpty() || limit <= 0) {
      return null;
    }
    List<String> sortKeys = new ArrayList<>(orderBy.keySet());
    Integer direction = null;
    for (Object d : orderBy.values()) {
      if (!(d instanceof Number n)
          || (n.intValue() != 1 && n.intValue() != -1)
          || (direction != null && direction != n.intValue())) {
        return null; // mixed directions, or $natural / text scores
      }
      direction = n.intValue();
    }
    Plan chosen = null;
    int mostEqualities = 0;
    for (SecondaryIndex secondary : ordered()) {
      Plan plan = Plan.of(secondary, c);
      int from = plan == null ? 0 : plan.prefix().size();
      mostEqualities = Math.max(mostEqualities, from);
      List<String> fields = secondary.fields();
      if (plan != null
          && plan.inAt() < 0
          && from > 0
          && from + sortKeys.size() <= fields.size()
          && fields.subList(from, from + sortKeys.size()).equals(sortKeys)
          && (chosen == null || plan.score() > chosen.score())) {
        chosen = plan;
      }
    }
    if (chosen == null || chosen.prefix().size() < mostEqualities) {
      return null; // another index pins more fields: narrowing by it and sorting the few is cheaper
    }
    SecondaryIndex index = chosen.index();
    if (!collection.ready(index)) {
      return null;
    }
    return index.inOrder(chosen.prefix(), chosen.low(), chosen.high(), direction < 0);
  }
}
