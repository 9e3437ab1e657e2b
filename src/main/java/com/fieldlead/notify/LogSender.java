package com.fieldlead.notify;

import com.fieldlead.notify.model.PushMessage;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender without Firebase credentials: it logs what would have been sent and counts it delivered, so the outbox,
 * the inbox and every test work the same; the notification record keeps the payload ({@code logged}).
 */
final class LogSender implements PushSender {

  private static final Logger LOG = LoggerFactory.getLogger(LogSender.class);

  @Override
  public String name() {
    return "log";
  }

  @Override
  public Future<List<Result>> send(PushMessage m, List<String> tokens) {
    LOG.info(
        "push not sent, no FCM credentials [notification={}, tokens={}, title={}, body={}, data={}, collapseKey={}]",
        m.notificationId(),
        tokens.size(),
        m.title(),
        m.body(),
        m.data(),
        m.collapseKey());
    List<Result> out = new ArrayList<>(tokens.size());
    tokens.forEach(t -> out.add(Result.delivered("logged")));
    return Future.succeededFuture(out);
  }
}
