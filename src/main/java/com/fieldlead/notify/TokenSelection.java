package com.fieldlead.notify;

import com.fieldlead.auth.DeviceTokens.PushToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure: which of a user's device tokens a push goes to. Not to a stale token (not refreshed within the window, or
 * of unknown age), not to a device that already got it, and one token only once even if two devices report it (an
 * app reinstalled under a new device id); the most recently refreshed device keeps a shared token.
 */
public final class TokenSelection {

  private TokenSelection() {}

  public static List<PushToken> select(
      Collection<PushToken> tokens,
      Set<String> alreadyDelivered,
      Instant now,
      Duration staleAfter) {
    Instant freshFrom = now.minus(staleAfter);
    Map<String, PushToken> byToken = new LinkedHashMap<>();
    tokens.stream()
        .filter(t -> t.token() != null && !t.token().isBlank())
        .filter(t -> t.updatedAt() != null && !t.updatedAt().isBefore(freshFrom))
        .filter(t -> !alreadyDelivered.contains(t.deviceId()))
        .sorted(Comparator.comparing(PushToken::updatedAt)
            .reversed()
            .thenComparing(PushToken::deviceId))
        .forEach(t -> byToken.putIfAbsent(t.token(), t));
    return new ArrayList<>(byToken.values());
  }

  /** True when the token has not been refreshed within {@code staleAfter}. */
  public static boolean stale(PushToken t, Instant now, Duration staleAfter) {
    return t.updatedAt() == null || t.updatedAt().isBefore(now.minus(staleAfter));
  }
}
