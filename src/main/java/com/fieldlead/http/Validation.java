package com.fieldlead.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request validation from the OpenAPI contract, in the order a client can act on: media type (415), JSON syntax
 * (400 MALFORMED_JSON with line and column), then parameters and body against the schema (400 VALIDATION_FAILED
 * naming each field). Runs after authentication, so an anonymous caller learns nothing about the schema.
 */
public final class Validation {

  /** Context key of the parsed JSON body ({@link JsonNode}), set when the operation has a JSON body. */
  public static final String BODY_KEY = "fieldlead.body";

  private static final Pattern PARAMETER =
      Pattern.compile("(path|query|header|cookie) parameter:? (\\S+?)[.:]?(\\s|$)");

  private Validation() {}

  static Handler<RoutingContext> handler(ContractValidator validator, Operation operation) {
    RequestExtractor extractor = RequestExtractor.withBodyHandler();
    boolean hasBody = operation.getRequestBody() != null;
    boolean bodyRequired = hasBody && operation.getRequestBody().isRequired();
    return ctx -> {
      if (hasBody) {
        RequestBody body = ctx.body();
        boolean present = body != null && body.length() > 0;
        if (present || bodyRequired) {
          String type = ctx.request().getHeader("Content-Type");
          if (!isJson(type)) {
            ctx.fail(new ProblemException(
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be application/json, got "
                    + (type == null ? "none" : "'" + type + "'")));
            return;
          }
        }
        if (present) {
          try {
            ctx.put(BODY_KEY, Json.MAPPER.readTree(body.buffer().getBytes()));
          } catch (JsonParseException e) {
            ctx.fail(new ProblemException(
                ErrorCode.MALFORMED_JSON,
                "Malformed JSON at line "
                    + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage()));
            return;
          } catch (IOException e) {
            ctx.fail(new ProblemException(
                ErrorCode.MALFORMED_JSON, "Malformed JSON: " + e.getMessage()));
            return;
          }
        }
      }
      extractor
          .extractValidatableRequest(ctx, operation)
          .compose(request -> validator.validate(
              request, operation, ctx.body() == null ? 0 : ctx.body().length()))
          .onSuccess(validated -> {
            ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
            ctx.next();
          })
          .onFailure(ctx::fail);
    };
  }

  /**
   * {@link #handler} for an operation that also takes plain HTML form posts: an {@code
   * application/x-www-form-urlencoded} body is decoded into a JSON object (a repeated name becomes an array) kept at
   * {@link #BODY_KEY}, marked {@link #FORM_POST_KEY}, and checked against the operation's JSON body schema; any other
   * body goes through {@link #handler}.
   */
  static Handler<RoutingContext> formHandler(ContractValidator validator, Operation operation) {
    Handler<RoutingContext> json = handler(validator, operation);
    return ctx -> {
      if (!isFormUrlEncoded(ctx.request().getHeader("Content-Type"))) {
        json.handle(ctx);
        return;
      }
      ObjectNode body = Json.MAPPER.createObjectNode();
      MultiMap form = ctx.request().formAttributes();
      for (String name : form.names()) {
        List<String> values = form.getAll(name);
        if (values.size() == 1) {
          body.put(name, values.get(0));
        } else {
          ArrayNode array = body.putArray(name);
          values.forEach(array::add);
        }
      }
      ctx.put(BODY_KEY, body);
      ctx.put(FORM_POST_KEY, Boolean.TRUE);
      List<FieldError> errors = validator.bodyErrors(operation.getOperationId(), body);
      if (!errors.isEmpty()) {
        ctx.fail(new ProblemException(
            ErrorCode.VALIDATION_FAILED,
            "Invalid form: "
                + String.join(
                    "; ",
                    errors.stream()
                        .limit(3)
                        .map(f -> f.field() + " " + f.message())
                        .toList()),
            errors,
            Map.of()));
        return;
      }
      ctx.next();
    };
  }

