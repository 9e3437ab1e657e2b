package com.fieldlead.app;

import com.fieldlead.config.ConfigException;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.ConfigLoader;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.store.StoreCommand;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line: {@code run} (default), {@code store}, {@code seed}, {@code bootstrap}, {@code backup} and
 * {@code restore}. See README, "Running".
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  static final String USAGE = """
      usage: java -jar fieldlead.jar <command> [options]
        run [--demo] [--config FILE]       start the server (default command)
        store [--port N] [--host H] [--data-dir DIR]
                                           run only the embedded MongoDB-compatible store (default port 27017)
        seed [--config FILE]               create the demo tenant and exit
        migrate [--config FILE]            apply every pending schema step of the stored data and exit
        bootstrap --tenant NAME --email EMAIL [--name NAME] [--config FILE]
                                           create a tenant and its first admin; reads the password from
                                           FIELDLEAD_BOOTSTRAP_PASSWORD or the first line of standard input
        backup --to DIR [--data-dir DIR | --uri URI]
                                           write a consistent copy of the embedded store, running or not
        restore --from DIR [--data-dir DIR] put a backup in place (the server stopped); phones then re-sync
        analytics-rebuild --tenant ID [--config FILE]
                                           compute a tenant's analytics rollups again from its leads
        class-archive                      a training run for the class data archive the build writes
                                           (under -XX:ArchiveClassesAtExit; see README, Running)
      Configuration: environment variables (see README), optionally a KEY=value file via --config or
      FIELDLEAD_CONFIG_FILE.""";

  private Main() {}

  public static void main(String[] args) {
    try {
      System.exit(run(args));
    } catch (ConfigException | IllegalArgumentException e) {
      LOG.error("{}", e.getMessage());
      System.err.println("fieldlead: " + e.getMessage());
      System.exit(2);
    }
  }

  static int run(String[] args) throws ConfigException {
    Deque<String> rest = new ArrayDeque<>(List.of(args));
    String command = rest.isEmpty() || rest.peek().startsWith("--") ? "run" : rest.pop();
    Map<String, String> options = options(rest);
    return switch (command) {
      case "run" -> serve(options);
      case "store" -> store(options);
      case "seed" -> Commands.seed(load(options, true));
      case "migrate" -> Commands.migrate(load(options, false));
      case "bootstrap" -> Commands.bootstrap(load(options, false), options);
      case "backup" -> BackupCommands.backup(load(options, false), options);
      case "restore" -> BackupCommands.restore(load(options, false), options);
      case "analytics-rebuild" -> Commands.analyticsRebuild(load(options, false), options);
      case "class-archive" -> ClassArchiveTraining.run();
      case "help", "--help", "-h" -> {
        System.out.println(USAGE);
        yield 0;
      }
      default -> throw new IllegalArgumentException("unknown command '" + command + "'\n" + USAGE);
    };
  }

  private static Map<String, String> options(Deque<String> rest) {
    Map<String, String> options = new HashMap<>();
    while (!rest.isEmpty()) {
      String arg = rest.pop();
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + USAGE);
      }
      String name = arg.substring(2);
      if (name.equals("demo") || name.equals("help")) {
        options.put(name, "true");
      } else if (rest.isEmpty()) {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      } else {
        options.put(name, rest.pop());
      }
    }
    return options;
  }

  static FieldleadConfig load(Map<String, String> options, boolean demo) {
    Map<ConfigKey, String> overrides = new EnumMap<>(ConfigKey.class);
    if (options.containsKey("config")) {
      overrides.put(ConfigKey.FIELDLEAD_CONFIG_FILE, options.get("config"));
    }
    if (demo || options.containsKey("demo")) {
      overrides.put(ConfigKey.FIELDLEAD_DEMO, "true");
    }
    return ConfigLoader.load(overrides);
  }

  private static int serve(Map<String, String> options) {
    FieldleadConfig config = load(options, false);
    LOG.info(
        "starting fieldlead [http={}, store={}, auth={}]",
        config.http(),
        config.store(),
        config.auth());
    QuickJit.apply(config.jit());
    HeapReturn.apply();
    FieldleadServer server = new FieldleadServer(config, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(
            () -> {
              LOG.info(
                  "shutdown requested: draining in-flight requests [grace={}]",
                  config.http().shutdownGrace());
              server.stopAndWait();
              stopped.countDown();
            },
            "fieldlead-shutdown"));
    try {
      // the start may first wait for MongoDB (FIELDLEAD_MONGODB_START_WAIT_MS), then create indexes
      long bound = config.store().startWait().toSeconds() + 120;
      server.start().toCompletionStage().toCompletableFuture().get(bound, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("fieldlead failed to start", e);
      server.stopAndWait();
      return 1;
    }
    if (config.demo()) {
      LOG.info(DemoSeed.LOGINS);
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static int store(Map<String, String> options) {
    int port = Integer.parseInt(options.getOrDefault("port", "27017"));
    String host = options.getOrDefault("host", "127.0.0.1");
    Path dir = Path.of(options.getOrDefault(
        "data-dir", ConfigLoader.fromEnvironment(ConfigKey.FIELDLEAD_DATA_DIR)));
    QuickJit.apply(ConfigLoader.jit(ConfigLoader.fromEnvironment(ConfigKey.FIELDLEAD_JIT)));
    StoreCommand.runForever(dir, host, port);
    return 0;
  }
}
