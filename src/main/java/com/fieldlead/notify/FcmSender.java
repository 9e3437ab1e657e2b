package com.fieldlead.notify;

import com.fieldlead.notify.model.PushMessage;
import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.firebase.FirebaseApp;
import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.MulticastMessage;
import com.google.firebase.messaging.Notification;
import com.google.firebase.messaging.SendResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends through the Firebase Admin SDK (FCM HTTP v1) with {@code sendEachForMulticastAsync}: one HTTP request per
 * token, in parallel, never the deprecated batch endpoint. The SDK's future is bridged to a Vert.x future completed
 * on the caller's context, so no event loop ever waits. Error mapping follows research/spike.md section 3.
 */
final class FcmSender implements PushSender {

  /** FCM's limit of tokens per multicast call. */
  static final int MAX_TOKENS_PER_CALL = 500;

  private final FirebaseApp app;
  private final FirebaseMessaging messaging;

  FcmSender(FirebaseApp app) {
    this.app = app;
    this.messaging = FirebaseMessaging.getInstance(app);
  }

  @Override
  public String name() {
    return "fcm";
  }

  @Override
  public Future<List<Result>> send(PushMessage m, List<String> tokens) {
    if (tokens.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Future<List<Result>>> chunks = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i += MAX_TOKENS_PER_CALL) {
      chunks.add(sendChunk(m, tokens.subList(i, Math.min(tokens.size(), i + MAX_TOKENS_PER_CALL))));
    }
    return Future.all(chunks).map(all -> {
      List<Result> out = new ArrayList<>(tokens.size());
      for (int i = 0; i < all.size(); i++) {
        out.addAll(all.<List<Result>>resultAt(i));
      }
      return out;
    });
  }

  private Future<List<Result>> sendChunk(PushMessage m, List<String> tokens) {
    MulticastMessage message = multicast(m, tokens);
    ApiFuture<BatchResponse> sent;
    try {
      sent = messaging.sendEachForMulticastAsync(message);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return bridge(sent).map(batch -> {
      List<SendResponse> responses = batch.getResponses();
      boolean anyOk = batch.getSuccessCount() > 0;
      List<Result> out = new ArrayList<>(responses.size());
      for (SendResponse r : responses) {
        out.add(
            r.isSuccessful()
                ? Result.delivered(r.getMessageId())
                : classify(r.getException(), anyOk));
      }
      return out;
    });
  }

  /** The SDK message: notification + data, Android collapse key, APNs collapse id; data-only pushes wake silently. */
  static MulticastMessage multicast(PushMessage m, List<String> tokens) {
    MulticastMessage.Builder b =
        MulticastMessage.builder().addAllTokens(tokens).putAllData(m.data());
    AndroidConfig.Builder android = AndroidConfig.builder().setCollapseKey(m.collapseKey());
    Aps.Builder aps = Aps.builder();
    if (m.dataOnly()) {
      android.setPriority(AndroidConfig.Priority.NORMAL);
      aps.setContentAvailable(true);
    } else {
      b.setNotification(
          Notification.builder().setTitle(m.title()).setBody(m.body()).build());
      android.setPriority(AndroidConfig.Priority.HIGH);
    }
    ApnsConfig.Builder apns =
        ApnsConfig.builder().setAps(aps.build()).putHeader("apns-collapse-id", m.collapseKey());
    if (m.dataOnly()) {
      apns.putHeader("apns-priority", "5").putHeader("apns-push-type", "background");
    }
    return b.setAndroidConfig(android.build()).setApnsConfig(apns.build()).build();
  }

  /**
   * One failed token. UNREGISTERED and SENDER_ID_MISMATCH kill the token; INVALID_ARGUMENT kills it only when the
   * token is the culprit (other tokens of the same message went through, or FCM names the token), else the message
   * itself is bad. Quota, unavailable and internal errors are retried, honouring Retry-After.
   */
  static Result classify(FirebaseMessagingException e, boolean otherTokensWorked) {
    MessagingErrorCode code = e == null ? null : e.getMessagingErrorCode();
    String detail = e == null
        ? "unknown"
        : (code == null ? String.valueOf(e.getErrorCode()) : code.name()) + ": " + e.getMessage();
    if (code == MessagingErrorCode.UNREGISTERED || code == MessagingErrorCode.SENDER_ID_MISMATCH) {
      return new Result(Outcome.TOKEN_INVALID, detail, null);
    }
    if (code == MessagingErrorCode.INVALID_ARGUMENT) {
      String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      boolean tokenBlamed = otherTokensWorked || msg.contains("registration token");
      return new Result(tokenBlamed ? Outcome.TOKEN_INVALID : Outcome.FAILED, detail, null);
    }
    if (code == MessagingErrorCode.THIRD_PARTY_AUTH_ERROR) {
      return new Result(Outcome.FAILED, detail, null);
    }
    return new Result(Outcome.RETRY, detail, e == null ? null : retryAfter(e.getHttpResponse()));
  }

  /** Retry-After in seconds (FCM does not send HTTP dates), or null. */
  static Duration retryAfter(IncomingHttpResponse response) {
    if (response == null) {
      return null;
    }
    for (Map.Entry<String, Object> h : response.getHeaders().entrySet()) {
      if (h.getKey() != null && h.getKey().equalsIgnoreCase("retry-after")) {
        Object v =
            h.getValue() instanceof List<?> list && !list.isEmpty() ? list.get(0) : h.getValue();
        try {
          long seconds = Long.parseLong(String.valueOf(v).trim());
          return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException ignored) {
          return null;
        }
      }
    }
    return null;
  }

  private static <T> Future<T> bridge(ApiFuture<T> future) {
    Context context = Vertx.currentContext();
    Promise<T> promise = Promise.promise();
    ApiFutures.addCallback(
        future,
        new ApiFutureCallback<T>() {
          @Override
          public void onFailure(Throwable t) {
            complete(context, () -> promise.fail(t));
          }

          @Override
          public void onSuccess(T result) {
            complete(context, () -> promise.complete(result));
          }
        },
        MoreExecutors.directExecutor());
    return promise.future();
  }

  private static void complete(Context context, Runnable action) {
    if (context == null) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  @Override
  public void close() {
    app.delete();
  }
}
