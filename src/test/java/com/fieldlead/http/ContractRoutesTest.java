package com.fieldlead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fieldlead.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The contract and the router name exactly the same routes: none only in code, none only in the spec. */
class ContractRoutesTest {

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");

  @Test
  void everyRouteIsInTheSpecAndEverySpecOperationIsRouted() throws Exception {
    Set<String> spec = new TreeSet<>();
    JsonNode root = new ObjectMapper(new YAMLFactory())
        .readTree(Path.of(ApiRouter.CONTRACT_PATH).toFile());
    for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<String> ops = path.getValue().fieldNames(); ops.hasNext(); ) {
        String method = ops.next();
        if (METHODS.contains(method)) {
          spec.add(method.toUpperCase(Locale.ROOT) + " "
              + path.getKey().replaceAll("\\{([^}]+)}", ":$1"));
        }
      }
    }
    Set<String> routed = new TreeSet<>();
    try (TestServer server = TestServer.start()) {
      Router router = server
          .server()
          .buildRouter()
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      for (Route route : router.getRoutes()) {
        if (route.getPath() == null && route.methods() == null) {
          continue; // the root route: request id, access log, body limit
        }
        assertTrue(
            route.methods() != null && !route.methods().isEmpty(),
            "route without method: " + route.getPath());
        for (HttpMethod m : route.methods()) {
          routed.add(m.name() + " " + route.getPath());
        }
      }
    }
    assertTrue(spec.size() > 5, "spec parsed: " + spec);
    assertEquals(spec, routed, "routes in code vs operations in api-spec/openapi.yaml");
  }
}
