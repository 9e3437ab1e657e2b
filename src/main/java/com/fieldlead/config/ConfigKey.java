package com.fieldlead.config;

/**
 * Every configuration key, its default and what it means. The README's configuration table lists exactly these
 * (a test keeps the two in step). Keys are environment-variable names; a config file uses the same names.
 */
public enum ConfigKey {
  MONGODB_URI(
      null,
      false,
      "Connection string of a real MongoDB (replica set or Atlas). Unset: the embedded store runs in-process."),
  FIELDLEAD_MONGODB_DATABASE("fieldlead", false, "Database name."),
  FIELDLEAD_DATA_DIR(
      "./data", false, "Directory of the embedded store's files (used only without MONGODB_URI)."),
  FIELDLEAD_EMBEDDED_IN_MEMORY(
      "false",
      false,
      "true: the embedded store keeps data in memory only (tests, throw-away trials); lost on exit."),
  FIELDLEAD_MONGODB_MAX_POOL_SIZE(
      "50", false, "Maximum connections in the driver's pool, 1..1000."),
  FIELDLEAD_MONGODB_TIMEOUT_MS(
      "10000", false, "Server selection timeout in milliseconds, 100..120000."),
  FIELDLEAD_MONGODB_START_WAIT_MS(
      "60000",
      false,
      "At start: how long to keep retrying a MongoDB that does not answer yet (a replica set: until it has a primary)"
          + " before giving up, in milliseconds, 0..3600000 (0: one attempt)."),
  FIELDLEAD_HTTP_HOST("0.0.0.0", false, "Address the HTTP server binds to."),
  FIELDLEAD_HTTP_PORT("8080", false, "HTTP port, 0..65535 (0 picks a free port, logged at start)."),
  FIELDLEAD_HTTP_INSTANCES("0", false, "HTTP verticle instances; 0 means one per CPU core."),
  FIELDLEAD_HTTP_BODY_LIMIT_BYTES(
      "2097152", false, "Largest request body accepted; larger gets 413."),
  FIELDLEAD_SHUTDOWN_GRACE_MS(
      "10000", false, "On SIGTERM: how long in-flight requests may take to finish."),
  FIELDLEAD_JWT_SECRET(
      null,
      true,
      "HMAC secret (at least 32 characters) for access tokens. Unset: a random one is generated once and kept in the store, shared by every instance."),
  FIELDLEAD_JWT_ISSUER("fieldlead", false, "The iss claim of access tokens."),
  FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS("900", false, "Lifetime of an access token, 60..86400."),
  FIELDLEAD_REFRESH_TOKEN_TTL_DAYS(
      "30", false, "Lifetime of a refresh token (rotated on each use), 1..365."),
  FIELDLEAD_LOGIN_MAX_FAILURES(
      "5",
      false,
      "Failed logins per account, or 4x that per client address, within the window before 429."),
  FIELDLEAD_LOGIN_WINDOW_SECONDS("900", false, "Window in which failed logins are counted."),
  FIELDLEAD_LOGIN_LOCKOUT_SECONDS(
      "300", false, "How long a throttled account or address must wait (Retry-After)."),
  FIELDLEAD_PASSWORD_ITERATIONS(
      "210000", false, "PBKDF2-HMAC-SHA256 iterations for new password hashes, 10000..5000000."),
  FIELDLEAD_JIT(
      "full",
      false,
      "full: the JVM's own tiered compilation; quick: C1 only (a compiler directive set at start): less CPU, and"
          + " faster where other work shares a small machine's cores, slower at peak on an idle one (see README,"
          + " Store)."),
  FIELDLEAD_DEMO(
      "false",
      false,
      "true: create the demo tenant at start if it does not exist (same as --demo)."),
  FIELDLEAD_LOG_LEVEL(
      "INFO", false, "Root log level (read by logback at start): TRACE, DEBUG, INFO, WARN, ERROR."),
  FIELDLEAD_ACCESS_LOG_LEVEL(
      "INFO",
      false,
      "Level of the one-line-per-request access log (logger fieldlead.access); WARN turns it off."),
  FIELDLEAD_CONFIG_FILE(
      null,
      false,
      "Optional file of KEY=value lines (these same keys); environment variables override it."),
  GOOGLE_APPLICATION_CREDENTIALS(
      null,
      false,
      "Google's standard variable: path of a service-account JSON file; used for FCM pushes unless FIELDLEAD_FCM_CREDENTIALS_FILE is set. Neither set: pushes go to a log sender (said at start)."),
  FIELDLEAD_FCM_CREDENTIALS_FILE(
      null,
      false,
      "Path of the Firebase service-account JSON file for FCM (HTTP v1); overrides GOOGLE_APPLICATION_CREDENTIALS."),
  FIELDLEAD_FCM_PROJECT_ID(
      null, false, "Firebase project id; unset: the project_id of the credentials file."),
  FIELDLEAD_FCM_BASE_URL(
      null,
      false,
      "Dev/test only: base URL (http://host:port) of a fake FCM endpoint that replaces https://fcm.googleapis.com; uses fake credentials, never Google's."),
  FIELDLEAD_FCM_TIMEOUT_MS(
      "10000",
      false,
      "Connect and read timeout of FCM calls in milliseconds, 100..120000 (FCM 503s are retried by the SDK for about 7.5 s more)."),
  FIELDLEAD_PUSH_MAX_ATTEMPTS(
      "8", false, "Send attempts per notification before it is dead-lettered, 1..50."),
  FIELDLEAD_PUSH_RETRY_BASE_MS(
      "2000",
      false,
      "First retry delay of a failed push in milliseconds (doubles per attempt, with jitter; Retry-After wins when longer), 10..600000."),
  FIELDLEAD_PUSH_RETRY_MAX_MS(
      "3600000", false, "Largest retry delay of a failed push in milliseconds, 1000..86400000."),
  FIELDLEAD_PUSH_LEASE_MS(
      "60000",
      false,
      "How long a worker owns a claimed notification before another instance may take it over, 1000..3600000."),
  FIELDLEAD_PUSH_POLL_MS(
      "500",
      false,
      "How often each instance looks for due notifications, in milliseconds, 10..60000."),
  FIELDLEAD_PUSH_TOKEN_STALE_DAYS(
      "30",
      false,
      "A device token not refreshed for this many days is stale and gets no pushes, 1..365."),
  FIELDLEAD_REMINDER_SCAN_MS(
      "30000",
      false,
      "How often due task reminders and daily digests are looked for, in milliseconds, 100..3600000."),
  FIELDLEAD_SYNC_NUDGE_INTERVAL_SECONDS(
      "60",
      false,
      "At most one sync nudge (data-only 'please pull') per user's device per this many seconds, 1..86400."),
  FIELDLEAD_RATE_LIMIT_DEVICE_PER_MINUTE(
      "1200",
      false,
      "Authenticated requests per minute from one device (a token without a device: one user), across all instances, before 429; 0 turns it off."),
  FIELDLEAD_RATE_LIMIT_TENANT_PER_MINUTE(
      "12000",
      false,
      "Authenticated requests per minute from one tenant, across all instances, before 429; 0 turns it off."),
  FIELDLEAD_SYNC_TOMBSTONE_HORIZON(
      "P30D",
      false,
      "Sync tombstone horizon as an ISO-8601 duration, PT1M..P3650D: a pull with an older checkpoint gets a re-baseline (a short one lets app teams test that)."),
  FIELDLEAD_SYNC_PROTOCOL_MAX(
      null,
      false,
      "The newest sync protocol version this instance serves, from 1; unset: the newest this release speaks. The operator's canary and rollback switch: an instance set to the previous release's newest version serves phones exactly as that release did (README, Upgrades)."),
  FIELDLEAD_ATTACHMENT_MAX_FILE_BYTES(
      "10485760",
      false,
      "Largest attachment file (photo, voice note) in bytes, 1024..1073741824; larger gets 413 (files above the body limit come in pieces)."),
  FIELDLEAD_ATTACHMENT_MAX_TENANT_BYTES(
      "1073741824",
      false,
      "Total attachment bytes one tenant may store, 1024..2000000000; an upload beyond it gets 413."),
  FIELDLEAD_WEBHOOK_ALLOW_HTTP(
      "false",
      false,
      "true: webhook URLs may be plain http:// (development only); otherwise https:// is required."),
  FIELDLEAD_WEBHOOK_ALLOW_PRIVATE_ADDRESSES(
      "false",
      false,
      "true: webhooks may be delivered to loopback, private, link-local and other non-public addresses (tests, a receiver on the same network); otherwise refused."),
  FIELDLEAD_WEBHOOK_SECRET_KEY(
      null,
      true,
      "Base64 of 32 bytes: the AES-256-GCM key that encrypts webhook signing secrets at rest. Unset: they are stored as generated (whoever reads the store can sign). Secret: never printed."),
  FIELDLEAD_WEBHOOK_TIMEOUT_MS(
      "5000",
      false,
      "Connect and response timeout of one webhook delivery in milliseconds, 100..30000."),
  FIELDLEAD_WEBHOOK_RETRY_BASE_MS(
      "10000",
      false,
      "First retry delay of a failed webhook delivery in milliseconds (doubles per attempt up to 6 h, with jitter; a longer Retry-After wins), 10..3600000; deliveries are retried for 3 days."),
  FIELDLEAD_WEBHOOK_POLL_MS(
      "200",
      false,
      "How often each instance looks for due webhook deliveries, in milliseconds, 10..60000."),
  FIELDLEAD_WEBHOOK_DISABLE_AFTER(
      "P3D",
      false,
      "A webhook subscription whose deliveries have failed without a success for this long (ISO-8601 duration, PT1M..P30D) is disabled."),
  FIELDLEAD_CRM_TOKEN_KEY(
      null,
      true,
      "Base64 of 32 bytes: the AES-256-GCM key that encrypts CRM connections' OAuth tokens at rest. Unset: CRM connections cannot be created. Secret: never printed."),
  FIELDLEAD_CRM_REDIRECT_URI(
      null,
      false,
      "The OAuth redirect URI registered with Salesforce and HubSpot: this server's /v1/crm/oauth/callback as the admin's browser reaches it (e.g. https://api.example.com/v1/crm/oauth/callback). Unset: CRM connections cannot be created."),
  FIELDLEAD_SALESFORCE_CLIENT_ID(
      null, false, "The Salesforce connected app's consumer key (OAuth client id)."),
  FIELDLEAD_SALESFORCE_CLIENT_SECRET(
      null, true, "The Salesforce connected app's consumer secret. Secret: never printed."),
  FIELDLEAD_SALESFORCE_LOGIN_URL(
      "https://login.salesforce.com",
      false,
      "Where Salesforce OAuth starts (authorize and token endpoints below it): https://test.salesforce.com for sandboxes, a My Domain URL, or a local fake in tests. API calls go to the instance_url the token answers."),
  FIELDLEAD_SALESFORCE_API_VERSION(
      "v62.0", false, "The Salesforce REST API version in request paths (vNN.N)."),
  FIELDLEAD_HUBSPOT_CLIENT_ID(null, false, "The HubSpot app's client id."),
  FIELDLEAD_HUBSPOT_CLIENT_SECRET(
      null, true, "The HubSpot app's client secret. Secret: never printed."),
  FIELDLEAD_HUBSPOT_AUTHORIZE_URL(
      "https://app.hubspot.com/oauth/authorize",
      false,
      "HubSpot's OAuth authorize page (a local fake in tests)."),
  FIELDLEAD_HUBSPOT_API_URL(
      "https://api.hubapi.com",
      false,
      "HubSpot's API base URL: CRM calls and the token endpoint (/oauth/v1/token) below it (a local fake in tests)."),
  FIELDLEAD_CRM_TIMEOUT_MS(
      "10000",
      false,
      "Connect and response timeout of one call to Salesforce or HubSpot in milliseconds, 100..60000."),
  FIELDLEAD_CRM_RETRY_BASE_MS(
      "30000",
      false,
      "First retry delay of a failed CRM push in milliseconds (doubles per attempt up to 6 h, with jitter; a longer Retry-After wins), 10..3600000; pushes are retried for 3 days."),
  FIELDLEAD_CRM_POLL_MS(
      "1000",
      false,
      "How often each instance looks for due CRM pushes, in milliseconds, 10..600000."),
  FIELDLEAD_TRACING_OTLP_ENDPOINT(
      null,
      false,
      "OpenTelemetry tracing: the OTLP/HTTP traces URL of a collector (e.g. http://otel-collector:4318/v1/traces). Unset: tracing is off, no SDK is started (see README, Tracing)."),
  FIELDLEAD_TRACING_SERVICE_NAME("fieldlead", false, "The service.name of this process's spans."),
  FIELDLEAD_TRACING_SAMPLE_RATIO(
      "1.0",
      false,
      "Share of new traces recorded, 0.0..1.0; a request whose traceparent says sampled (or not) is followed as the caller decided.");

  private final String defaultValue;
  private final boolean secret;
  private final String description;

  ConfigKey(String defaultValue, boolean secret, String description) {
    this.defaultValue = defaultValue;
    this.secret = secret;
    this.description = description;
  }

  /** The built-in default, or {@code null} when the key is unset by default. */
  public String defaultValue() {
    return defaultValue;
  }

  public boolean secret() {
    return secret;
  }

  public String description() {
    return description;
  }
}
