package com.fieldlead.sync.checkpoint;

import com.fieldlead.sync.checkpoint.CheckpointVerdict.Reason;
import com.fieldlead.sync.protocol.ProtocolDialect;
import com.fieldlead.sync.protocol.ProtocolWindow;
import com.fieldlead.sync.protocol.SyncCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks the opaque checkpoints of pulls: {@code base64url(payload || HMAC-SHA256(payload))}, the payload
 * binding format, protocol version, tenant, user, scope hash, seq and issue time. Pure (no I/O) apart from the key.
 *
 * <p>Keys: the first signs, all verify (so a key can be rotated without forcing every phone to re-baseline). Each
 * must have at least 32 bytes. Checks, in order: decodable ({@code CHECKPOINT_MALFORMED}), signature
 * ({@code CHECKPOINT_FORGED}), tenant and user ({@code CHECKPOINT_FOREIGN}), not ahead of the server: seq at most the
 * current watermark and issue time not after now plus the allowed clock skew ({@code CHECKPOINT_FROM_FUTURE}); then
 * the re-baseline cases: protocol version outside this instance's window (retired, or newer than an instance capped
 * to an older window serves) or one whose pages differ from the version the pull states
 * ({@link ProtocolDialect#resumes}), issued longer ago than the tombstone horizon (deletes older than that may have
 * been purged, so a delta could resurrect them), or a different scope (the user changed team).
 */
public final class CheckpointCodec {

  private static final byte FORMAT = 1;
  /** Format 1 plus the re-baseline cursor. */
  private static final byte FORMAT_CURSOR = 2;

  private static final int MAC_BYTES = 32;
  private static final int MIN_KEY_BYTES = 32;
  private static final int MAX_TOKEN_CHARS = 2048;

  private final List<byte[]> keys;
  private final Duration horizon;
  private final Duration allowedSkew;
  private final Clock clock;
  private final ProtocolWindow window;

  /** A codec for an instance serving every protocol version this build speaks. */
  public CheckpointCodec(List<byte[]> keys, Duration horizon, Duration allowedSkew, Clock clock) {
    this(keys, horizon, allowedSkew, clock, ProtocolWindow.all());
  }

  /**
   * @param keys signing keys, newest first
   * @param horizon the tombstone horizon: checkpoints older than this need a re-baseline
   * @param allowedSkew how far in the future an issue time may be (clock skew between instances)
   * @param window the protocol versions this instance serves: a checkpoint issued under another is re-baselined
   */
  public CheckpointCodec(
      List<byte[]> keys,
      Duration horizon,
      Duration allowedSkew,
      Clock clock,
      ProtocolWindow window) {
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("a checkpoint codec needs at least one key");
    }
    for (byte[] key : keys) {
      if (key == null || key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException(
            "checkpoint keys need at least " + MIN_KEY_BYTES + " bytes");
      }
    }
    this.keys = keys.stream().map(byte[]::clone).toList();
    this.horizon = Objects.requireNonNull(horizon, "horizon");
    this.allowedSkew = Objects.requireNonNull(allowedSkew, "allowedSkew");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.window = Objects.requireNonNull(window, "window");
  }

  /** A stable, short hash of a canonical scope description (e.g. "rep:u-1" or "team:t-1,t-2"). */
  public static String scopeHash(String canonicalScope) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonicalScope.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Issues the checkpoint for {@code claims}, signed with the newest key. */
  public String encode(Checkpoint claims) {
    byte[] payload = payload(claims);
    byte[] mac = mac(keys.get(0), payload);
    byte[] token = Arrays.copyOf(payload, payload.length + MAC_BYTES);
    System.arraycopy(mac, 0, token, payload.length, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /**
   * Checks {@code token} for {@code tenantId}/{@code userId} in {@code scopeHash}, given the current watermark, for a
   * pull that states protocol {@code version}.
   */
  public CheckpointVerdict decode(
      String token, String tenantId, String userId, String scopeHash, long watermark, int version) {
    byte[] raw = base64(token);
    if (raw == null || raw.length <= MAC_BYTES) {
      return new CheckpointVerdict.Rejected(
          SyncCode.CHECKPOINT_MALFORMED, "not a checkpoint issued by this server");
    }
    byte[] payload = Arrays.copyOf(raw, raw.length - MAC_BYTES);
    byte[] mac = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
    if (keys.stream().noneMatch(key -> MessageDigest.isEqual(mac(key, payload), mac))) {
      return new CheckpointVerdict.Rejected(
          SyncCode.CHECKPOINT_FORGED, "the checkpoint's signature does not verify");
    }
    Checkpoint claims = parse(payload);
    if (claims == null) {
      return new CheckpointVerdict.Rejected(
          SyncCode.CHECKPOINT_MALFORMED, "unknown checkpoint format");
    }
    if (!claims.tenantId().equals(tenantId) || !claims.userId().equals(userId)) {
      return new CheckpointVerdict.Rejected(
          SyncCode.CHECKPOINT_FOREIGN, "the checkpoint belongs to another user");
    }
    Instant now = clock.instant();
    if (claims.seq() > watermark || claims.issuedAt().isAfter(now.plus(allowedSkew))) {
      return new CheckpointVerdict.Rejected(
          SyncCode.CHECKPOINT_FROM_FUTURE, "the checkpoint is ahead of the server");
    }
    if (!window.supported(claims.protocolVersion())
        || !ProtocolDialect.resumes(claims.protocolVersion(), version)) {
      return new CheckpointVerdict.Rebaseline(Reason.PROTOCOL_NOT_SERVED);
    }
    if (claims.issuedAt().isBefore(now.minus(horizon))) {
      return new CheckpointVerdict.Rebaseline(Reason.EXPIRED);
    }
    if (!claims.scopeHash().equals(scopeHash)) {
      return new CheckpointVerdict.Rebaseline(Reason.SCOPE_CHANGED);
    }
    return new CheckpointVerdict.Valid(claims);
  }

  private static byte[] payload(Checkpoint c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(c.rebaselineAfter() == null ? FORMAT : FORMAT_CURSOR);
      out.writeShort(c.protocolVersion());
      out.writeUTF(c.tenantId());
      out.writeUTF(c.userId());
      out.writeUTF(c.scopeHash());
      out.writeLong(c.seq());
      out.writeLong(c.issuedAt().toEpochMilli());
      if (c.rebaselineAfter() != null) {
        out.writeUTF(c.rebaselineAfter());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Checkpoint parse(byte[] payload) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      byte format = in.readByte();
      if (format != FORMAT && format != FORMAT_CURSOR) {
        return null;
      }
      Checkpoint c = new Checkpoint(
          in.readShort(),
          in.readUTF(),
          in.readUTF(),
          in.readUTF(),
          in.readLong(),
          Instant.ofEpochMilli(in.readLong()),
          format == FORMAT_CURSOR ? in.readUTF() : null);
      return in.available() == 0 ? c : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static byte[] base64(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      return null;
    }
    try {
      return Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] mac(byte[] key, byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
