package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kill -9 proof: writes the durable store acknowledged survive a SIGKILL of its JVM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedStoreDurabilityTest {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreDurabilityTest.class);
  private static final int DOCUMENTS = 300;

  @TempDir
  Path tempDir;

  private Process child;

  @AfterEach
  void killChild() {
    if (child != null) {
      child.destroyForcibly();
    }
  }

  @Test
  void acknowledgedWritesSurviveKillMinus9() throws Exception {
    Path dataDir = tempDir.resolve("data");
    List<String> output = Collections.synchronizedList(new ArrayList<>());

    child = startChild(dataDir, DOCUMENTS);
    String acked = readUntilAcked(child, output).get(90, TimeUnit.SECONDS);
    // SIGKILL at once: no shutdown hook, no close of the store, no final fsync.
    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child JVM did not die");
    assertEquals(137, child.exitValue(), "the child must have been killed by SIGKILL (128 + 9)");
    log.info("Child reported '{}' (documents, milliseconds) before it was killed", acked);
    assertEquals(
        "ACKED " + DOCUMENTS,
        acked.substring(0, acked.lastIndexOf(' ')),
        String.join("\n", output));

    try (EmbeddedStore reopened = EmbeddedStore.startDurable(dataDir, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(reopened.connectionString())) {
      Set<Object> ids = new HashSet<>();
      client
          .getDatabase(DurabilityChild.DATABASE)
          .getCollection(DurabilityChild.COLLECTION)
          .find()
          .forEach(doc -> ids.add(doc.get("_id")));
      List<Integer> missing = new ArrayList<>();
      for (int i = 0; i < DOCUMENTS; i++) {
        if (!ids.contains(i)) {
          missing.add(i);
        }
      }
      assertEquals(List.of(), missing, "acknowledged documents lost by kill -9");
    }
  }

  private Process startChild(Path dataDir, int documents) throws IOException {
    // Quiet child: only warnings, on stderr, so stdout carries the ACKED line without a flood of
    // DEBUG.
    Path logback = tempDir.resolve("child-logback.xml");
    Files.writeString(logback, """
            <configuration>
              <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                <target>System.err</target>
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <root level="WARN"><appender-ref ref="ERR"/></root>
            </configuration>
            """);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(
        java,
        "-cp",
        System.getProperty("java.class.path"),
        "-Dlogback.configurationFile=" + logback,
        DurabilityChild.class.getName(),
        dataDir.toString(),
        Integer.toString(documents));
    builder.redirectErrorStream(true);
    return builder.start();
  }

  /** Reads the child's output on another thread until the ACKED line, keeping the rest for failure messages. */
  private static CompletableFuture<String> readUntilAcked(Process process, List<String> output) {
    return CompletableFuture.supplyAsync(() -> {
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (line.startsWith("ACKED ")) {
            return line;
          }
          output.add(line);
        }
        throw new IllegalStateException(
            "the child ended without acknowledging its writes:\n" + String.join("\n", output));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the child's output", e);
      }
    });
  }
}
