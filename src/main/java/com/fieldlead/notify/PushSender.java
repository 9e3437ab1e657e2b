package com.fieldlead.notify;

import com.fieldlead.notify.model.PushMessage;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Sends one push to some device tokens. Answers one {@link Result} per token, in token order; the future itself
 * fails only when nothing could be attempted. Implementations never block the calling event loop.
 */
public interface PushSender {

  /** What happened to one token. */
  enum Outcome {
    /** FCM accepted it (or the log sender recorded it). */
    DELIVERED,
    /** The token is dead (unregistered, invalid, another sender's): forget it. */
    TOKEN_INVALID,
    /** Worth another attempt later (quota, unavailable, internal, timeout); {@code retryAfter} when the server said. */
    RETRY,
    /** Will never work as sent (for example a malformed message); no retry. */
    FAILED
  }

  /** One token's outcome, with FCM's message name or error for the record. */
  record Result(Outcome outcome, String detail, Duration retryAfter) {
    static Result delivered(String messageName) {
      return new Result(Outcome.DELIVERED, messageName, null);
    }
  }

  /** Short name recorded on each notification ({@code fcm} or {@code log}). */
  String name();

  Future<List<Result>> send(PushMessage message, List<String> tokens);

  /** Releases the SDK's resources. */
  default void close() {}
}