  /** Context key set (true) when the body came as a plain HTML form post ({@link #formHandler}). */
  public static final String FORM_POST_KEY = "fieldlead.formPost";

  /** Whether this request's body came as a plain HTML form post. */
  public static boolean isFormPost(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(FORM_POST_KEY));
  }

  static boolean isFormUrlEncoded(String contentType) {
    return contentType != null
        && contentType
            .split(";", 2)[0]
            .trim()
            .toLowerCase(Locale.ROOT)
            .equals("application/x-www-form-urlencoded");
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return base.equals("application/json")
        || (base.startsWith("application/") && base.endsWith("+json"));
  }

  /** The validated request of the current operation (parameters already typed by the contract). */
  public static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  /**
   * Maps a contract violation to a 400 that names the field(s): the most specific failure of each field, once, in
   * words a client can act on ({@link ValidationErrors}); the detail repeats the first few.
   */
  static ProblemException toProblem(ValidatorException e) {
    List<ValidationErrors.Failure> failures = new ArrayList<>();
    String prefix = parameterOf(e.getMessage());
    if (e instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      collect(schema.getOutputUnit(), prefix, failures);
    }
    List<FieldError> errors = new ArrayList<>(ValidationErrors.shape(failures));
    if (errors.isEmpty()) {
      String field = prefix == null ? "body" : prefix;
      errors.add(new FieldError(field, e.type().name().toLowerCase(Locale.ROOT), e.getMessage()));
      return new ProblemException(ErrorCode.VALIDATION_FAILED, e.getMessage(), errors, Map.of());
    }
    String detail = "Invalid " + (prefix == null ? "request body" : "parameter") + ": "
        + String.join(
            "; ",
            errors.stream().limit(3).map(f -> f.field() + " " + f.message()).toList())
        + (errors.size() > 3 ? "; and " + (errors.size() - 3) + " more (see errors[])" : "");
    return new ProblemException(ErrorCode.VALIDATION_FAILED, detail, errors, Map.of());
  }

  private static void collect(OutputUnit unit, String prefix, List<ValidationErrors.Failure> out) {
    List<OutputUnit> children = unit.getErrors();
    if (children == null || children.isEmpty()) {
      if (unit.getError() != null) {
        String location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
        String field = prefix != null
            ? prefix + (location.length() > 1 ? location : "")
            : (location.isEmpty() || location.equals("#") ? "/" : location.replaceFirst("^#", ""));
        out.add(new ValidationErrors.Failure(
            field,
            keyword(unit.getKeywordLocation()),
            unit.getError(),
            unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation()));
      }
      return;
    }
    for (OutputUnit child : children) {
      collect(child, prefix, out);
    }
  }

  private static String keyword(String keywordLocation) {
    if (keywordLocation == null || keywordLocation.isEmpty()) {
      return "invalid";
    }
    return keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
  }

  private static String parameterOf(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = PARAMETER.matcher(message);
    return m.find() ? m.group(1) + "." + m.group(2) : null;
  }

  /** Reads the parsed JSON body into {@code type}, mapping binding failures to a 400 that names the field. */
  public static <T> T body(RoutingContext ctx, Class<T> type) {
    JsonNode node = ctx.get(BODY_KEY);
    if (node == null) {
      throw new ProblemException(
          ErrorCode.VALIDATION_FAILED,
          "A JSON body is required",
          List.of(new FieldError("body", "required", "A JSON body is required")),
          Map.of());
    }
    try {
      return Json.MAPPER.treeToValue(node, type);
    } catch (JsonMappingException e) {
      String field = "/"
          + String.join(
              "/",
              e.getPath().stream()
                  .map(r ->
                      r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                  .toList());
      throw ProblemException.invalidField(field, "invalid", e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new ProblemException(ErrorCode.MALFORMED_JSON, e.getOriginalMessage());
    }
  }
}
