package com.fieldlead.tracing;

import com.fieldlead.config.FieldleadConfig;
import com.mongodb.MongoClientSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.spi.VertxTracerFactory;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry tracing of one process, on only when configured (README, Tracing): an SDK of its own (never the
 * global one), W3C trace context, a parent-based ratio sampler, spans batched to an OTLP/HTTP collector. It hands
 * Vert.x its tracer ({@link #vertxTracer()}) and the MongoDB driver its command listener ({@link #configure}).
 */
public final class Tracing implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);

  private final OpenTelemetrySdk sdk;
  private final TracedVertx tracer;
  private final MongoTracing mongo;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
    this.tracer = new TracedVertx(sdk);
    this.mongo = new MongoTracing(sdk);
  }

  /** Tracing as configured; null when it is off (no endpoint): then nothing of OpenTelemetry is started. */
  public static Tracing start(FieldleadConfig.Tracing config) {
    if (!config.enabled()) {
      return null;
    }
    String endpoint = config.otlpEndpoint().orElseThrow();
    SpanExporter otlp = OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build();
    LOG.info(
        "tracing on [endpoint={}, service={}, sampleRatio={}]",
        endpoint,
        config.serviceName(),
        config.sampleRatio());
    return new Tracing(
        sdk(BatchSpanProcessor.builder(otlp).build(), config.serviceName(), config.sampleRatio()));
  }

  /** Tests: every span handed to {@code exporter} as it ends, every trace sampled. */
  public static Tracing exportingTo(SpanExporter exporter) {
    Objects.requireNonNull(exporter, "exporter");
    return new Tracing(sdk(SimpleSpanProcessor.create(exporter), "fieldlead", 1.0));
  }

  private static OpenTelemetrySdk sdk(SpanProcessor processor, String service, double ratio) {
    Resource resource = Resource.getDefault()
        .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)));
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(resource)
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
        .addSpanProcessor(processor)
        .build();
    return OpenTelemetrySdk.builder()
        .setTracerProvider(provider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  /** The tracer factory for {@code Vertx.builder().withTracer(...)}. */
  public VertxTracerFactory vertxTracer() {
    return options -> tracer;
  }

  /** Adds the command listener and the context provider that make MongoDB commands spans. */
  public void configure(MongoClientSettings.Builder settings) {
    settings.addCommandListener(mongo).contextProvider(mongo);
  }

  /** Sends the spans still batched and stops the SDK (bounded: a collector that is down costs 10 s at most). */
  @Override
  public void close() {
    sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
    sdk.shutdown().join(5, TimeUnit.SECONDS);
  }
}
