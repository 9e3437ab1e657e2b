package com.fieldlead.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A server child process: launched, polled until ready, measured (RSS, disk), stopped with SIGTERM. */
final class ServerProcess {

  private final List<String> command;
  private final Map<String, String> env;
  private final Path workDir;
  private final Path log;
  private Process process;

  ServerProcess(List<String> command, Map<String, String> env, Path workDir) {
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.log = workDir.resolve("server.log");
  }

  /** Starts the process and waits until {@code path} on {@code port} answers 200; the milliseconds that took. */
  long start(int port, String path) throws Exception {
    long t0 = System.nanoTime();
    launch();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "server exited with " + process.exitValue() + ": " + command + "\n" + tail());
      }
      if (answers200(port, path)) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("server not ready within 180 s: " + command + "\n" + tail());
  }

  /** Starts the process and waits until it accepts connections on {@code port} (the store); the milliseconds. */
  long startListening(int port) throws Exception {
    long t0 = System.nanoTime();
    launch();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "process exited with " + process.exitValue() + ": " + command + "\n" + tail());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("not listening within 180 s: " + command + "\n" + tail());
  }

  /** SIGKILL: the process dies with whatever it had in flight. */
  void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** Starts the process, its output appended to {@code server.log}, with no stdin. */
  private void launch() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    // no stdin pipe: closing one at destroy() once hung the benchmark's thread in
    // FileOutputStream.close
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
  }

  private static boolean answers200(int port, String path) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(2000);
      s.getOutputStream()
          .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      byte[] head = s.getInputStream().readNBytes(12);
      return new String(head, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200");
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGTERM, then waits (a SIGKILL after 30 s). */
  void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** VmRSS and VmHWM of the process, in bytes. */
  long[] rss() {
    try {
      long rss = 0;
      long hwm = 0;
      for (String line :
          Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kb(line) * 1024;
        } else if (line.startsWith("VmHWM:")) {
          hwm = kb(line) * 1024;
        }
      }
      return new long[] {rss, hwm};
    } catch (IOException e) {
      return new long[] {-1, -1};
    }
  }

  private static long kb(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  List<String> logLines() {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String tail() {
    List<String> lines = logLines();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  static long bytesUnder(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      long sum = 0;
      for (Path p : all) {
        try {
          sum += Files.size(p);
        } catch (IOException gone) {
          // a file removed while walking (compaction)
        }
      }
      return sum;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> command(String... parts) {
    return new ArrayList<>(List.of(parts));
  }

  /**
   * This JVM's {@code java}, with the class data archive the build wrote beside {@code jar} ({@code fieldlead.jsa}
   * beside {@code fieldlead.jar}) when there is one, as the README's command starts the server; {@code -jar} and the
   * jar are the caller's to add, after any JVM options of its own.
   */
  static List<String> java(Path jar) {
    List<String> command =
        command(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String name = jar.getFileName().toString();
    Path archive = jar.resolveSibling(name.replaceFirst("\\.jar$", "") + ".jsa");
    if (Files.isRegularFile(archive)) {
      command.add("-XX:SharedArchiveFile=" + archive);
    }
    return command;
  }

  /**
   * {@code run --demo} of {@code jar} as the README's command starts it ({@link #java}), with the JVM options of
   * {@code -Dbench.serverJvm} (none by default) before {@code -jar}.
   */
  static List<String> runDemo(Path jar) {
    List<String> command = java(jar);
    String jvm = System.getProperty("bench.serverJvm", "");
    if (!jvm.isBlank()) {
      command.addAll(List.of(jvm.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString(), "run", "--demo"));
    return command;
  }
}
