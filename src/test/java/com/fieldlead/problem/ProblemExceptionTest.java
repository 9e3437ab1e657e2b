package com.fieldlead.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A problem's extension members keep their order and cannot pose as standard members. */
class ProblemExceptionTest {

  @Test
  void extensionMembersKeepTheOrderTheyWereGivenIn() {
    Map<String, Object> window = new LinkedHashMap<>();
    window.put("minProtocolVersion", 1);
    window.put("maxProtocolVersion", 3);
    window.put("another", "x");
    ProblemException p = new ProblemException(
        ErrorCode.PROTOCOL_VERSION_UNSUPPORTED, "upgrade", List.of(), Map.of(), window);
    assertEquals(
        List.of("minProtocolVersion", "maxProtocolVersion", "another"),
        List.copyOf(p.extensions().keySet()));
    window.clear();
    assertEquals(3, p.extensions().size(), "a copy, not a view of the caller's map");
  }

  @Test
  void aProblemWithoutExtensionsHasNone() {
    assertEquals(Map.of(), ProblemException.notFound("lead").extensions());
  }

  @Test
  void anExtensionNamedLikeAStandardMemberIsRefused() {
    for (String name :
        List.of("type", "title", "status", "detail", "instance", "code", "requestId", "errors")) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              new ProblemException(ErrorCode.CONFLICT, "x", List.of(), Map.of(), Map.of(name, "y")),
          name);
    }
  }
}
