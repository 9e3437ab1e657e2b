package com.fieldlead.auth;

import java.util.Locale;
import java.util.Set;

/** What a user may do. {@code booth} is trade-show staff: capture rights only. */
public enum Role {
  ADMIN,
  MANAGER,
  REP,
  BOOTH;

  /** Any authenticated caller. */
  public static final Set<String> ANY = Set.of();

  public static final Set<String> ADMINS = Set.of("admin");
  public static final Set<String> MANAGERS_AND_ADMINS = Set.of("admin", "manager");

  /** The wire name, as in tokens and JSON ({@code admin}, {@code manager}, {@code rep}, {@code booth}). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWire(String value) {
    return Role.valueOf(value.toUpperCase(Locale.ROOT));
  }
}
