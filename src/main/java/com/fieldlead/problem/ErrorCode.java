package com.fieldlead.problem;

import java.util.Locale;

/**
 * The one documented list of problem codes. Codes are stable: clients switch on them, so a code is never renamed
 * or reused for another meaning (README, "Errors", lists them all; a test keeps the two in step).
 */
public enum ErrorCode {
  MALFORMED_JSON(400, "Malformed JSON", "The body is not well-formed JSON."),
  VALIDATION_FAILED(
      400,
      "Validation failed",
      "A parameter or field is missing, of the wrong type or out of range; errors[] names each field."),
  BAD_REQUEST(
      400, "Bad request", "The request cannot be understood (for example an invalid header)."),
  UNAUTHENTICATED(401, "Authentication required", "No bearer token was sent."),
  TOKEN_INVALID(
      401, "Invalid token", "The bearer token is malformed, forged or signed with another key."),
  TOKEN_EXPIRED(401, "Token expired", "The access token has expired; refresh it."),
  SESSION_REVOKED(
      401, "Session revoked", "The token's session, device or user has been revoked or disabled."),
  INVALID_CREDENTIALS(
      401, "Invalid credentials", "Email or password is wrong, or the account is disabled."),
  REFRESH_TOKEN_INVALID(
      401,
      "Invalid refresh token",
      "The refresh token is unknown, expired or revoked; log in again."),
  REFRESH_TOKEN_REUSED(
      401,
      "Refresh token reused",
      "A rotated refresh token was presented again; the device's session has been revoked."),
  FORBIDDEN(403, "Forbidden", "Your role does not allow this."),
  NOT_FOUND(404, "Not found", "No such resource in your tenant."),
  ROUTE_NOT_FOUND(404, "No such route", "No endpoint has this path."),
  METHOD_NOT_ALLOWED(
      405, "Method not allowed", "The path exists but not with this method; see the Allow header."),
  NOT_ACCEPTABLE(
      406,
      "Not acceptable",
      "The Accept header excludes every media type this endpoint can produce."),
  ALREADY_EXISTS(409, "Already exists", "A resource with this unique value already exists."),
  CONFLICT(409, "Conflict", "The request conflicts with the current state of the resource."),
  PRECONDITION_FAILED(412, "Precondition failed", "If-Match does not match the current version."),
  PAYLOAD_TOO_LARGE(413, "Payload too large", "The body exceeds the configured limit."),
  URI_TOO_LONG(
      414,
      "URI too long",
      "The request line (path and query) is longer than the server reads (4 KB)."),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type", "Send the body as application/json."),
  PRECONDITION_REQUIRED(
      428, "Precondition required", "This update needs an If-Match header with the version."),
  TOO_MANY_REQUESTS(
      429, "Too many requests", "Too many attempts or requests; wait for Retry-After seconds."),
  HEADERS_TOO_LARGE(
      431,
      "Request headers too large",
      "The request's headers are larger than the server reads (8 KB)."),
  CHECKPOINT_MALFORMED(
      400,
      "Checkpoint malformed",
      "The sync checkpoint is not one this server issued (bad encoding); pull without it."),
  CHECKPOINT_FORGED(
      400,
      "Checkpoint forged",
      "The sync checkpoint's signature does not verify; pull without it."),
  CHECKPOINT_FOREIGN(
      400,
      "Checkpoint foreign",
      "The sync checkpoint was issued to another user or tenant; pull without it."),
  CHECKPOINT_FROM_FUTURE(
      400,
      "Checkpoint from the future",
      "The sync checkpoint is ahead of the server; pull without it."),
  PROTOCOL_VERSION_UNSUPPORTED(
      426,
      "Protocol version unsupported",
      "The app's sync protocol version is outside the server's window; upgrade the app."),
  INTERNAL(
      500,
      "Internal error",
      "Something failed on the server; the request id identifies it in the logs."),
  UNAVAILABLE(
      503, "Service unavailable", "A dependency (the database) is not reachable; retry later.");

  private final int status;
  private final String title;
  private final String meaning;

  ErrorCode(int status, String title, String meaning) {
    this.status = status;
    this.title = title;
    this.meaning = meaning;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String meaning() {
    return meaning;
  }

  /** The problem {@code type} URI for this code. */
  public String type() {
    return "urn:fieldlead:problem:" + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
