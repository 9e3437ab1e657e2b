package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code FIELDLEAD_JIT=quick}: the JVM compiles with C1 only, through a compiler directive set at start, since {@code
 * java -jar} takes no JVM flags. Checked in a child JVM that prints
 * its compilations: the same hot method reaches C2 (tier 4) without the directive and stays at C1 with it.
 */
class QuickJitTest {

  /** A PrintCompilation line compiling the probe's hot method at {@code tier}. */
  private static Pattern compiled(int tier) {
    return Pattern.compile(
        "^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*" + tier + "\\s+com\\.fieldlead\\.app\\.QuickJitProbe::hot ",
        Pattern.MULTILINE);
  }

  @Test
  void withTheDirectiveAHotMethodIsCompiledByC1AndNeverByC2() throws Exception {
    String quick = probe("QUICK");
    assertTrue(quick.contains("PROBE excluded=true"), quick);
    assertTrue(
        compiled(1).matcher(quick).find(),
        "compiled at tier 1 (C1, no profiling):\n" + tail(quick));
    assertFalse(compiled(4).matcher(quick).find(), "never at tier 4 (C2):\n" + tail(quick));
  }

  @Test
  void withoutItTheSameMethodReachesC2() throws Exception {
    String full = probe("FULL");
    assertTrue(full.contains("PROBE excluded=false"), full);
    assertTrue(compiled(4).matcher(full).find(), "compiled at tier 4 (C2):\n" + tail(full));
  }

  private static String probe(String mode) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+PrintCompilation",
            "-cp",
            System.getProperty("java.class.path"),
            QuickJitProbe.class.getName(),
            mode))
        .redirectErrorStream(true)
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe ends");
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String tail(String out) {
    return out.lines()
        .filter(l -> l.contains("QuickJitProbe") || l.startsWith("PROBE"))
        .reduce("", (a, b) -> a + b + "\n");
  }
}
