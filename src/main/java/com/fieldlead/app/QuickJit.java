package com.fieldlead.app;

import com.fieldlead.config.FieldleadConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the JVM's optimising compiler (C2) out of a small machine. On two cores, C2 compiling fieldlead's code paths
 * (the web stack, JSON Schema validation, the store's wire protocol and query engine) took one of the two cores for
 * many minutes of load: a 15,000-capture push on this project's 2-core machine spent 60-71 s of CPU with C2 and 43-44
 * s without it, and ran at 2.3-2.5x the captures per second. {@code java -jar} takes no JVM flags, so the server adds
 * a compiler directive at start (the {@code Compiler.directives_add} diagnostic command, as {@code jcmd} would) that
 * excludes every method from C2; HotSpot then compiles them with C1 alone, as with {@code -XX:TieredStopAtLevel=1}.
 * Peak speed after C2 has finished is what this gives up (see the README's Store section for the figures).
 */
final class QuickJit {

  private static final Logger LOG = LoggerFactory.getLogger(QuickJit.class);
  static final String DIRECTIVE = "[{ match: \"*.*\", c2: { Exclude: true } }]";

  private QuickJit() {}

  /** Whether {@code mode} means C1 only on a machine of {@code processors}. */
  static boolean wanted(FieldleadConfig.Jit mode, int processors) {
    return switch (mode) {
      case QUICK -> true;
      case FULL -> false;
      case AUTO -> processors <= 2;
    };
  }

  /** Applies {@code mode}; answers whether C2 is now excluded. Failing to set the directive only logs. */
  static boolean apply(FieldleadConfig.Jit mode) {
    int processors = Runtime.getRuntime().availableProcessors();
    if (!wanted(mode, processors)) {
      return false;
    }
    Path file = null;
    try {
      file = Files.createTempFile("fieldlead-jit", ".json");
      Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
      Object answer = ManagementFactory.getPlatformMBeanServer()
          .invoke(
              new ObjectName("com.sun.management:type=DiagnosticCommand"),
              "compilerDirectivesAdd",
              new Object[] {new String[] {file.toString()}},
              new String[] {String[].class.getName()});
      boolean added = String.valueOf(answer).contains("1 compiler directives added");
      if (added) {
        LOG.info(
            "the JVM compiles with C1 only [mode={}, processors={}, set FIELDLEAD_JIT=full to keep C2]",
            mode,
            processors);
      } else {
        LOG.info(
            "compiler directive not taken; C2 stays [answer={}]",
            String.valueOf(answer).trim());
      }
      return added;
    } catch (IOException | JMException | RuntimeException e) {
      LOG.info("compiler directive not set; C2 stays [cause={}]", e.toString());
      return false;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temp file of a few bytes left behind
        }
      }
    }
  }
}
