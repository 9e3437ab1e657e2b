package com.fieldlead.lead.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fieldlead.json.Json;
import com.fieldlead.problem.ProblemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident list cursors: the position (last sort value and id) and a hash of the filters and order,
 * signed with HMAC-SHA256 under a key shared by every instance. A changed, truncated or foreign cursor, or one used
 * with other filters, is a 400 naming {@code query.cursor}. Pure.
 */
public final class CursorCodec {

  /** Where a page ended: sort value (epoch millis for times, text otherwise), id, and the query's hash. */
  public record Position(String order, Object value, String id, String queryHash) {}

  private final byte[] key;

  public CursorCodec(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("cursor key needs at least 32 bytes");
    }
    this.key = key.clone();
  }

  public String encode(Position p) {
    try {
      byte[] body = Json.MAPPER.writeValueAsBytes(p);
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      return b64.encodeToString(body) + "." + b64.encodeToString(mac(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Decodes and verifies {@code cursor}; it must belong to {@code order} and {@code queryHash}. */
  public Position decode(String cursor, String order, String queryHash) {
    int dot = cursor.indexOf('.');
    try {
      if (dot < 1) {
        throw invalid();
      }
      Base64.Decoder b64 = Base64.getUrlDecoder();
      byte[] body = b64.decode(cursor.substring(0, dot));
      byte[] sig = b64.decode(cursor.substring(dot + 1));
      if (!MessageDigest.isEqual(sig, mac(body))) {
        throw invalid();
      }
      Position p = Json.MAPPER.readValue(body, Position.class);
      if (!order.equals(p.order()) || !queryHash.equals(p.queryHash())) {
        throw ProblemException.invalidField(
            "query.cursor",
            "mismatch",
            "this cursor belongs to another filter or order; start again without a cursor");
      }
      return p;
    } catch (IllegalArgumentException | IOException e) {
      throw invalid();
    }
  }

  /** A short hash of a query's canonical text and the caller, so a cursor only continues the list it came from. */
  public static String hash(String canonical) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(d, 12));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] mac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ProblemException invalid() {
    return ProblemException.invalidField(
        "query.cursor", "invalid", "the cursor is not one this server issued");
  }
}
