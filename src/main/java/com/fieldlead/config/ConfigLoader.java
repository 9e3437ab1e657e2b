package com.fieldlead.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;

/**
 * Loads {@link FieldleadConfig}: built-in defaults, then an optional file of {@code KEY=value} lines, then the
 * environment. Every value is validated here, and a bad one fails start with a message naming its key.
 */
public final class ConfigLoader {

  /**
   * The environment variable the {@code bootstrap} command reads its first admin's password from. It is input to that
   * one command, not configuration of a server, so it is no {@link ConfigKey} (README documents it with the command).
   */
  public static final String BOOTSTRAP_PASSWORD = "FIELDLEAD_BOOTSTRAP_PASSWORD";

  private ConfigLoader() {}

  /**
   * Loads from this process's environment, with command-line overrides (for example {@code --demo}) applied last. The
   * process environment is read here and in the other methods of this class, nowhere else.
   */
  public static FieldleadConfig load(Map<ConfigKey, String> overrides) {
    return load(System.getenv(), overrides);
  }

  /**
   * The value {@code key} has in this process's environment, else its default: for the {@code store} command, which
   * needs its data directory and not a whole server's configuration (so an unrelated bad key does not stop it).
   */
  public static String fromEnvironment(ConfigKey key) {
    return fromEnvironment(System.getenv(), key);
  }
  /** {@link ConfigKey#FIELDLEAD_JIT}'s value read; a value that is not one of its words names the key. */
  public static FieldleadConfig.Jit jit(String raw) {
    String s = raw.trim().toUpperCase(Locale.ROOT);
    try {
      return FieldleadConfig.Jit.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          ConfigKey.FIELDLEAD_JIT.name() + " must be quick or full, got '" + s + "'");
    }
  }

  static String fromEnvironment(Map<String, String> env, ConfigKey key) {
    return env.getOrDefault(key.name(), key.defaultValue());
  }

  /** The {@link #BOOTSTRAP_PASSWORD} of this process's environment, when set. */
  public static Optional<String> bootstrapPassword() {
    return Optional.ofNullable(System.getenv(BOOTSTRAP_PASSWORD));
  }

  /** Loads from {@code env}, with command-line overrides (for example {@code --demo}) applied last. */
  public static FieldleadConfig load(Map<String, String> env, Map<ConfigKey, String> overrides) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      if (key.defaultValue() != null) {
        values.put(key, key.defaultValue());
      }
    }
    String file = Optional.ofNullable(overrides.get(ConfigKey.FIELDLEAD_CONFIG_FILE))
        .orElse(env.get(ConfigKey.FIELDLEAD_CONFIG_FILE.name()));
    if (file != null && !file.isBlank()) {
      values.putAll(readFile(Path.of(file)));
    }
    for (ConfigKey key : ConfigKey.values()) {
      String v = env.get(key.name());
      if (v != null) {
        values.put(key, v);
      }
    }
    values.putAll(overrides);
    FieldleadConfig config = build(new Values(values));
    new Values(values).level(ConfigKey.FIELDLEAD_LOG_LEVEL);
    new Values(values).level(ConfigKey.FIELDLEAD_ACCESS_LOG_LEVEL);
    return config;
  }

  private static Map<ConfigKey, String> readFile(Path path) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(path)) {
      props.load(reader);
    } catch (IOException e) {
      throw new ConfigException(
          ConfigKey.FIELDLEAD_CONFIG_FILE.name() + ": cannot read " + path + ": " + e.getMessage());
    }
    Map<ConfigKey, String> out = new HashMap<>();
    for (String name : props.stringPropertyNames()) {
      ConfigKey key;
      try {
        key = ConfigKey.valueOf(name.trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            ConfigKey.FIELDLEAD_CONFIG_FILE.name() + ": unknown key '" + name + "' in " + path);
      }
      out.put(key, props.getProperty(name).trim());
    }
    return out;
  }

  private static FieldleadConfig build(Values v) {
    FieldleadConfig.Http http = new FieldleadConfig.Http(
        v.text(ConfigKey.FIELDLEAD_HTTP_HOST),
        v.integer(ConfigKey.FIELDLEAD_HTTP_PORT, 0, 65535),
        v.integer(ConfigKey.FIELDLEAD_HTTP_INSTANCES, 0, 64),
        v.integer(ConfigKey.FIELDLEAD_HTTP_BODY_LIMIT_BYTES, 1024, 256 * 1024 * 1024),
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_SHUTDOWN_GRACE_MS, 0, 600_000)));
    Optional<String> uri = v.optional(ConfigKey.MONGODB_URI);
    uri.ifPresent(u -> {
      if (!u.startsWith("mongodb://") && !u.startsWith("mongodb+srv://")) {
        throw new ConfigException(
            ConfigKey.MONGODB_URI.name() + " must start with mongodb:// or mongodb+srv://");
      }
    });
    FieldleadConfig.Store store = new FieldleadConfig.Store(
        uri,
        v.name(ConfigKey.FIELDLEAD_MONGODB_DATABASE),
        Path.of(v.text(ConfigKey.FIELDLEAD_DATA_DIR)),
        v.bool(ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY),
        v.integer(ConfigKey.FIELDLEAD_MONGODB_MAX_POOL_SIZE, 1, 1000),
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_MONGODB_TIMEOUT_MS, 100, 120_000)),
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_MONGODB_START_WAIT_MS, 0, 3_600_000)));
    Optional<String> secret = v.optional(ConfigKey.FIELDLEAD_JWT_SECRET);
    secret.ifPresent(s -> {
      if (s.length() < 32) {
        throw new ConfigException(
            ConfigKey.FIELDLEAD_JWT_SECRET.name() + " must be at least 32 characters long");
      }
    });
    FieldleadConfig.Auth auth = new FieldleadConfig.Auth(
        secret,
        v.text(ConfigKey.FIELDLEAD_JWT_ISSUER),
        Duration.ofSeconds(v.integer(ConfigKey.FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS, 60, 86_400)),
        Duration.ofDays(v.integer(ConfigKey.FIELDLEAD_REFRESH_TOKEN_TTL_DAYS, 1, 365)),
        v.integer(ConfigKey.FIELDLEAD_LOGIN_MAX_FAILURES, 1, 1000),
        Duration.ofSeconds(v.integer(ConfigKey.FIELDLEAD_LOGIN_WINDOW_SECONDS, 1, 86_400)),
        Duration.ofSeconds(v.integer(ConfigKey.FIELDLEAD_LOGIN_LOCKOUT_SECONDS, 1, 86_400)),
        v.integer(ConfigKey.FIELDLEAD_PASSWORD_ITERATIONS, 10_000, 5_000_000));
    FieldleadConfig.RateLimits rates = new FieldleadConfig.RateLimits(
        v.integer(ConfigKey.FIELDLEAD_RATE_LIMIT_DEVICE_PER_MINUTE, 0, 1_000_000),
        v.integer(ConfigKey.FIELDLEAD_RATE_LIMIT_TENANT_PER_MINUTE, 0, 10_000_000));
    FieldleadConfig.Sync sync = new FieldleadConfig.Sync(
        v.duration(
            ConfigKey.FIELDLEAD_SYNC_TOMBSTONE_HORIZON,
            Duration.ofMinutes(1),
            Duration.ofDays(3650)),
        // the top is checked against the versions this release speaks when the sync module starts
        v.optional(ConfigKey.FIELDLEAD_SYNC_PROTOCOL_MAX).isPresent()
            ? OptionalInt.of(v.integer(ConfigKey.FIELDLEAD_SYNC_PROTOCOL_MAX, 1, 1000))
            : OptionalInt.empty());
    FieldleadConfig.Attachments attachments = new FieldleadConfig.Attachments(
        v.integer(ConfigKey.FIELDLEAD_ATTACHMENT_MAX_FILE_BYTES, 1024, 1024 * 1024 * 1024),
        v.integer(ConfigKey.FIELDLEAD_ATTACHMENT_MAX_TENANT_BYTES, 1024, 2_000_000_000));
    return new FieldleadConfig(
        http,
        store,
        auth,
        v.bool(ConfigKey.FIELDLEAD_DEMO),
        push(v),
        rates,
        sync,
        attachments,
        webhooks(v),
        v.jit(ConfigKey.FIELDLEAD_JIT),
        crm(v),
        tracing(v));
  }

  private static FieldleadConfig.Tracing tracing(Values v) {
    Optional<String> endpoint = v.optional(ConfigKey.FIELDLEAD_TRACING_OTLP_ENDPOINT);
    endpoint.ifPresent(u -> {
      if (!u.matches("https?://[^/\\s]+(/\\S*)?")) {
        throw new ConfigException(ConfigKey.FIELDLEAD_TRACING_OTLP_ENDPOINT.name()
            + " must be an http(s) URL like http://otel-collector:4318/v1/traces, got '" + u + "'");
      }
    });
    String ratio = v.text(ConfigKey.FIELDLEAD_TRACING_SAMPLE_RATIO);
    double r;
    try {
      r = Double.parseDouble(ratio);
    } catch (NumberFormatException e) {
      r = Double.NaN;
    }
    if (!(r >= 0.0 && r <= 1.0)) {
      throw new ConfigException(ConfigKey.FIELDLEAD_TRACING_SAMPLE_RATIO.name()
          + " must be a number between 0.0 and 1.0, got '" + ratio + "'");
    }
    return new FieldleadConfig.Tracing(
        endpoint, v.text(ConfigKey.FIELDLEAD_TRACING_SERVICE_NAME), r);
  }

  private static FieldleadConfig.Crm crm(Values v) {
    String login = trimSlash(v.text(ConfigKey.FIELDLEAD_SALESFORCE_LOGIN_URL));
    String hubspotApi = trimSlash(v.text(ConfigKey.FIELDLEAD_HUBSPOT_API_URL));
    String version = v.text(ConfigKey.FIELDLEAD_SALESFORCE_API_VERSION);
    if (!version.matches("v\\d{2,3}\\.\\d")) {
      throw new ConfigException(
          ConfigKey.FIELDLEAD_SALESFORCE_API_VERSION.name() + " must look like v62.0");
    }
    return new FieldleadConfig.Crm(
        aesKey(v, ConfigKey.FIELDLEAD_CRM_TOKEN_KEY),
        v.optional(ConfigKey.FIELDLEAD_CRM_REDIRECT_URI),
        new FieldleadConfig.Provider(
            v.optional(ConfigKey.FIELDLEAD_SALESFORCE_CLIENT_ID),
            v.optional(ConfigKey.FIELDLEAD_SALESFORCE_CLIENT_SECRET),
            login + "/services/oauth2/authorize",
            login + "/services/oauth2/token",
            null),
        new FieldleadConfig.Provider(
            v.optional(ConfigKey.FIELDLEAD_HUBSPOT_CLIENT_ID),
            v.optional(ConfigKey.FIELDLEAD_HUBSPOT_CLIENT_SECRET),
            v.text(ConfigKey.FIELDLEAD_HUBSPOT_AUTHORIZE_URL),
            hubspotApi + "/oauth/v1/token",
            hubspotApi),
        version,
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_CRM_TIMEOUT_MS, 100, 60_000)),
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_CRM_RETRY_BASE_MS, 10, 3_600_000)),
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_CRM_POLL_MS, 10, 600_000)));
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** An AES-256 key: the Base64 of 32 bytes, or the key's name in the error. */
  private static Optional<byte[]> aesKey(Values v, ConfigKey key) {
    return v.optional(key).map(s -> {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        bytes = new byte[0];
      }
      if (bytes.length != 32) {
        throw new ConfigException(
            key.name() + " must be the Base64 of 32 random bytes (openssl rand -base64 32)");
      }
      return bytes;
    });
  }

  private static FieldleadConfig.Webhooks webhooks(Values v) {
    Optional<byte[]> key = aesKey(v, ConfigKey.FIELDLEAD_WEBHOOK_SECRET_KEY);
    return new FieldleadConfig.Webhooks(
        v.bool(ConfigKey.FIELDLEAD_WEBHOOK_ALLOW_HTTP),
        v.bool(ConfigKey.FIELDLEAD_WEBHOOK_ALLOW_PRIVATE_ADDRESSES),
        key,
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_WEBHOOK_TIMEOUT_MS, 100, 30_000)),
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_WEBHOOK_RETRY_BASE_MS, 10, 3_600_000)),
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_WEBHOOK_POLL_MS, 10, 60_000)),
        v.duration(
            ConfigKey.FIELDLEAD_WEBHOOK_DISABLE_AFTER, Duration.ofMinutes(1), Duration.ofDays(30)));
  }

  private static FieldleadConfig.Push push(Values v) {
    Optional<Path> credentials = v.optional(ConfigKey.FIELDLEAD_FCM_CREDENTIALS_FILE)
        .or(() -> v.optional(ConfigKey.GOOGLE_APPLICATION_CREDENTIALS))
        .map(Path::of);
    Optional<String> projectId = v.optional(ConfigKey.FIELDLEAD_FCM_PROJECT_ID);
    projectId.ifPresent(p -> {
      if (!p.matches("[a-z][a-z0-9-]{3,62}")) {
        throw new ConfigException(ConfigKey.FIELDLEAD_FCM_PROJECT_ID.name()
            + " must be a Firebase project id (lower-case letters, digits, '-'), got '" + p + "'");
      }
    });
    Optional<String> fake = v.optional(ConfigKey.FIELDLEAD_FCM_BASE_URL);
    fake.ifPresent(u -> {
      if (!u.matches("https?://[^/\\s]+")) {
        throw new ConfigException(ConfigKey.FIELDLEAD_FCM_BASE_URL.name()
            + " must be a base URL like http://127.0.0.1:8089 (no path), got '" + u + "'");
      }
    });
    Duration retryBase =
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_PUSH_RETRY_BASE_MS, 10, 600_000));
    Duration retryMax =
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_PUSH_RETRY_MAX_MS, 1000, 86_400_000));
    if (retryMax.compareTo(retryBase) < 0) {
      throw new ConfigException(ConfigKey.FIELDLEAD_PUSH_RETRY_MAX_MS.name() + " must not be below "
          + ConfigKey.FIELDLEAD_PUSH_RETRY_BASE_MS.name());
    }
    return new FieldleadConfig.Push(
        credentials,
        projectId,
        fake,
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_FCM_TIMEOUT_MS, 100, 120_000)),
        v.integer(ConfigKey.FIELDLEAD_PUSH_MAX_ATTEMPTS, 1, 50),
        retryBase,
        retryMax,
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_PUSH_LEASE_MS, 1000, 3_600_000)),
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_PUSH_POLL_MS, 10, 60_000)),
        Duration.ofDays(v.integer(ConfigKey.FIELDLEAD_PUSH_TOKEN_STALE_DAYS, 1, 365)),
        Duration.ofMillis(v.integer(ConfigKey.FIELDLEAD_REMINDER_SCAN_MS, 100, 3_600_000)),
        Duration.ofSeconds(v.integer(ConfigKey.FIELDLEAD_SYNC_NUDGE_INTERVAL_SECONDS, 1, 86_400)));
  }

  /** Typed, validated access to raw values; each failure names its key. */
  private record Values(Map<ConfigKey, String> raw) {

    Optional<String> optional(ConfigKey key) {
      return Optional.ofNullable(raw.get(key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    String text(ConfigKey key) {
      return optional(key)
          .orElseThrow(() -> new ConfigException(key.name() + " must not be empty"));
    }

    String name(ConfigKey key) {
      String s = text(key);
      if (!s.matches("[A-Za-z0-9_-]{1,63}")) {
        throw new ConfigException(
            key.name() + " must be 1-63 letters, digits, '_' or '-', got '" + s + "'");
      }
      return s;
    }

    int integer(ConfigKey key, int min, int max) {
      String s = text(key);
      try {
        int n = Integer.parseInt(s);
        if (n < min || n > max) {
          throw new ConfigException(
              key.name() + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new ConfigException(key.name() + " must be an integer, got '" + s + "'");
      }
    }

    Duration duration(ConfigKey key, Duration min, Duration max) {
      String s = text(key);
      Duration d;
      try {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new ConfigException(
            key.name() + " must be an ISO-8601 duration such as P30D or PT10M, got '" + s + "'");
      }
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new ConfigException(
            key.name() + " must be between " + min + " and " + max + ", got " + s);
      }
      return d;
    }

    FieldleadConfig.Jit jit(ConfigKey key) {
      return ConfigLoader.jit(text(key));
    }

    String level(ConfigKey key) {
      String s = text(key).toUpperCase(Locale.ROOT);
      if (!Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF").contains(s)) {
        throw new ConfigException(
            key.name() + " must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got '" + s + "'");
      }
      return s;
    }

    boolean bool(ConfigKey key) {
      String s = text(key).toLowerCase(Locale.ROOT);
      return switch (s) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default ->
          throw new ConfigException(key.name() + " must be true or false, got '" + s + "'");
      };
    }
  }
}
