package com.fieldlead.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaException;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A contract schema's validator that asks a compiled validator first and Vert.x's only when the answer is "invalid".
 * Vert.x's schema validator (vertx-json-schema 5.0-5.2) walks a schema in one method of about 9,300 bytes of
 * bytecode, over HotSpot's limit for compiling a method (8,000, {@code -XX:-DontCompileHugeMethods} to lift, which
 * {@code java -jar} cannot set): it runs in the interpreter for the life of the process, and checking a pushed capture
 * against the lead's schema cost nearly as much CPU as the embedded store's own work on it. networknt's
 * json-schema-validator compiles the same schema (OpenAPI 3.1's dialect of JSON Schema 2020-12, formats asserted) into a tree of small validators. A body or parameter
 * it finds valid is answered valid at once; one it finds invalid goes to Vert.x's validator, whose answer (valid or
 * not, and its errors) is the one given: the problem+json a client gets stays Vert.x's, word for word, and where the
 * two disagree Vert.x decides. {@code FastSchemaCheckTest} holds both to the same verdict on the contract's schemas.
 */
final class FastSchemaCheck implements Validator {

  private static final Logger LOG = LoggerFactory.getLogger(FastSchemaCheck.class);
  /**
   * The contract's own check of an e-mail address (a local part, {@code @}, dot-separated host labels), not networknt's
   * stricter RFC 5321 one, which refuses reserved top-level domains such as {@code .example} and {@code .test}.
   */
  private static final Pattern EMAIL = Pattern.compile(
      "^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
          + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$");

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
      Dialect.builder(Dialects.getOpenApi31()).format(new LenientEmail()).build(),
      b -> b.schemaRegistryConfig(
          SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

  private final Validator precise;
  private final Schema fast;

  private FastSchemaCheck(Validator precise, Schema fast) {
    this.precise = precise;
    this.fast = fast;
  }

  /** {@code schema}'s validator from {@code repository} with a compiled check in front, where one can be made. */
  static Validator of(SchemaRepository repository, JsonSchema schema) {
    return of(repository.validator(schema), resolved(repository, schema));
  }

  /** {@code schema} with every reference resolved, or null when it cannot be (the fast check is then left out). */
  private static JsonObject resolved(SchemaRepository repository, JsonSchema schema) {
    try {
      JsonObject raw = new JsonObject();
      schema.fieldNames().stream()
          .filter(JsonSchema.EXCLUDE_ANNOTATIONS)
          .forEach(key -> raw.put(key, schema.get(key)));
      // a boolean schema has no keys: left to Vert.x (an empty object would accept anything)
      return raw.isEmpty() ? null : repository.resolve(raw);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * {@code precise} with a compiled check of {@code resolved} (the schema with every {@code $ref} resolved) in front;
   * {@code precise} alone when the schema cannot be compiled that way.
   */
  static Validator of(Validator precise, JsonObject resolved) {
    if (resolved == null) {
      return precise;
    }
    try {
      JsonNode schema = Json.MAPPER.readTree(resolved.toBuffer().getBytes());
      withoutAnnotations(schema);
      Schema fast = REGISTRY.getSchema(schema);
      fast.initializeValidators();
      return new FastSchemaCheck(precise, fast);
    } catch (IOException | RuntimeException e) {
      LOG.debug("schema checked by Vert.x's validator alone [cause={}]", e.toString());
      return precise;
    }
  }

  /**
   * Drops Vert.x's own bookkeeping keys ({@code __absolute_uri__} and the like, left in a resolved schema), which are
   * no JSON Schema keywords; in place.
   */
  private static void withoutAnnotations(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.properties().removeIf(e -> e.getKey().startsWith("__"));
      object.forEach(FastSchemaCheck::withoutAnnotations);
    } else if (node.isArray()) {
      node.forEach(FastSchemaCheck::withoutAnnotations);
    }
  }

  /** The {@code email} format as {@link #EMAIL} reads it. */
  private static final class LenientEmail implements Format {
    @Override
    public String getName() {
      return "email";
    }

    @Override
    public boolean matches(ExecutionContext context, String value) {
      return EMAIL.matcher(value).matches();
    }
  }

  @Override
  public OutputUnit validate(Object instance) throws SchemaException {
    if (passes(node(instance))) {
      return new OutputUnit(true); // a fresh one: a caller may add to it
    }
    return precise.validate(instance);
  }

  /** Whether the compiled check alone finds {@code node} valid (then Vert.x's validator would too). */
  boolean passes(JsonNode node) {
    return fast.validate(node).isEmpty();
  }

  /** Whether the compiled check alone finds {@code instance} valid (tests compare it with Vert.x's verdict). */
  boolean fastVerdict(Object instance) {
    return passes(node(instance));
  }

  /** What the compiled check finds wrong with {@code instance} (tests show it when the two disagree). */
  List<String> fastErrors(Object instance) {
    return fast.validate(node(instance)).stream().map(Object::toString).toList();
  }

  private static JsonNode node(Object instance) {
    try {
      if (instance instanceof JsonObject o) {
        return Json.MAPPER.readTree(o.toBuffer().getBytes());
      }
      if (instance instanceof JsonArray a) {
        return Json.MAPPER.readTree(a.toBuffer().getBytes());
      }
      return Json.MAPPER.valueToTree(instance);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }
}
