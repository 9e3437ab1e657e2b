package com.fieldlead.lead.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lead's fields by name, flat: {@link Lead}'s identity components and every component of its groups, under the
 * component's name (the stored and the wire names). One field read, or a lead built from all of them, without going
 * through JSON; {@link LeadJson} writes and reads a lead through this table, so a new group component is a new field
 * without a change here.
 *
 * <p>The order is the order a lead is written in: the fields of the flat record the lead was before it was grouped,
 * in that record's order ({@link #WRITTEN_FIRST}, so that stored documents and answers stay byte for byte what they
 * were), then any newer field in group order.
 */
public final class LeadComponents {

  /** The flat record's components, in its order (see the class comment); not a list to extend. */
  private static final List<String> WRITTEN_FIRST = List.of(
      "id",
      "tenantId",
      "version",
      "firstName",
      "lastName",
      "email",
      "phone",
      "phoneRaw",
      "phoneValid",
      "company",
      "title",
      "website",
      "industry",
      "companySize",
      "country",
      "region",
      "city",
      "location",
      "source",
      "campaign",
      "eventId",
      "captureMethod",
      "capturedBy",
      "capturedAt",
      "deviceCapturedAt",
      "receivedAt",
      "bant",
      "answers",
      "status",
      "statusReason",
      "stageHistory",
      "ownerId",
      "teamId",
      "tags",
      "consents",
      "marketingOptOut",
      "customFields",
      "externalIds",
      "score",
      "temperature",
      "scoreExplanation",
      "conversion",
      "fieldMeta",
      "createdAt",
      "createdBy",
      "updatedAt",
      "deletedAt",
      "mergedInto",
      "scoreDetails",
      "scoreNextDecayAt",
      "hotOverride",
      "scan",
      "crm");

  /** One field: a top-level component of {@link Lead} ({@code group} -1) or a component of a group. */
  private record Field(String name, Type type, Class<?> raw, int group, Method accessor) {}

  /** {@link Lead}'s components: each either a field or a group (a record of fields). */
  private static final RecordComponent[] TOP = Lead.class.getRecordComponents();

  private static final Constructor<Lead> CANONICAL = canonical(Lead.class);
  private static final Field[] ALL;
  private static final Map<String, Integer> POSITION = new HashMap<>();
  private static final List<String> NAMES;

  /** Per top-level component: its field's position, or (a group) its fields' positions and the group's constructor. */
  private static final int[][] PARTS = new int[TOP.length][];

  private static final Constructor<?>[] GROUP_CANONICAL = new Constructor<?>[TOP.length];

  static {
    List<Field> fields = new ArrayList<>();
    for (int g = 0; g < TOP.length; g++) {
      RecordComponent top = TOP[g];
      if (isGroup(top.getType())) {
        GROUP_CANONICAL[g] = canonical(top.getType());
        for (RecordComponent rc : top.getType().getRecordComponents()) {
          fields.add(
              new Field(rc.getName(), rc.getGenericType(), rc.getType(), g, rc.getAccessor()));
        }
      } else {
        fields.add(
            new Field(top.getName(), top.getGenericType(), top.getType(), -1, top.getAccessor()));
      }
    }
    List<Field> ordered = new ArrayList<>(fields);
    ordered.sort(Comparator.comparingInt(f -> {
      int at = WRITTEN_FIRST.indexOf(f.name());
      return at < 0 ? WRITTEN_FIRST.size() + fields.indexOf(f) : at;
    }));
    ALL = ordered.toArray(Field[]::new);
    for (int i = 0; i < ALL.length; i++) {
      if (POSITION.put(ALL[i].name(), i) != null) {
        throw new ExceptionInInitializerError("two lead fields named " + ALL[i].name());
      }
    }
    NAMES = Arrays.stream(ALL).map(Field::name).toList();
    for (int g = 0; g < TOP.length; g++) {
      if (GROUP_CANONICAL[g] == null) {
        PARTS[g] = new int[] {POSITION.get(TOP[g].getName())};
      } else {
        PARTS[g] = Arrays.stream(TOP[g].getType().getRecordComponents())
            .mapToInt(rc -> POSITION.get(rc.getName()))
            .toArray();
      }
    }
  }

