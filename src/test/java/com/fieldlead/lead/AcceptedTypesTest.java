package com.fieldlead.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AcceptedTypesTest {

  @Test
  void anExactlyListedTypeHasItsWeightAndAnUnlistedOneNone() {
    assertEquals(1.0, AcceptedTypes.exact("text/vcard", "text/vcard"));
    assertEquals(0.5, AcceptedTypes.exact("application/json, text/vcard;q=0.5", "text/vcard"));
    assertEquals(
        0.0, AcceptedTypes.exact("*/*", "text/vcard"), "a wildcard is no explicit request");
    assertEquals(0.0, AcceptedTypes.exact(null, "text/vcard"));
  }

  @Test
  void theMostSpecificRangeDecidesAWildcardMatch() {
    assertEquals(1.0, AcceptedTypes.matching(null, "application/json"));
    assertEquals(0.1, AcceptedTypes.matching("text/vcard, */*;q=0.1", "application/json"));
    assertEquals(
        0.0, AcceptedTypes.matching("text/vcard, application/json;q=0, */*", "application/json"));
    assertEquals(0.8, AcceptedTypes.matching("application/*;q=0.8, */*;q=0.2", "application/json"));
    assertEquals(0.0, AcceptedTypes.matching("text/vcard", "application/json"));
  }
}
