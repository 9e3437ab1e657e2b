package com.fieldlead.sync.protocol;

import java.util.Optional;

/**
 * The window of sync protocol versions one instance serves (sync invariant 9). Outside it the server answers
 * {@link SyncCode#PROTOCOL_VERSION_UNSUPPORTED} with the window, so the app can tell the user to upgrade (below it) or
 * try again later or elsewhere (above it: an instance of the previous release, or one capped by its operator, during
 * a rolling upgrade). Checkpoints issued under a version outside the window get a re-baseline.
 */
public record ProtocolWindow(int min, int max) {

  public ProtocolWindow {
    if (min < ProtocolVersion.OLDEST || max > ProtocolVersion.NEWEST || min > max) {
      throw new IllegalArgumentException("a protocol window lies inside " + ProtocolVersion.OLDEST
          + ".." + ProtocolVersion.NEWEST + ", got " + min + ".." + max);
    }
  }

  /** Every version this build speaks. */
  public static ProtocolWindow all() {
    return new ProtocolWindow(ProtocolVersion.OLDEST, ProtocolVersion.NEWEST);
  }

  /**
   * The versions up to {@code max}: an instance of this build that serves as the previous release did (the operator's
   * canary or rollback switch). {@code max} must lie inside {@link ProtocolVersion#OLDEST}..{@link
   * ProtocolVersion#NEWEST}.
   */
  public static ProtocolWindow upTo(int max) {
    return new ProtocolWindow(ProtocolVersion.OLDEST, max);
  }

  /** True when {@code version} is inside the window. */
  public boolean supported(int version) {
    return version >= min && version <= max;
  }

  /** Empty when supported, else a message naming the window (for the problem detail). */
  public Optional<String> check(int version) {
    if (supported(version)) {
      return Optional.empty();
    }
    return Optional.of("sync protocol version " + version + " is not supported; this server speaks "
        + min + ".." + max
        + (version < min ? ": upgrade the app" : ": keep your outbox and sync again later"));
  }
}
