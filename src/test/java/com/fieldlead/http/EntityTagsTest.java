package com.fieldlead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** An If-Match names a version as the server's tag does, weak or strong, quoted or not; anything else names none. */
class EntityTagsTest {

  @Test
  void theTagOfAVersionIsTheVersionInQuotesAndReadsBackAsIt() {
    assertEquals("\"7\"", EntityTags.of(7));
    assertEquals(OptionalLong.of(7), EntityTags.version(EntityTags.of(7)));
  }

  @Test
  void weakUnquotedAndPaddedTagsNameTheirVersion() {
    for (String header : List.of("\"3\"", "3", "W/\"3\"", " \"3\" ", "W/3")) {
      assertEquals(OptionalLong.of(3), EntityTags.version(header), header);
    }
  }

  @Test
  void whatIsNotOneOfTheServersTagsNamesNoVersion() {
    for (String header : List.of(
        "abc", "\"-3\"", "+3", "3\"3\"", "\"\"", "1234567890123456789", "*", "\"3\", \"4\"")) {
      assertEquals(OptionalLong.empty(), EntityTags.version(header), header);
    }
  }

  @Test
  void aMissingOrBlankHeaderIsAbsent() {
    assertTrue(EntityTags.absent(null));
    assertTrue(EntityTags.absent(" "));
    assertFalse(EntityTags.absent("\"1\""));
  }
}
