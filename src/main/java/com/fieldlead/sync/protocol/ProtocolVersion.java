package com.fieldlead.sync.protocol;

import java.util.Optional;

/**
 * The window of sync protocol versions this server speaks (sync invariant 9). A client states its version in every
 * request; outside the window the server answers {@link SyncCode#PROTOCOL_VERSION_UNSUPPORTED} with the window, so
 * the app can tell the user to upgrade.
 */
public final class ProtocolVersion {

  /** The oldest version still served. */
  public static final int MIN_SUPPORTED = 1;
  /** The newest version served; responses are written in it unless the client asked for an older one. */
  public static final int MAX_SUPPORTED = 1;
  /** The version this server speaks natively. */
  public static final int CURRENT = MAX_SUPPORTED;

  private ProtocolVersion() {}

  /** True when {@code version} is inside the window. */
  public static boolean supported(int version) {
    return version >= MIN_SUPPORTED && version <= MAX_SUPPORTED;
  }

  /** Empty when supported, else a message naming the window (for the problem detail). */
  public static Optional<String> check(int version) {
    if (supported(version)) {
      return Optional.empty();
    }
    return Optional.of("sync protocol version " + version + " is not supported; this server speaks "
        + MIN_SUPPORTED + ".." + MAX_SUPPORTED
        + (version < MIN_SUPPORTED ? ": upgrade the app" : ""));
  }
}
