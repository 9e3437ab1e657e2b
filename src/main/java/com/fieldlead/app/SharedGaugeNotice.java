package com.fieldlead.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps one known notice out of the log and nothing else: Micrometer's "This Gauge has been already registered" about
 * a {@code vertx.*} gauge. Vert.x's Micrometer metrics register each shared gauge (active connections, requests) once
 * per HTTP server verticle and count through one shared adder, so the value is right and the re-registration is by
 * design (vert-x3/vertx-micrometer-metrics#259, micrometer-metrics/micrometer#6931); the warning would greet every
 * start. The same notice about any other gauge, and every other Micrometer warning, still shows.
 */
public final class SharedGaugeNotice extends TurboFilter {

  static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";
  private static final String NOTICE =
      "This Gauge has been already registered (MeterId{name='vertx.";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    return format != null
            && level == Level.WARN
            && LOGGER.equals(logger.getName())
            && format.startsWith(NOTICE)
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }
}
