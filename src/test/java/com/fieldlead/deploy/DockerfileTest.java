package com.fieldlead.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * deploy/Dockerfile has no schema and no Docker engine builds it here: a small lint over its instructions, the
 * .dockerignore beside the build context, and its HEALTHCHECK command run against a real server.
 */
class DockerfileTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  private static final Set<String> INSTRUCTIONS = Set.of(
      "FROM",
      "RUN",
      "CMD",
      "LABEL",
      "EXPOSE",
      "ENV",
      "ADD",
      "COPY",
      "ENTRYPOINT",
      "VOLUME",
      "USER",
      "WORKDIR",
      "ARG",
      "ONBUILD",
      "STOPSIGNAL",
      "HEALTHCHECK",
      "SHELL");

  /** One instruction: its keyword and its arguments, continuation lines joined. */
  record Instruction(String keyword, String args) {}

  static List<Instruction> parse(String dockerfile) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : dockerfile.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String joined = current.toString().strip();
      current.setLength(0);
      if (joined.isEmpty()) {
        continue;
      }
      String[] parts = joined.split("\\s+", 2);
      out.add(new Instruction(parts[0], parts.length > 1 ? parts[1].strip() : ""));
    }
    assertEquals(0, current.length(), "the file ends inside a continued line");
    return out;
  }

  private static final List<Instruction> FILE =
      parse(DeployFiles.text(DeployFiles.DEPLOY.resolve("Dockerfile")));

  private static List<Instruction> all(String keyword) {
    return FILE.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  private static Instruction only(String keyword) {
    List<Instruction> found = all(keyword);
    assertEquals(1, found.size(), keyword + " instructions");
    return found.get(0);
  }

  private static List<String> execForm(String json) {
    try {
      return new ObjectMapper().readValue(json, new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw new AssertionError("not an exec-form JSON array: " + json, e);
    }
  }

  /** The runtime stage's ENV, as Docker reads {@code ENV a=b c="d e"}. */
  private static Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(only("ENV").args());
    while (m.find()) {
      env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
    }
    return env;
  }

  @Test
  void everyInstructionIsOneDockerKnowsAndTheFileHasABuildAndARuntimeStage() {
    FILE.forEach(i -> assertTrue(INSTRUCTIONS.contains(i.keyword()), "unknown instruction " + i));
    assertEquals("FROM", FILE.get(0).keyword());
    assertEquals(2, all("FROM").size());
    assertTrue(all("FROM").get(0).args().endsWith(" AS build"));
  }

  @Test
  void theExposedPortIsTheConfiguredDefaultAndTheEnvironmentNamesOnlyKnownKeys() {
    String port = ConfigKey.FIELDLEAD_HTTP_PORT.defaultValue();
    assertEquals(port, only("EXPOSE").args());
    assertEquals(port, env().get("FIELDLEAD_HTTP_PORT"));
    for (String name : env().keySet()) {
      assertTrue(
          name.equals("JAVA_TOOL_OPTIONS")
              || Set.of(ConfigKey.values()).stream().anyMatch(k -> k.name().equals(name)),
          name + " is not a fieldlead key");
    }
    assertTrue(env().get("JAVA_TOOL_OPTIONS").contains("-XX:MaxRAMPercentage=50"));
  }

  @Test
  void theHealthCheckStartsNoJvmAndProbesTheConfiguredPort() {
    Instruction check = only("HEALTHCHECK");
    String json = check.args().substring(check.args().indexOf("CMD ") + 4);
    List<String> command = execForm(json);
    assertFalse(String.join(" ", command).contains("java"), "no JVM per probe: " + command);
    assertTrue(String.join(" ", command).contains("${FIELDLEAD_HTTP_PORT"), command.toString());
    assertTrue(check.args().contains("--start-period="));
  }

  @Test
  void theHealthCheckCommandPassesOnAReadyServerAndFailsWhereNothingListens() throws Exception {
    Instruction check = only("HEALTHCHECK");
    List<String> command = execForm(check.args().substring(check.args().indexOf("CMD ") + 4));
    TestServer server = SERVER.get();
    assertEquals(0, run(command, server.server().port()), "a ready server passes");
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertNotEquals(0, run(command, closed), "nothing listening fails");
  }

  private static int run(List<String> command, int port) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("FIELDLEAD_HTTP_PORT", String.valueOf(port));
    Process p = pb.start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the probe ends within Docker's timeout");
    return p.exitValue();
  }

  @Test
  void theServerRunsAsANonRootUserInExecFormSoSigtermReachesTheJvm() {
    assertEquals("10001", only("USER").args(), "the uid deploy/k8s runs as (runAsUser)");
    assertEquals(
        List.of("java", "-XX:SharedArchiveFile=/app/fieldlead.jsa", "-jar", "/app/fieldlead.jar"),
        execForm(only("ENTRYPOINT").args()));
    assertEquals(List.of("run"), execForm(only("CMD").args()));
  }

  @Test
  void theBuildContextSendsWhatTheBuildCopiesAndLeavesOutOutputAndData() throws IOException {
    Path ignore = DeployFiles.ROOT.resolve(".dockerignore");
    List<String> patterns = Files.readAllLines(ignore).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
    for (String needed : List.of("target", "data", ".git")) {
      assertTrue(patterns.contains(needed), ".dockerignore leaves out " + needed);
    }
    List<PathMatcher> matchers = patterns.stream()
        .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
        .toList();
    for (Instruction copy : all("COPY")) {
      if (copy.args().startsWith("--from=")) {
        continue;
      }
      String source = copy.args().split("\\s+")[0];
      assertTrue(Files.exists(DeployFiles.ROOT.resolve(source)), "COPY " + source + " exists");
      Path relative = Path.of(source);
      assertTrue(
          matchers.stream().noneMatch(m -> m.matches(relative.getName(0))),
          "COPY " + source + " is not left out of the context by .dockerignore");
    }
  }
}
