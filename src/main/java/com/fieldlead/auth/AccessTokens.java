package com.fieldlead.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies HS256 JWT access tokens with the JDK's HMAC. Pure (no I/O); time comes from the injected
 * {@link Clock} so tests control expiry. Only {@code alg: HS256} is accepted: {@code none} and every other algorithm
 * are rejected before the signature is looked at.
 */
final class AccessTokens {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String HEADER =
      b64(("{\"alg\":\"HS256\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));

  /** The claims of an access token: sub, tid, sid, did (may be null), role, iss, iat, exp. */
  record Claims(
      String userId,
      String tenantId,
      String sessionId,
      String deviceId,
      String role,
      String issuer,
      Instant issuedAt,
      Instant expiresAt) {}

  /** Why a token was refused. */
  enum Failure {
    INVALID,
    EXPIRED
  }

  /** A refused token; stackless, it is an expected outcome. */
  static final class TokenException extends RuntimeException {
    private final Failure failure;

    TokenException(Failure failure, String message) {
      super(message, null, false, false);
      this.failure = failure;
    }

    Failure failure() {
      return failure;
    }
  }

  private final SecretKeySpec key;
  private final String issuer;
  private final Duration ttl;
  private final Clock clock;

  AccessTokens(byte[] secret, String issuer, Duration ttl, Clock clock) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the HMAC secret must have at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  Duration ttl() {
    return ttl;
  }

  /** A signed token for this session, valid for the configured TTL from now. */
  String issue(String userId, String tenantId, String sessionId, String deviceId, String role) {
    long now = clock.instant().getEpochSecond();
    ObjectNode claims = MAPPER
        .createObjectNode()
        .put("sub", userId)
        .put("tid", tenantId)
        .put("sid", sessionId)
        .put("role", role)
        .put("iss", issuer)
        .put("iat", now)
        .put("exp", now + ttl.toSeconds());
    if (deviceId != null) {
      claims.put("did", deviceId);
    }
    String signingInput = HEADER + "." + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
    return signingInput + "." + b64(sign(signingInput));
  }

  /** The claims of a valid token, or a {@link TokenException} saying why not. */
  Claims verify(String token) {
    if (token == null) {
      throw invalid("no token");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw invalid("not a JWT");
    }
    JsonNode header = parse(parts[0]);
    if (!"HS256".equals(header.path("alg").asText(null))) {
      throw invalid("unsupported algorithm");
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw invalid("bad signature encoding");
    }
    if (!MessageDigest.isEqual(sign(parts[0] + "." + parts[1]), signature)) {
      throw invalid("bad signature");
    }
    JsonNode claims = parse(parts[1]);
    if (!issuer.equals(claims.path("iss").asText(null))) {
      throw invalid("wrong issuer");
    }
    if (!claims.path("exp").canConvertToLong() || !claims.path("iat").canConvertToLong()) {
      throw invalid("no exp or iat");
    }
    Instant exp = Instant.ofEpochSecond(claims.get("exp").asLong());
    if (!clock.instant().isBefore(exp)) {
      throw new TokenException(Failure.EXPIRED, "token expired");
    }
    String sub = text(claims, "sub");
    String tid = text(claims, "tid");
    String sid = text(claims, "sid");
    String role = text(claims, "role");
    if (sub == null || tid == null || sid == null || role == null) {
      throw invalid("missing claims");
    }
    return new Claims(
        sub,
        tid,
        sid,
        text(claims, "did"),
        role,
        issuer,
        Instant.ofEpochSecond(claims.get("iat").asLong()),
        exp);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
  }

  private static JsonNode parse(String part) {
    try {
      JsonNode node = MAPPER.readTree(Base64.getUrlDecoder().decode(part));
      if (node == null || !node.isObject()) {
        throw invalid("not a JSON object");
      }
      return node;
    } catch (IllegalArgumentException | IOException e) {
      throw invalid("undecodable");
    }
  }

  private byte[] sign(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static TokenException invalid(String why) {
    return new TokenException(Failure.INVALID, why);
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
