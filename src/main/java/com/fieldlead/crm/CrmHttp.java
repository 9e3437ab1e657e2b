package com.fieldlead.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.json.Json;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.Map;

/**
 * The connectors' HTTP calls (Vert.x WebClient): JSON or form bodies to absolute URLs with a bearer token, redirects
 * never followed, one timeout for connect and response. Answers the status, the body (parsed when it is JSON) and
 * {@code Retry-After}; a call that got no answer answers status 0 with the error.
 */
final class CrmHttp {

  /** A response, or (status 0) the error before one. */
  record Reply(int status, String text, JsonNode json, String retryAfter, String error) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final WebClient client;
  private final long timeoutMs;

  CrmHttp(Vertx vertx, Duration timeout) {
    this.timeoutMs = timeout.toMillis();
    this.client = WebClient.create(
        vertx,
        new WebClientOptions()
            .setFollowRedirects(false)
            .setConnectTimeout((int) timeoutMs)
            .setKeepAlive(true)
            .setUserAgent("fieldlead-crm/1"));
  }

  Future<Reply> json(HttpMethod method, String url, String bearer, Object body) {
    HttpRequest<Buffer> r =
        request(method, url, bearer).putHeader("Content-Type", "application/json");
    Future<HttpResponse<Buffer>> sent = body == null ? r.send() : r.sendBuffer(Json.encode(body));
    return answered(sent);
  }

  Future<Reply> form(String url, Map<String, String> fields) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    fields.forEach(form::add);
    return answered(request(HttpMethod.POST, url, null).sendForm(form));
  }

  private HttpRequest<Buffer> request(HttpMethod method, String url, String bearer) {
    HttpRequest<Buffer> r = client
        .requestAbs(method, url)
        .followRedirects(false)
        .connectTimeout(timeoutMs)
        .timeout(timeoutMs)
        .putHeader("Accept", "application/json");
    if (bearer != null) {
      r.putHeader("Authorization", "Bearer " + bearer);
    }
    return r;
  }

  private static Future<Reply> answered(Future<HttpResponse<Buffer>> sent) {
    return sent.map(CrmHttp::reply).otherwise(t -> new Reply(0, null, null, null, describe(t)));
  }

  private static Reply reply(HttpResponse<Buffer> r) {
    String text = r.body() == null ? "" : r.body().toString();
    JsonNode json = null;
    if (!text.isBlank()) {
      try {
        json = Json.MAPPER.readTree(text);
      } catch (Exception e) {
        json = null;
      }
    }
    return new Reply(r.statusCode(), text, json, r.getHeader("Retry-After"), null);
  }

  private static String describe(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.length() > 200 ? m.substring(0, 200) : m;
  }

  void close() {
    client.close();
  }
}
