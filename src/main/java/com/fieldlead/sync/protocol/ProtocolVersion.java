package com.fieldlead.sync.protocol;

/**
 * The sync protocol versions this build speaks (sync invariant 9): {@link #OLDEST}..{@link #NEWEST}. An instance
 * serves a {@link ProtocolWindow} inside that range (capped by its operator for a canary or a rollback); a client
 * states its version in every request and is answered in it. What differs between the versions is written in one
 * place, {@link ProtocolDialect}.
 */
public final class ProtocolVersion {

  /** The oldest version this build still serves. */
  public static final int OLDEST = 1;
  /** The newest version this build speaks: the default top of the window. */
  public static final int NEWEST = 2;

  private ProtocolVersion() {}
}
