package com.fieldlead.sync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The golden payloads of mobile-contract/ against their JSON schemas, and against the Java records the server will
 * read and write them with (read tolerant, write, validate again), so docs, schemas and code cannot drift apart.
 * An example {@code examples/<name>[.<variant>].json} belongs to {@code schemas/<name>.schema.json}.
 */
class SyncContractTest {

  private static final Path CONTRACT = Path.of("mobile-contract");
  private static final Map<String, Class<?>> RECORDS = Map.of(
      "pull-request",
      PullRequest.class,
      "pull-response",
      PullResponse.class,
      "push-request",
      PushRequest.class,
      "push-response",
      PushResponse.class);

  @Test
  void everyExampleIsValidAgainstItsSchema() throws IOException {
    for (Path example : examples()) {
      OutputUnit result = validator(schemaName(example)).validate(read(example));
      assertTrue(result.getValid(), example.getFileName() + ": " + result.getErrors());
    }
  }

  @Test
  void everySchemaHasAtLeastOneExample() throws IOException {
    TreeSet<String> covered = new TreeSet<>();
    for (Path example : examples()) {
      covered.add(schemaName(example));
    }
    try (Stream<Path> schemas = Files.list(CONTRACT.resolve("schemas"))) {
      schemas
          .map(p -> p.getFileName().toString().replace(".schema.json", ""))
          .forEach(name -> assertTrue(covered.contains(name), "no example for schema " + name));
    }
  }

  @Test
  void everyMessageExampleSurvivesTheServersRecordsAndStaysValid() throws IOException {
    for (Path example : examples()) {
      Class<?> type = RECORDS.get(schemaName(example));
      if (type == null) {
        continue;
      }
      Object message = SyncJson.read(Files.readString(example), type);
      JsonObject written = new JsonObject(SyncJson.write(message));
      OutputUnit result = validator(schemaName(example)).validate(written);
      assertTrue(
          result.getValid(), example.getFileName() + " after a round trip: " + result.getErrors());
    }
  }

  @Test
  void schemasRefuseWhatTheProtocolForbids() throws IOException {
    JsonObject push = read(CONTRACT.resolve("examples/push-request.json"));
    push.getJsonArray("mutations").getJsonObject(1).remove("baseVersion");
    JsonObject badKind = read(CONTRACT.resolve("examples/push-response.json"));
    badKind.getJsonArray("results").getJsonObject(0).put("result", "maybe");
    JsonObject rejectedWithoutCode =
        read(CONTRACT.resolve("examples/push-response.merged-and-rejected.json"));
    rejectedWithoutCode.getJsonArray("results").getJsonObject(1).remove("code");

    assertFalse(
        validator("push-request").validate(push).getValid(), "an update needs its base version");
    assertFalse(validator("push-response").validate(badKind).getValid());
    assertFalse(validator("push-response").validate(rejectedWithoutCode).getValid());
  }

  @Test
  void theSchemaHoldsEachVersionToItsOwnFormOfAReplay() throws IOException {
    JsonObject v1 = read(CONTRACT.resolve("examples/push-response.json"));
    JsonObject v2 = read(CONTRACT.resolve("examples/push-response.v2-replayed.json"));
    assertTrue(validator("push-response").validate(v1).getValid());
    assertTrue(validator("push-response").validate(v2).getValid());

    JsonObject v1WithReplayed = v1.copy();
    v1WithReplayed.getJsonArray("results").getJsonObject(0).put("replayed", true);
    JsonObject v2WithDuplicate = v2.copy();
    v2WithDuplicate
        .getJsonArray("results")
        .getJsonObject(0)
        .put("result", "duplicate")
        .put("original", "applied")
        .remove("replayed");
    JsonObject v2WithOriginal = v2.copy();
    v2WithOriginal.getJsonArray("results").getJsonObject(0).put("original", "applied");
    JsonObject v1StatedAsV2 = v1.copy().put("protocolVersion", 2);

    assertFalse(validator("push-response").validate(v1WithReplayed).getValid(), "v1: no replayed");
    assertFalse(
        validator("push-response").validate(v2WithDuplicate).getValid(), "v2: no duplicate");
    assertFalse(validator("push-response").validate(v2WithOriginal).getValid(), "v2: no original");
    assertFalse(
        validator("push-response").validate(v1StatedAsV2).getValid(),
        "a v1 answer (with a duplicate) is not a v2 answer");
  }

