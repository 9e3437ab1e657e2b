package com.fieldlead.webhook;

import com.fieldlead.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

/**
 * Sends one signed delivery with Vert.x's WebClient: resolves the host, refuses the delivery when any address it
 * resolves to is not permitted ({@link UrlPolicy}), then connects to the address it checked (so a name that resolves
 * differently a moment later cannot steer the request inward), with the URL's host in {@code Host} and for TLS.
 * Redirects are never followed; connect and response each have {@code timeout}; the answer's status, the first
 * {@value Deliveries#RESPONSE_CHARS} characters of its body and its {@code Retry-After} are kept.
 */
final class WebhookSender {

  /** What an attempt came to: a response (any status), or an error before one (refused, timeout, connection). */
  record Result(int status, String body, String retryAfter, String error, long latencyMs) {
    boolean delivered() {
      return error == null && status >= 200 && status < 300;
    }
  }

  private final Vertx vertx;
  private final WebClient client;
  private final UrlPolicy policy;
  private final long timeoutMs;

  WebhookSender(Vertx vertx, UrlPolicy policy, Duration timeout) {
    this.vertx = vertx;
    this.policy = policy;
    this.timeoutMs = timeout.toMillis();
    this.client = WebClient.create(
        vertx,
        new WebClientOptions()
            .setFollowRedirects(false)
            .setConnectTimeout((int) timeoutMs)
            .setKeepAlive(true)
            .setUserAgent("fieldlead-webhooks/1")
            .setVerifyHost(true),
        new PoolOptions().setHttp1MaxSize(128));
  }

  /** Resolves {@code host} off the event loop; fails with a 400 problem when an address is not permitted. */
  Future<InetAddress> resolve(String host) {
    return vertx
        .<InetAddress[]>executeBlocking(() -> InetAddress.getAllByName(host), false)
        .map(addresses -> {
          for (InetAddress a : addresses) {
            if (!policy.permits(a)) {
              throw UrlPolicy.refused(host + " (" + a.getHostAddress() + ")");
            }
          }
          return addresses[0];
        });
  }

  Future<Result> send(String url, byte[] body, Map<String, String> headers) {
    long start = System.nanoTime();
    UrlPolicy.Target target;
    try {
      target = policy.parse(url);
    } catch (RuntimeException e) {
      return Future.succeededFuture(failure("refused: " + e.getMessage(), start));
    }
    return resolve(target.host())
        .compose(address -> {
          HttpRequest<Buffer> request = client
              .request(
                  HttpMethod.POST,
                  SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()),
                  target.port(),
                  target.host(),
                  target.pathAndQuery())
              .ssl(target.https())
              .followRedirects(false)
              .connectTimeout(timeoutMs)
              .timeout(timeoutMs)
              .putHeader("Content-Type", "application/json");
          headers.forEach(request::putHeader);
          return request.sendBuffer(Buffer.buffer(body));
        })
        .map(r -> result(r, start))
        .otherwise(t -> failure(describe(t), start));
  }

  private static Result result(HttpResponse<Buffer> r, long start) {
    String text = r.body() == null ? null : r.body().toString();
    if (text != null && text.length() > Outbox.RESPONSE_CHARS) {
      text = text.substring(0, Outbox.RESPONSE_CHARS);
    }
    return new Result(r.statusCode(), text, r.getHeader("Retry-After"), null, elapsed(start));
  }

  private static Result failure(String error, long start) {
    return new Result(0, null, null, error, elapsed(start));
  }

  private static String describe(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.length() > 200 ? m.substring(0, 200) : m;
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  void close() {
    client.close();
  }
}
