package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The class data archive that {@code mvn package} writes beside the jar (README, Running): after the package phase,
 * against the jar and archive the build just wrote, with the {@code java} of the README's command.
 */
class ClassArchiveIT {

  private static final Path JAR = Path.of("target", "fieldlead.jar").toAbsolutePath();
  private static final Path ARCHIVE = Path.of("target", "fieldlead.jsa").toAbsolutePath();

  private record Run(int exit, String output) {}

  @Test
  void theArchiveFitsThisJarAndHoldsTheClassesOfStartAndOfAPhonesSync() throws Exception {
    assertTrue(Files.isRegularFile(ARCHIVE), "the build wrote " + ARCHIVE);
    Run listed = java(
        "-XX:SharedArchiveFile=" + ARCHIVE,
        "-XX:+PrintSharedArchiveAndExit",
        "-jar",
        JAR.toString());
    assertEquals(0, listed.exit(), listed.output());
    assertFalse(listed.output().contains("mismatch"), listed.output());
    for (String cls : List.of(
        Main.class.getName(),
        FieldleadServer.class.getName(),
        "com.fieldlead.store.embedded.KvCollection",
        "com.fieldlead.http.ApiRouter",
        "com.fieldlead.sync.PushRun",
        "com.fieldlead.sync.feed.ScopedFeed",
        "com.fieldlead.scoring.LeadScorer")) {
      assertTrue(
          listed.output().contains(" " + cls + " app_loader"),
          "the archive holds " + cls + " (loaded by the training run)");
    }
  }

  @Test
  void aJvmStartedAsTheReadmeSaysTakesFieldleadsClassesFromTheArchive() throws Exception {
    // -Xshare:on: a JVM that cannot map the archive refuses to start instead of loading from the
    // jar
    Run help = java(
        "-Xshare:on",
        "-XX:SharedArchiveFile=" + ARCHIVE,
        "-Xlog:class+load=info",
        "-jar",
        JAR.toString(),
        "help");
    assertEquals(0, help.exit(), help.output());
    assertTrue(
        help.output().contains(Main.class.getName() + " source: shared objects file (top)"),
        "Main came from the dynamic archive:\n" + head(help.output()));
    assertTrue(help.output().contains("usage: java -jar fieldlead.jar"), head(help.output()));
  }

  private static Run java(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("java");
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits: " + command);
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static String head(String output) {
    return output.length() > 4000 ? output.substring(0, 4000) : output;
  }
}
