package com.fieldlead.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.config.ConfigKey;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml, which no test can start here (no Docker engine): the Compose Specification's JSON Schema
 * (vendored, see src/test/resources/deploy/SOURCES.md) and the rules its comments promise.
 */
class ComposeFileTest {

  private static final Map<String, Object> COMPOSE =
      DeployFiles.yaml(DeployFiles.DEPLOY.resolve("compose.yaml"));

  private static List<String> schemaErrors(Map<String, Object> compose) {
    JsonObject schema = new JsonObject(DeployFiles.text(
        DeployFiles.ROOT.resolve("src/test/resources/deploy/compose-spec.schema.json")));
    Validator validator = Validator.create(
        JsonSchema.of(schema),
        new JsonSchemaOptions()
            .setDraft(Draft.DRAFT7)
            .setBaseUri("https://fieldlead.test/")
            .setOutputFormat(OutputFormat.Basic));
    OutputUnit result = validator.validate(new JsonObject(compose));
    List<String> errors = new ArrayList<>();
    if (!result.getValid()) {
      if (result.getErrors() == null || result.getErrors().isEmpty()) {
        errors.add(result.getInstanceLocation() + ": " + result.getError());
      } else {
        result.getErrors().forEach(e -> errors.add(e.getInstanceLocation() + ": " + e.getError()));
      }
    }
    return errors;
  }

  @Test
  void theComposeFileFollowsTheComposeSpecificationSchema() {
    assertEquals(List.of(), schemaErrors(COMPOSE));
  }

  @Test
  void theSchemaCheckRejectsAMisspelledServiceKey() {
    Map<String, Object> broken = DeployFiles.yaml(DeployFiles.DEPLOY.resolve("compose.yaml"));
    Map<String, Object> app1 = DeployFiles.map(broken, "services", "app1");
    app1.put("restarts", app1.remove("restart"));
    assertFalse(schemaErrors(broken).isEmpty(), "a key Compose does not know must fail the schema");
    Map<String, Object> badValue = DeployFiles.yaml(DeployFiles.DEPLOY.resolve("compose.yaml"));
    DeployFiles.map(badValue, "services", "app1").put("stop_grace_period", Map.of("seconds", 20));
    assertFalse(schemaErrors(badValue).isEmpty(), "a value of the wrong type must fail the schema");
  }

  @Test
  void bothAppsRunOneImageThatOnlyTheFirstBuilds() {
    Map<String, Map<String, Object>> apps = apps();
    assertEquals(Set.of("app1", "app2"), apps.keySet());
    Set<Object> images =
        apps.values().stream().map(s -> s.get("image")).collect(Collectors.toSet());
    assertEquals(1, images.size(), "one image for every app: " + images);
    assertFalse(String.valueOf(images.iterator().next()).endsWith(":latest"));
    List<String> builders = apps.entrySet().stream()
        .filter(e -> e.getValue().containsKey("build"))
        .map(Map.Entry::getKey)
        .toList();
    assertEquals(List.of("app1"), builders, "built once");
    assertEquals("never", apps.get("app2").get("pull_policy"), "app2 never pulls what app1 built");
  }

  @Test
  void theAppsRestartAndWaitForAReplicaSetWithAnElectedPrimary() {
    for (Map.Entry<String, Map<String, Object>> app : apps().entrySet()) {
      Map<String, Object> s = app.getValue();
      assertTrue(
          Set.of("always", "unless-stopped", "on-failure").contains(s.get("restart")),
          app.getKey() + " restarts after a failed start: " + s.get("restart"));
      assertEquals(
          "service_healthy",
          DeployFiles.map(s, "depends_on", "mongo1").get("condition"),
          app.getKey() + " starts once the replica set is healthy");
      int wait = Integer.parseInt(
          String.valueOf(DeployFiles.map(s, "environment").get("FIELDLEAD_MONGODB_START_WAIT_MS")));
      assertTrue(wait >= 60_000, "the app itself waits for MongoDB at start: " + wait);
    }
    @SuppressWarnings("unchecked")
    List<String> test = (List<String>)
        DeployFiles.map(COMPOSE, "services", "mongo1", "healthcheck").get("test");
    String script = String.join(" ", test);
    assertTrue(script.contains("db.hello().primary") && script.contains("quit(1)"), script);
    for (String member : List.of("mongo1", "mongo2", "mongo3")) {
      assertTrue(
          script.contains("host: '" + member + ":27017'"), member + " is in the replica set");
      assertNotNull(DeployFiles.map(COMPOSE, "services", member));
    }
  }

  @Test
  void everyAppSettingIsAConfigurationKeyAndThePortsReachTheConfiguredPort() {
    Set<String> keys =
        Arrays.stream(ConfigKey.values()).map(Enum::name).collect(Collectors.toSet());
    for (Map.Entry<String, Map<String, Object>> app : apps().entrySet()) {
      Map<String, Object> env = DeployFiles.map(app.getValue(), "environment");
      for (String name : env.keySet()) {
        assertTrue(
            keys.contains(name) || name.equals("JAVA_TOOL_OPTIONS"),
            app.getKey() + " sets " + name + ", which fieldlead does not read");
      }
      String port = String.valueOf(
          env.getOrDefault("FIELDLEAD_HTTP_PORT", ConfigKey.FIELDLEAD_HTTP_PORT.defaultValue()));
      @SuppressWarnings("unchecked")
      List<String> ports = (List<String>) app.getValue().get("ports");
      for (String mapping : ports) {
        assertTrue(mapping.endsWith(":" + port), app.getKey() + " publishes " + mapping);
      }
    }
  }

  private static Map<String, Map<String, Object>> apps() {
    Map<String, Map<String, Object>> apps = new HashMap<>();
    Map<String, Object> services = DeployFiles.map(COMPOSE, "services");
    for (String name : services.keySet()) {
      if (name.startsWith("app")) {
        apps.put(name, DeployFiles.map(services, name));
      }
    }
    return apps;
  }
}
