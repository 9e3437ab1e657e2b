package com.fieldlead.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void defaultsGiveEmbeddedStoreOnPort8080UnderDotData() {
    FieldleadConfig c = ConfigLoader.load(Map.of(), Map.of());
    assertEquals(8080, c.http().port());
    assertTrue(c.store().embedded());
    assertEquals(Path.of("./data"), c.store().dataDir());
    assertEquals(2 * 1024 * 1024, c.http().bodyLimitBytes());
    assertFalse(c.demo());
  }

  @Test
  void fileOverridesDefaultsAndEnvironmentOverridesFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("fieldlead.env");
    Files.writeString(file, "FIELDLEAD_HTTP_PORT=9090\nFIELDLEAD_DATA_DIR=/srv/fl\n");
    FieldleadConfig c = ConfigLoader.load(
        Map.of("FIELDLEAD_CONFIG_FILE", file.toString(), "FIELDLEAD_HTTP_PORT", "9191"), Map.of());
    assertEquals(9191, c.http().port(), "environment wins over the file");
    assertEquals(Path.of("/srv/fl"), c.store().dataDir(), "file wins over the default");
  }

  @Test
  void mongodbUriSelectsARealMongoAndIsRedactedWhenPrinted() {
    FieldleadConfig c = ConfigLoader.load(
        Map.of("MONGODB_URI", "mongodb://app:s3cret@db1:27017/?replicaSet=rs0"), Map.of());
    assertFalse(c.store().embedded());
    assertFalse(c.store().toString().contains("s3cret"), c.store().toString());
  }

  @Test
  void jwtSecretNeverPrints() {
    String secret = "0123456789abcdef0123456789abcdef-very-secret";
    FieldleadConfig c = ConfigLoader.load(Map.of("FIELDLEAD_JWT_SECRET", secret), Map.of());
    assertFalse(c.toString().contains(secret));
    assertTrue(c.auth().toString().contains("<hidden>"));
  }

  @Test
  void badValuesFailWithTheKeyName() {
    assertMessageNames("FIELDLEAD_HTTP_PORT", Map.of("FIELDLEAD_HTTP_PORT", "eighty"));
    assertMessageNames("FIELDLEAD_HTTP_PORT", Map.of("FIELDLEAD_HTTP_PORT", "70000"));
    assertMessageNames("MONGODB_URI", Map.of("MONGODB_URI", "http://localhost"));
    assertMessageNames("FIELDLEAD_JWT_SECRET", Map.of("FIELDLEAD_JWT_SECRET", "short"));
    assertMessageNames("FIELDLEAD_DEMO", Map.of("FIELDLEAD_DEMO", "maybe"));
    assertMessageNames("FIELDLEAD_LOG_LEVEL", Map.of("FIELDLEAD_LOG_LEVEL", "LOUD"));
    assertMessageNames(
        "FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS", Map.of("FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS", "5"));
  }

  @Test
  void unknownKeyInTheFileIsRejected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.env");
    Files.writeString(file, "FIELDLEAD_HTTP_PROT=9090\n");
    ConfigException e = assertThrows(
        ConfigException.class,
        () -> ConfigLoader.load(Map.of("FIELDLEAD_CONFIG_FILE", file.toString()), Map.of()));
    assertTrue(e.getMessage().contains("FIELDLEAD_HTTP_PROT"), e.getMessage());
  }

  @Test
  void commandLineOverridesWinOverEverything() {
    FieldleadConfig c = ConfigLoader.load(
        Map.of("FIELDLEAD_DEMO", "false"), Map.of(ConfigKey.FIELDLEAD_DEMO, "true"));
    assertTrue(c.demo());
  }

  @Test
  void shutdownGraceIsMilliseconds() {
    FieldleadConfig c = ConfigLoader.load(Map.of("FIELDLEAD_SHUTDOWN_GRACE_MS", "1500"), Map.of());
    assertEquals(Duration.ofMillis(1500), c.http().shutdownGrace());
  }

  @Test
  void theSyncTombstoneHorizonIsAnIsoDurationThirtyDaysByDefaultAndRefusedOutsideItsRange() {
    assertEquals(
        Duration.ofDays(30), ConfigLoader.load(Map.of(), Map.of()).sync().tombstoneHorizon());
    assertEquals(
        Duration.ofMinutes(10),
        ConfigLoader.load(Map.of("FIELDLEAD_SYNC_TOMBSTONE_HORIZON", "PT10M"), Map.of())
            .sync()
            .tombstoneHorizon());
    assertEquals(
        Duration.ofDays(90),
        ConfigLoader.load(Map.of("FIELDLEAD_SYNC_TOMBSTONE_HORIZON", "p90d"), Map.of())
            .sync()
            .tombstoneHorizon());
    assertMessageNames(
        "FIELDLEAD_SYNC_TOMBSTONE_HORIZON", Map.of("FIELDLEAD_SYNC_TOMBSTONE_HORIZON", "30"));
    assertMessageNames(
        "FIELDLEAD_SYNC_TOMBSTONE_HORIZON", Map.of("FIELDLEAD_SYNC_TOMBSTONE_HORIZON", "PT5S"));
    assertMessageNames(
        "FIELDLEAD_SYNC_TOMBSTONE_HORIZON", Map.of("FIELDLEAD_SYNC_TOMBSTONE_HORIZON", "P4000D"));
  }

  @Test
  void theSyncProtocolCapIsUnsetByDefaultAndAnIntegerFromOneWhenSet() {
    assertEquals(
        OptionalInt.empty(), ConfigLoader.load(Map.of(), Map.of()).sync().protocolMax());
    assertEquals(
        OptionalInt.of(1),
        ConfigLoader.load(Map.of("FIELDLEAD_SYNC_PROTOCOL_MAX", "1"), Map.of())
            .sync()
            .protocolMax());
    assertMessageNames("FIELDLEAD_SYNC_PROTOCOL_MAX", Map.of("FIELDLEAD_SYNC_PROTOCOL_MAX", "0"));
    assertMessageNames("FIELDLEAD_SYNC_PROTOCOL_MAX", Map.of("FIELDLEAD_SYNC_PROTOCOL_MAX", "two"));
  }

  @Test
  void aSingleKeyFromTheEnvironmentIsItsValueThereElseItsDefault() {
    assertEquals("./data", ConfigLoader.fromEnvironment(Map.of(), ConfigKey.FIELDLEAD_DATA_DIR));
    assertEquals(
        "/srv/store",
        ConfigLoader.fromEnvironment(
            Map.of("FIELDLEAD_DATA_DIR", "/srv/store"), ConfigKey.FIELDLEAD_DATA_DIR));
  }

  @Test
  void onlyTheConfigPackageReadsTheProcessEnvironment() throws IOException {
    Path main = Path.of("src/main/java/com/fieldlead");
    List<String> readers;
    try (Stream<Path> files = Files.walk(main)) {
      readers = files
          .filter(f -> f.toString().endsWith(".java") && !f.startsWith(main.resolve("config")))
          .filter(f -> {
            try {
              return Files.readString(f).contains("System.getenv");
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .map(Path::toString)
          .toList();
    }
    assertEquals(List.of(), readers, "read configuration through ConfigLoader (house style 6)");
  }

  private static void assertMessageNames(String key, Map<String, String> env) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(env, Map.of()));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
