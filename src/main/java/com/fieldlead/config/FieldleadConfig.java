package com.fieldlead.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The whole configuration of one fieldlead process, loaded once at start by {@link ConfigLoader} and passed by
 * constructor. Every value here has been validated; secrets print as {@code <hidden>}.
 */
public record FieldleadConfig(
    Http http,
    Store store,
    Auth auth,
    boolean demo,
    Push push,
    RateLimits rateLimits,
    Sync sync,
    Attachments attachments,
    Webhooks webhooks,
    Jit jit,
    Crm crm,
    Tracing tracing) {

  public FieldleadConfig {
    Objects.requireNonNull(tracing, "tracing");
    Objects.requireNonNull(crm, "crm");
    Objects.requireNonNull(jit, "jit");
    Objects.requireNonNull(webhooks, "webhooks");
    Objects.requireNonNull(attachments, "attachments");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(push, "push");
    Objects.requireNonNull(rateLimits, "rateLimits");
    Objects.requireNonNull(sync, "sync");
  }

  /**
   * OpenTelemetry tracing: where spans go over OTLP/HTTP (empty: tracing off), this process's service name, and the
   * share of new traces sampled.
   */
  public record Tracing(Optional<String> otlpEndpoint, String serviceName, double sampleRatio) {

    public Tracing {
      Objects.requireNonNull(otlpEndpoint, "otlpEndpoint");
      Objects.requireNonNull(serviceName, "serviceName");
      if (!(sampleRatio >= 0.0 && sampleRatio <= 1.0)) {
        throw new IllegalArgumentException("sampleRatio must be within 0.0..1.0");
      }
    }

    public static Tracing off() {
      return new Tracing(Optional.empty(), "fieldlead", 1.0);
    }

    public boolean enabled() {
      return otlpEndpoint.isPresent();
    }
  }

  /**
   * CRM connectors: the key that encrypts OAuth tokens at rest (empty: no connection can be made), the OAuth redirect
   * URI, each provider's OAuth client and URLs, one call's timeout, the first retry delay and the poll period.
   */
  public record Crm(
      Optional<byte[]> tokenKey,
      Optional<String> redirectUri,
      Provider salesforce,
      Provider hubspot,
      String salesforceApiVersion,
      Duration timeout,
      Duration retryBase,
      Duration poll) {

    public Crm {
      Objects.requireNonNull(tokenKey, "tokenKey");
      Objects.requireNonNull(redirectUri, "redirectUri");
      Objects.requireNonNull(salesforce, "salesforce");
      Objects.requireNonNull(hubspot, "hubspot");
      Objects.requireNonNull(salesforceApiVersion, "salesforceApiVersion");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(retryBase, "retryBase");
      Objects.requireNonNull(poll, "poll");
    }

    /** Nothing configured: connections are refused until the key, the redirect URI and a client are set. */
    public static Crm defaults() {
      return new Crm(
          Optional.empty(),
          Optional.empty(),
          new Provider(
              Optional.empty(),
              Optional.empty(),
              "https://login.salesforce.com/services/oauth2/authorize",
              "https://login.salesforce.com/services/oauth2/token",
              null),
          new Provider(
              Optional.empty(),
              Optional.empty(),
              "https://app.hubspot.com/oauth/authorize",
              "https://api.hubapi.com/oauth/v1/token",
              "https://api.hubapi.com"),
          "v62.0",
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(1));
    }

    @Override
    public String toString() {
      return "Crm[tokenKey=" + (tokenKey.isPresent() ? "<hidden>" : "<unset>") + ", redirectUri="
          + redirectUri.orElse("<unset>") + ", salesforce=" + salesforce + ", hubspot=" + hubspot
          + ", salesforceApiVersion=" + salesforceApiVersion + ", timeout=" + timeout
          + ", retryBase=" + retryBase + ", poll=" + poll + "]";
    }
  }

  /**
   * One CRM's OAuth client (absent: not configured) and URLs; {@code apiUrl} null where the token answers it
   * (Salesforce's {@code instance_url}).
   */
  public record Provider(
      Optional<String> clientId,
      Optional<String> clientSecret,
      String authorizeUrl,
      String tokenUrl,
      String apiUrl) {

    public Provider {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
      Objects.requireNonNull(authorizeUrl, "authorizeUrl");
      Objects.requireNonNull(tokenUrl, "tokenUrl");
    }

    public boolean configured() {
      return clientId.isPresent() && clientSecret.isPresent();
    }

    @Override
    public String toString() {
      return "Provider[clientId=" + clientId.orElse("<unset>") + ", clientSecret="
          + (clientSecret.isPresent() ? "<hidden>" : "<unset>") + ", authorizeUrl=" + authorizeUrl
          + ", tokenUrl=" + tokenUrl + ", apiUrl=" + apiUrl + "]";
    }
  }

  /**
   * Outgoing webhooks: which addresses they may reach, the key that encrypts their secrets at rest (empty: stored as
   * generated), one delivery's timeout, the first retry delay, how often due deliveries are looked for, and how long
   * a subscription may fail before it is disabled.
   */
  public record Webhooks(
      boolean allowHttp,
      boolean allowPrivateAddresses,
      Optional<byte[]> secretKey,
      Duration timeout,
      Duration retryBase,
      Duration poll,
      Duration disableAfter) {

    public Webhooks {
      Objects.requireNonNull(secretKey, "secretKey");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(retryBase, "retryBase");
      Objects.requireNonNull(poll, "poll");
      Objects.requireNonNull(disableAfter, "disableAfter");
    }

    /** Defaults: https to public addresses only, secrets not encrypted, 5 s timeout, 10 s first retry. */
    public static Webhooks defaults() {
      return new Webhooks(
          false,
          false,
          Optional.empty(),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofMillis(200),
          Duration.ofDays(3));
    }

    @Override
    public String toString() {
      return "Webhooks[allowHttp=" + allowHttp + ", allowPrivateAddresses=" + allowPrivateAddresses
          + ", secretKey=" + (secretKey.isPresent() ? "<hidden>" : "<unset>") + ", timeout="
          + timeout + ", retryBase=" + retryBase + ", poll=" + poll + ", disableAfter="
          + disableAfter + "]";
    }
  }

  /**
   * Which of the JVM's compilers the server keeps: {@code QUICK} compiles with C1 only (C2 excluded by a compiler
   * directive at start), {@code FULL} (the default) leaves the JVM's tiered compilation as it is.
   */
  public enum Jit {
    QUICK,
    FULL
  }

  /** Photos and voice notes on leads: the largest file, and the total bytes one tenant may store. */
  public record Attachments(long maxFileBytes, long maxTenantBytes) {

    /** Defaults, for code that builds a configuration by hand: 10 MB a file, 1 GiB a tenant. */
    public static Attachments defaults() {
      return new Attachments(10L * 1024 * 1024, 1024L * 1024 * 1024);
    }
  }

  /**
   * Offline sync: deletes are kept as tombstones for {@code tombstoneHorizon}; older checkpoints re-baseline.
   * {@code protocolMax} caps the sync protocol versions served (empty: every version the release speaks).
   */
  public record Sync(Duration tombstoneHorizon, OptionalInt protocolMax) {

    public Sync {
      Objects.requireNonNull(tombstoneHorizon, "tombstoneHorizon");
      Objects.requireNonNull(protocolMax, "protocolMax");
    }

    /** Defaults, for code that builds a configuration by hand. */
    public static Sync defaults() {
      return new Sync(Duration.ofDays(30), OptionalInt.empty());
    }
  }

  /**
   * Authenticated requests per minute, counted across instances: per device (or user, for a token without one) and
   * per tenant; 0 turns a limit off.
   */
  public record RateLimits(int devicePerMinute, int tenantPerMinute) {
    public boolean any() {
      return devicePerMinute > 0 || tenantPerMinute > 0;
    }
  }

  /**
   * Push notifications. {@code credentialsFile} empty and {@code fakeBaseUrl} empty: pushes go to the log sender.
   * {@code fakeBaseUrl} (dev/test) points the real Firebase SDK at a fake FCM endpoint with fake credentials.
   */
  public record Push(
      Optional<Path> credentialsFile,
      Optional<String> projectId,
      Optional<String> fakeBaseUrl,
      Duration timeout,
      int maxAttempts,
      Duration retryBase,
      Duration retryMax,
      Duration lease,
      Duration poll,
      Duration tokenStaleAfter,
      Duration reminderScan,
      Duration syncNudgeInterval) {

    /** Defaults, for code that builds a configuration by hand. */
    public static Push defaults() {
      return new Push(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Duration.ofSeconds(10),
          8,
          Duration.ofSeconds(2),
          Duration.ofHours(1),
          Duration.ofMinutes(1),
          Duration.ofMillis(500),
          Duration.ofDays(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60));
    }
  }

  /** HTTP listener. */
  public record Http(
      String host, int port, int instances, long bodyLimitBytes, Duration shutdownGrace) {}

  /**
   * Where the data lives: {@code mongodbUri} present means a real MongoDB; absent means the embedded store under
   * {@code dataDir}.
   */
  public record Store(
      Optional<String> mongodbUri,
      String database,
      Path dataDir,
      boolean inMemory,
      int maxPoolSize,
      Duration serverSelectionTimeout,
      Duration startWait) {

    public Store {
      Objects.requireNonNull(startWait, "startWait");
    }

    /** A store that MongoDB must answer at the first attempt (tests, tools): no start wait. */
    public Store(
        Optional<String> mongodbUri,
        String database,
        Path dataDir,
        boolean inMemory,
        int maxPoolSize,
        Duration serverSelectionTimeout) {
      this(
          mongodbUri,
          database,
          dataDir,
          inMemory,
          maxPoolSize,
          serverSelectionTimeout,
          Duration.ZERO);
    }

    public boolean embedded() {
      return mongodbUri.isEmpty();
    }

    @Override
    public String toString() {
      return "Store[mongodbUri=" + mongodbUri.map(FieldleadConfig::redactUri).orElse("<embedded>")
          + ", database=" + database + ", dataDir=" + (inMemory ? "<in memory>" : dataDir)
          + ", maxPoolSize=" + maxPoolSize
          + ", serverSelectionTimeout=" + serverSelectionTimeout + ", startWait=" + startWait + "]";
    }
  }

  /** Tokens, passwords and login throttling. */
  public record Auth(
      Optional<String> jwtSecret,
      String issuer,
      Duration accessTokenTtl,
      Duration refreshTokenTtl,
      int loginMaxFailures,
      Duration loginWindow,
      Duration lockout,
      int passwordIterations) {

    @Override
    public String toString() {
      return "Auth[jwtSecret="
          + jwtSecret.map(s -> "<hidden>").orElse("<generated, kept in the store>")
          + ", issuer=" + issuer + ", accessTokenTtl=" + accessTokenTtl + ", refreshTokenTtl="
          + refreshTokenTtl
          + ", loginMaxFailures=" + loginMaxFailures + ", loginWindow=" + loginWindow + ", lockout="
          + lockout
          + ", passwordIterations=" + passwordIterations + "]";
    }
  }

  /** Hides the user-info part of a connection string, which may hold a password. */
  static String redactUri(String uri) {
    int scheme = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return uri;
    }
    return uri.substring(0, scheme + 3) + "<hidden>@" + uri.substring(at + 1);
  }
}
