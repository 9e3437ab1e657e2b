package com.fieldlead.ids;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A phone's id is a UUID in its 8-4-4-4-12 hex form, in either case; nothing else is. */
class UuidsTest {

  @Test
  void aUuidInEitherCaseIsOne() {
    String id = UUID.randomUUID().toString();
    assertTrue(Uuids.isUuid(id));
    assertTrue(Uuids.isUuid(id.toUpperCase(Locale.ROOT)));
  }

  @Test
  void nullBlankBracedShortOrPaddedTextIsNot() {
    String id = UUID.randomUUID().toString();
    assertFalse(Uuids.isUuid(null));
    assertFalse(Uuids.isUuid(""));
    assertFalse(Uuids.isUuid("{" + id + "}"));
    assertFalse(Uuids.isUuid(id.substring(1)));
    assertFalse(Uuids.isUuid(" " + id));
    assertFalse(Uuids.isUuid(id + "\n"));
    assertFalse(Uuids.isUuid(id.replace("-", "")));
  }
}
