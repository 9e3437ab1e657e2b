package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.config.ConfigKey;
import com.fieldlead.problem.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README is where users look: its tables must list every configuration key and every error code. */
class ReadmeTest {

  private static String readme() throws IOException {
    return Files.readString(Path.of("README.md"));
  }

  @Test
  void everyConfigurationKeyHasARowInTheReadmeTable() throws IOException {
    String readme = readme();
    for (ConfigKey key : ConfigKey.values()) {
      assertTrue(
          readme.contains("| `" + key.name() + "` |"), "README lacks a row for " + key.name());
    }
  }

  @Test
  void everyErrorCodeHasARowInTheReadmeTable() throws IOException {
    String readme = readme();
    for (ErrorCode code : ErrorCode.values()) {
      assertTrue(
          readme.contains("| `" + code.name() + "` | " + code.status() + " |"),
          "README lacks a row for " + code.name());
    }
  }

  @Test
  void readmeOpensWithTheRunCommandAndTheTestCommandThatCiUses() throws IOException {
    List<String> commands =
        readme().lines().filter(l -> l.startsWith("mvn ")).limit(2).toList();
    assertEquals(2, commands.size(), "two commands near the top");
    assertTrue(commands.get(0).contains("run --demo"), commands.get(0));
    String ci = Files.readString(Path.of(".ci/run"));
    assertTrue(
        ci.lines().anyMatch(l -> l.strip().equals(commands.get(1).strip())),
        ".ci/run must call exactly the README's test command: " + commands.get(1));
  }
}
