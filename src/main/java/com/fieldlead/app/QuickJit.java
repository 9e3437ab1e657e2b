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
 * {@code FIELDLEAD_JIT=quick}: keeps the JVM's optimising compiler (C2) out. On two cores C2 compiling fieldlead's code
 * paths (the web stack, the JSON Schema checks, the store's wire protocol and query engine) goes on for many minutes
 * of load and takes one of the two cores while it does. Measured on this project's 2-core machine (README, Store): with
 * the cores shared with other work, a 15,000-capture push ran 2.3-2.5x faster with C1 only and used 30 % less CPU; on
 * an idle machine C1 only used 14 % less CPU but pushed 12 % fewer captures per second and caught up a phone 25-40 %
 * slower, so it is not the default. {@code java -jar} takes no JVM flags, so the server adds a compiler directive at
 * start (the {@code Compiler.directives_add} diagnostic command, as {@code jcmd} would) that excludes every method from
 * C2; HotSpot then compiles them with C1 alone, as with {@code -XX:TieredStopAtLevel=1}.
 */
final class QuickJit {

  private static final Logger LOG = LoggerFactory.getLogger(QuickJit.class);
  static final String DIRECTIVE = "[{ match: \"*.*\", c2: { Exclude: true } }]";

  private QuickJit() {}

  /** Applies {@code mode}; answers whether C2 is now excluded. Failing to set the directive only logs. */
  static boolean apply(FieldleadConfig.Jit mode) {
    if (mode != FieldleadConfig.Jit.QUICK) {
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
        LOG.info("the JVM compiles with C1 only [FIELDLEAD_JIT=quick]");
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
