package com.fieldlead.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.config.ConfigException;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.ConfigLoader;
import com.fieldlead.config.FieldleadConfig;
import io.vertx.core.spi.tracing.TagExtractor;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** The pure parts of tracing: its configuration, the request tags it keeps, the collection a command names. */
class TracingPartsTest {

  @Test
  void tracingIsOffByDefaultAndOnWithAnEndpointThatNamesTheKeyWhenWrong() {
    FieldleadConfig.Tracing off = ConfigLoader.load(Map.of(), Map.of()).tracing();
    assertFalse(off.enabled());
    assertEquals("fieldlead", off.serviceName());
    assertEquals(1.0, off.sampleRatio());

    FieldleadConfig.Tracing on = ConfigLoader.load(
            Map.of(
                "FIELDLEAD_TRACING_OTLP_ENDPOINT", "http://otel-collector:4318/v1/traces",
                "FIELDLEAD_TRACING_SAMPLE_RATIO", "0.25"),
            Map.of())
        .tracing();
    assertTrue(on.enabled());
    assertEquals(0.25, on.sampleRatio());

    ConfigException badUrl = assertThrows(
        ConfigException.class,
        () -> ConfigLoader.load(Map.of("FIELDLEAD_TRACING_OTLP_ENDPOINT", "otel:4318"), Map.of()));
    assertTrue(badUrl.getMessage().contains(ConfigKey.FIELDLEAD_TRACING_OTLP_ENDPOINT.name()));
    for (String ratio : List.of("1.5", "-0.1", "half", "NaN")) {
      ConfigException bad = assertThrows(
          ConfigException.class,
          () -> ConfigLoader.load(Map.of("FIELDLEAD_TRACING_SAMPLE_RATIO", ratio), Map.of()));
      assertTrue(bad.getMessage().contains(ConfigKey.FIELDLEAD_TRACING_SAMPLE_RATIO.name()));
    }
  }

  @Test
  void requestTagsLoseTheQueryStringAndKeepTheRest() {
    List<String[]> tags = List.of(
        new String[] {"http.url", "http://h/v1/leads?q=ana%40example.com"},
        new String[] {"http.request.method", "GET"},
        new String[] {"url.query", "q=ana%40example.com"},
        new String[] {"url.path", "/v1/leads"});
    TagExtractor<List<String[]>> raw = new TagExtractor<>() {
      @Override
      public int len(List<String[]> obj) {
        return obj.size();
      }

      @Override
      public String name(List<String[]> obj, int index) {
        return obj.get(index)[0];
      }

      @Override
      public String value(List<String[]> obj, int index) {
        return obj.get(index)[1];
      }
    };
    Map<String, String> kept = PrivateTags.of(raw).extract(tags);
    assertEquals(
        Map.of(
            "http.url", "http://h/v1/leads",
            "http.request.method", "GET",
            "url.path", "/v1/leads"),
        kept);
    assertNull(PrivateTags.of(null));
  }

  @Test
  void aCommandsCollectionIsItsFirstValueOrGetMoresCollection() {
    assertEquals(
        "leads",
        MongoTracing.collection(
            BsonDocument.parse("{find: 'leads', filter: {email: 'a@b.c'}}"), "find"));
    assertEquals(
        "leads",
        MongoTracing.collection(
            BsonDocument.parse("{getMore: {$numberLong: '7'}, collection: 'leads'}"), "getMore"));
    assertNull(MongoTracing.collection(BsonDocument.parse("{ping: 1}"), "ping"));
    assertNull(MongoTracing.collection(null, "find"));
  }

  @Test
  void probesAreRecognisedByTheirPaths() {
    assertTrue(TracedVertx.isProbe("/health/ready"));
    assertTrue(TracedVertx.isProbe("/metrics"));
    assertFalse(TracedVertx.isProbe("/v1/leads"));
    assertFalse(TracedVertx.isProbe(null));
  }
}
