package com.fieldlead.lead.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fieldlead.lead.store.StoredLeadJsonTest;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  @Test
  void theLeadUnderTestHasEveryComponentSet() throws Exception {
    assertEquals(DELETED, EVERY_FIELD.deletedAt());
    assertEquals("l-2", EVERY_FIELD.mergedInto());
    for (RecordComponent c : Lead.class.getRecordComponents()) {
      assertNotNull(c.getAccessor().invoke(EVERY_FIELD), c.getName());
    }
  }

  @Test
  void everyComponentHasASetterOfItsNameAndType() throws Exception {
    for (RecordComponent c : Lead.class.getRecordComponents()) {
      assertEquals(
          Lead.Builder.class,
          Lead.Builder.class.getMethod(c.getName(), c.getType()).getReturnType(),
          c.getName());
    }
  }

  @Test
  void aLeadRebuiltFromItsBuilderIsEqualToIt() {
    assertEquals(EVERY_FIELD, EVERY_FIELD.toBuilder().build());
  }

  @Test
  void eachSetterChangesOnlyItsOwnComponent() throws Exception {
    for (RecordComponent c : Lead.class.getRecordComponents()) {
      Object unset = c.getType() == long.class ? 0L : null;
      Lead.Builder b = EVERY_FIELD.toBuilder();
      Lead.Builder.class.getMethod(c.getName(), c.getType()).invoke(b, unset);
      Lead changed = b.build();
      for (RecordComponent other : Lead.class.getRecordComponents()) {
        Object value = other.getAccessor().invoke(changed);
        if (other.getName().equals(c.getName())) {
          assertEquals(unset, value, c.getName());
        } else {
          assertEquals(
              other.getAccessor().invoke(EVERY_FIELD),
              value,
              c.getName() + " changed " + other.getName());
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
