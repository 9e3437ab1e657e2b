package com.fieldlead.app;

import com.fieldlead.config.ConfigLoader;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.store.embedded.StoreInUseException;
import io.vertx.core.Future;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one-shot sub-commands: {@code seed} and {@code bootstrap}. They start the store and features, not HTTP. */
final class Commands {

  private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

  private Commands() {}

  static int seed(FieldleadConfig config) {
    return withServer(
        config, server -> Future.succeededFuture("demo tenant ready\n" + DemoSeed.LOGINS));
  }

  static int bootstrap(FieldleadConfig config, Map<String, String> options) {
    String tenant = require(options, "tenant");
    String email = require(options, "email");
    String name = options.getOrDefault("name", "Administrator");
    String password = ConfigLoader.bootstrapPassword().orElse(null);
    if (password == null) {
      try {
        password =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the password from standard input");
      }
    }
    if (password == null || password.isBlank()) {
      throw new IllegalArgumentException(
          "no password given (FIELDLEAD_BOOTSTRAP_PASSWORD or standard input)");
    }
    String pw = password.strip();
    return withServer(
        config,
        server -> server
            .features()
            .auth()
            .bootstrap(tenant, email, name, pw)
            .map(ids -> "created tenant and first admin " + ids));
  }

  static int analyticsRebuild(FieldleadConfig config, Map<String, String> options) {
    String tenant = require(options, "tenant");
    return withServer(
        config, server -> server.features().analytics().service().rebuildSummary(tenant));
  }

  private static String require(Map<String, String> options, String name) {
    String v = options.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required\n" + Main.USAGE);
    }
    return v;
  }

  private static int withServer(
      FieldleadConfig config, Function<FieldleadServer, Future<String>> work) {
    FieldleadServer server = new FieldleadServer(config, Clock.systemUTC());
    try {
      String out = server
          .start(false)
          .compose(work)
          .toCompletionStage()
          .toCompletableFuture()
          .get(120, TimeUnit.SECONDS);
      System.out.println(out);
      return 0;
    } catch (ExecutionException e) {
      LOG.error("command failed: {}", e.getCause().getMessage());
      System.err.println("fieldlead: " + e.getCause().getMessage());
      return 1;
    } catch (StoreInUseException e) {
      // the embedded store takes its data directory for itself: a command cannot share it with a
      // running server
      String what = "the embedded store's data directory " + e.dir()
          + " is in use by a running server or store. "
          + "Stop it and run the command again, or, where several processes must share the data, run the store as "
          + "'java -jar fieldlead.jar store --data-dir DIR' and give the server and this command its address in "
          + "MONGODB_URI (see README, Running)";
      LOG.error("command failed: {}", what);
      System.err.println("fieldlead: " + what);
      return 1;
    } catch (Exception e) {
      LOG.error("command failed", e);
      return 1;
    } finally {
      server.stopAndWait();
    }
  }
}