  @Test
  void aPulledAttachmentsStateMustCarryItsChecksumAndAKnownKind() throws IOException {
    JsonObject page = read(CONTRACT.resolve("examples/pull-response.attachments.json"));
    assertTrue(validator("pull-response").validate(page).getValid());
    JsonObject state = page.getJsonArray("changes").getJsonObject(0).getJsonObject("state");
    state.remove("sha256");
    assertFalse(validator("pull-response").validate(page).getValid(), "no sha256");
    state.put("sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    state.put("kind", "selfie");
    assertFalse(validator("pull-response").validate(page).getValid(), "an unknown kind");
  }

  @Test
  void unknownFieldsFromANewerAppAreIgnoredNotRefused() throws IOException {
    String json =
        "{\"protocolVersion\":1,\"limit\":50,\"futureFlag\":true,\"mutations\":[],\"extra\":{\"a\":1}}";

    PullRequest pull = SyncJson.read(json, PullRequest.class);
    PushRequest push = SyncJson.read(json, PushRequest.class);

    assertEquals(50, pull.pageSize());
    assertEquals(List.of(), push.mutations());
  }

  @Test
  void enumValuesTravelInLowerSnakeCase() throws IOException {
    MutationResult result = new MutationResult(
        "m-1", "lead", "l-1", ResultKind.DUPLICATE, 3L, null, null, null, null, ResultKind.APPLIED);

    String json = SyncJson.write(result);

    assertTrue(
        json.contains("\"result\":\"duplicate\"") && json.contains("\"original\":\"applied\""),
        json);
    assertEquals(
        FieldPolicy.LAST_WRITER_WINS, SyncJson.read("\"last_writer_wins\"", FieldPolicy.class));
  }

  @Test
  void protocolWindowAcceptsOnlySupportedVersionsAndNamesTheWindowOtherwise() {
    ProtocolWindow all = ProtocolWindow.all();
    assertTrue(all.check(1).isEmpty());
    assertTrue(all.check(2).isEmpty());
    assertTrue(all.check(0).orElseThrow().contains("upgrade the app"));
    assertTrue(all.check(3).orElseThrow().contains("1..2: keep your outbox"));
    ProtocolWindow previousRelease = ProtocolWindow.upTo(1);
    assertTrue(previousRelease.check(1).isEmpty());
    assertTrue(previousRelease.check(2).orElseThrow().contains("1..1: keep your outbox"));
  }

  @Test
  void aWindowOutsideTheVersionsThisBuildSpeaksIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ProtocolWindow.upTo(0));
    assertThrows(
        IllegalArgumentException.class, () -> ProtocolWindow.upTo(ProtocolVersion.NEWEST + 1));
    assertThrows(IllegalArgumentException.class, () -> new ProtocolWindow(2, 1));
  }

  @Test
  void pullPageSizeIsClampedToTheLimits() throws IOException {
    assertEquals(
        SyncLimits.DEFAULT_PULL_LIMIT,
        SyncJson.read("{\"protocolVersion\":1}", PullRequest.class).pageSize());
    assertEquals(
        SyncLimits.MAX_PULL_LIMIT,
        SyncJson.read("{\"protocolVersion\":1,\"limit\":99999}", PullRequest.class)
            .pageSize());
  }

  @Test
  void docsAreMarkedAsServedAndListEveryStableCode() throws IOException {
    String protocol = Files.readString(CONTRACT.resolve("protocol.md"));
    String invariants = Files.readString(CONTRACT.resolve("invariants.md"));

    assertTrue(protocol.contains("v1: served"));
    assertTrue(invariants.contains("v1: served"));
    for (SyncCode code : SyncCode.values()) {
      assertTrue(
          protocol.contains("`" + code.name() + "`"), "protocol.md does not document " + code);
    }
  }

  private static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(CONTRACT.resolve("examples"))) {
      List<Path> all =
          files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertFalse(all.isEmpty());
      return all;
    }
  }

  private static String schemaName(Path example) {
    String file = example.getFileName().toString();
    return file.substring(0, file.indexOf('.'));
  }

  private static Validator validator(String schemaName) throws IOException {
    JsonObject schema = read(CONTRACT.resolve("schemas/" + schemaName + ".schema.json"));
    return Validator.create(
        JsonSchema.of(schema),
        new JsonSchemaOptions()
            .setDraft(Draft.DRAFT202012)
            .setBaseUri("https://fieldlead.dev/sync/v1/"));
  }

  private static JsonObject read(Path file) throws IOException {
    return new JsonObject(Files.readString(file));
  }
}
