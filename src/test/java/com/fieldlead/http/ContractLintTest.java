package com.fieldlead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract is a valid OpenAPI document as other tools read it, not only as the Vert.x router does: swagger-parser
 * reports nothing about it (a stray key, an unknown attribute, a broken reference), and its YAML has no key twice.
 */
class ContractLintTest {

  private static final Path CONTRACT = Path.of(ApiRouter.CONTRACT_PATH);
  /** Where a null is a value (an example, a default), not a stray key. */
  private static final Set<String> EXAMPLE_KEYS =
      Set.of("example", "examples", "default", "const", "enum");

  @Test
  void swaggerParserReadsTheContractWithoutAMessage() throws Exception {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result =
        new OpenAPIV3Parser().readContents(Files.readString(CONTRACT), null, options);
    assertNotNull(result.getOpenAPI(), () -> "not parsed: " + result.getMessages());
    List<String> messages = result.getMessages() == null ? List.of() : result.getMessages();
    assertEquals(List.of(), messages, "swagger-parser's messages about " + CONTRACT);
  }

  /**
   * A comma inside an unquoted flow scalar ({@code {description: a, b}}) makes {@code b} a key without a value, which
   * OpenAPI 3.1 accepts as an unknown schema keyword: so no key may be null outside example values.
   */
  @Test
  void noKeyOutsideAnExampleIsWithoutAValue() throws Exception {
    JsonNode contract = new ObjectMapper(new YAMLFactory()).readTree(CONTRACT.toFile());
    List<String> stray = new ArrayList<>();
    collectNulls(contract, "", stray);
    assertEquals(List.of(), stray, "keys without a value (quote a flow scalar that has a comma)");
  }

  private static void collectNulls(JsonNode node, String at, List<String> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        String path = at + "/" + e.getKey();
        if (e.getValue().isNull()) {
          out.add(path);
        } else if (!EXAMPLE_KEYS.contains(e.getKey())) {
          collectNulls(e.getValue(), path, out);
        }
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectNulls(node.get(i), at + "/" + i, out);
      }
    }
  }

  @Test
  void theContractsYamlHasNoKeyTwice() throws Exception {
    ObjectMapper strict = new ObjectMapper(new YAMLFactory());
    strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    assertNotNull(
        strict.readTree(CONTRACT.toFile())); // throws, naming the key and line, on a duplicate
  }
}
