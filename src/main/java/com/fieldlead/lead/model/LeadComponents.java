package com.fieldlead.lead.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lead's fields as its record's components, by name (the stored and the wire names are the component names): one
 * field read, or a lead built from all of them, without going through JSON.
 */
public final class LeadComponents {

  private static final RecordComponent[] ALL = Lead.class.getRecordComponents();
  private static final Map<String, Integer> POSITION = new HashMap<>();
  private static final List<String> NAMES =
      Arrays.stream(ALL).map(RecordComponent::getName).toList();
  private static final Constructor<Lead> CANONICAL;

  static {
    for (int i = 0; i < ALL.length; i++) {
      POSITION.put(ALL[i].getName(), i);
    }
    try {
      CANONICAL = Lead.class.getDeclaredConstructor(
          Arrays.stream(ALL).map(RecordComponent::getType).toArray(Class<?>[]::new));
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private LeadComponents() {}

  /** Whether {@code name} is a lead field. */
  public static boolean has(String name) {
    return POSITION.containsKey(name);
  }

  /** The value of the lead's field {@code name}; null when it has none or {@code name} is not a lead field. */
  public static Object value(Lead lead, String name) {
    Integer at = POSITION.get(name);
    return at == null ? null : value(lead, at);
  }

  /** The field names, in the record's order. */
  public static List<String> names() {
    return NAMES;
  }

  static int count() {
    return ALL.length;
  }

  /** The component at {@code position} (record order). */
  static RecordComponent at(int position) {
    return ALL[position];
  }

  /** The position of field {@code name}; -1 when it is not a lead field. */
  static int position(String name) {
    return POSITION.getOrDefault(name, -1);
  }

  static Object value(Lead lead, int position) {
    try {
      return ALL[position].getAccessor().invoke(lead);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read lead field " + ALL[position].getName(), e);
    }
  }

  /** Every field's value, in record order (the canonical constructor's arguments). */
  static Object[] values(Lead lead) {
    Object[] out = new Object[ALL.length];
    for (int i = 0; i < ALL.length; i++) {
      out[i] = value(lead, i);
    }
    return out;
  }

  /** The lead with these field values, in record order. */
  static Lead of(Object[] values) {
    try {
      return CANONICAL.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build a lead", e);
    }
  }
}