  private LeadComponents() {}

  /** A group is a record of its own file in this package ({@code LeadContact}); the nested value records are not. */
  private static boolean isGroup(Class<?> type) {
    return type.isRecord() && type.getEnclosingClass() == null;
  }

  @SuppressWarnings("unchecked")
  private static <T> Constructor<T> canonical(Class<T> type) {
    try {
      return type.getDeclaredConstructor(Arrays.stream(type.getRecordComponents())
          .map(RecordComponent::getType)
          .toArray(Class<?>[]::new));
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Whether {@code name} is a lead field. */
  public static boolean has(String name) {
    return POSITION.containsKey(name);
  }

  /** The value of the lead's field {@code name}; null when it has none or {@code name} is not a lead field. */
  public static Object value(Lead lead, String name) {
    Integer at = POSITION.get(name);
    return at == null ? null : value(lead, at);
  }

  /** The field names, in the order a lead is written. */
  public static List<String> names() {
    return NAMES;
  }

  /** The declared (generic) type of field {@code name}; null when it is not a lead field. */
  public static Type type(String name) {
    Integer at = POSITION.get(name);
    return at == null ? null : ALL[at].type();
  }

  static int count() {
    return ALL.length;
  }

  /** The name of the field at {@code position}. */
  static String name(int position) {
    return ALL[position].name();
  }

  /** The declared (generic) type of the field at {@code position}. */
  static Type type(int position) {
    return ALL[position].type();
  }

  /** Whether the field at {@code position} is of a primitive type (always written, never null). */
  static boolean primitive(int position) {
    return ALL[position].raw().isPrimitive();
  }

  /** The position of field {@code name}; -1 when it is not a lead field. */
  static int position(String name) {
    return POSITION.getOrDefault(name, -1);
  }

  static Object value(Lead lead, int position) {
    Field f = ALL[position];
    try {
      Object owner = f.group() < 0 ? lead : TOP[f.group()].getAccessor().invoke(lead);
      return f.accessor().invoke(owner);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read lead field " + f.name(), e);
    }
  }

  /** Every field's value, in {@link #names()} order (what {@link #of} takes). */
  static Object[] values(Lead lead) {
    Object[] out = new Object[ALL.length];
    try {
      for (int g = 0; g < TOP.length; g++) {
        Object top = TOP[g].getAccessor().invoke(lead);
        if (GROUP_CANONICAL[g] == null) {
          out[PARTS[g][0]] = top;
        } else {
          for (int at : PARTS[g]) {
            out[at] = ALL[at].accessor().invoke(top);
          }
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read a lead", e);
    }
    return out;
  }

  /** The lead with these field values, in {@link #names()} order; a primitive's null is its zero. */
  static Lead of(Object[] values) {
    try {
      Object[] args = new Object[TOP.length];
      for (int g = 0; g < TOP.length; g++) {
        if (GROUP_CANONICAL[g] == null) {
          args[g] = arg(values, PARTS[g][0]);
        } else {
          Object[] groupArgs = new Object[PARTS[g].length];
          for (int i = 0; i < groupArgs.length; i++) {
            groupArgs[i] = arg(values, PARTS[g][i]);
          }
          args[g] = GROUP_CANONICAL[g].newInstance(groupArgs);
        }
      }
      return CANONICAL.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build a lead", e);
    }
  }

  private static Object arg(Object[] values, int at) {
    return values[at] == null && primitive(at) ? zero(ALL[at].raw()) : values[at];
  }

  private static Object zero(Class<?> primitive) {
    if (primitive == long.class) {
      return 0L;
    }
    if (primitive == int.class) {
      return 0;
    }
    if (primitive == boolean.class) {
      return false;
    }
    throw new IllegalStateException("no zero for " + primitive);
  }
}
