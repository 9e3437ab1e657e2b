package com.fieldlead.config;

/** A configuration value is missing or invalid; the message names the key. Thrown at start, before anything listens. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
