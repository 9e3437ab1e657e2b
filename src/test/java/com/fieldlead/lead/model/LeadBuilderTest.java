package com.fieldlead.lead.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fieldlead.lead.store.StoredLeadJsonTest;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeadBuilderTest {

  private static final Instant DELETED = Instant.parse("2026-05-06T07:08:09Z");
  /** Every component set (the JSON test's lead leaves the two below null). */
  private static final Lead EVERY_FIELD = StoredLeadJsonTest.everyField(
          new BigDecimal("1500"),
          Map.of("a", 1),
          new Lead.ScoreDetails(
              List.of(new Lead.ScoreLine("r-1", "fit", "Industry", 40)), 3, Instant.EPOCH))
      .toBuilder()
      .deletedAt(DELETED)
      .mergedInto("l-2")
      .build();

  /** The setter's parameter type: the field's declared type without its type arguments. */
  private static Class<?> raw(String field) {
    Type t = LeadComponents.type(field);
    return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
  }

  @Test
  void theLeadUnderTestHasEveryFieldSet() {
    assertEquals(DELETED, EVERY_FIELD.bookkeeping().deletedAt());
    assertEquals("l-2", EVERY_FIELD.bookkeeping().mergedInto());
    for (String f : LeadComponents.names()) {
      assertNotNull(LeadComponents.value(EVERY_FIELD, f), f);
    }
  }

  @Test
  void theFieldsAreTheIdentityAndEveryGroupsComponents() {
    List<String> expected = new ArrayList<>(List.of("id", "tenantId", "version"));
    for (RecordComponent group : Lead.class.getRecordComponents()) {
      if (group.getType().isRecord()) {
        for (RecordComponent c : group.getType().getRecordComponents()) {
          expected.add(c.getName());
        }
      }
    }
    assertEquals(expected.size(), LeadComponents.names().size());
    assertEquals(Set.copyOf(expected), Set.copyOf(LeadComponents.names()));
  }

  @Test
  void everyFieldHasASetterOfItsNameAndType() throws Exception {
    for (String f : LeadComponents.names()) {
      assertEquals(Lead.Builder.class, Lead.Builder.class.getMethod(f, raw(f)).getReturnType(), f);
    }
  }

  @Test
  void aLeadRebuiltFromItsBuilderIsEqualToIt() {
    assertEquals(EVERY_FIELD, EVERY_FIELD.toBuilder().build());
  }

  @Test
  void aLeadRebuiltFromItsFieldValuesIsEqualToIt() {
    assertEquals(EVERY_FIELD, LeadComponents.of(LeadComponents.values(EVERY_FIELD)));
  }

  @Test
  void eachSetterChangesOnlyItsOwnField() throws Exception {
    for (String f : LeadComponents.names()) {
      Object unset = raw(f) == long.class ? 0L : null;
      Lead.Builder b = EVERY_FIELD.toBuilder();
      Lead.Builder.class.getMethod(f, raw(f)).invoke(b, unset);
      Lead changed = b.build();
      for (String other : LeadComponents.names()) {
        Object value = LeadComponents.value(changed, other);
        if (other.equals(f)) {
          assertEquals(unset, value, f);
        } else {
          assertEquals(LeadComponents.value(EVERY_FIELD, other), value, f + " changed " + other);
        }
      }
    }
  }

  @Test
  void anEmptyBuilderBuildsALeadWithoutFields() {
    Lead empty = Lead.builder().build();
    assertNull(empty.id());
    assertEquals(0, empty.version());
    assertNotEquals(EVERY_FIELD, empty);
  }
}
