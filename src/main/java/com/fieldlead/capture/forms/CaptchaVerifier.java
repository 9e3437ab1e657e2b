package com.fieldlead.capture.forms;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a form's captcha provider whether a response token is good: a form post of {@code secret}, {@code response}
 * and {@code remoteip} to its siteverify URL, reading {@code success} from the JSON answer. Cloudflare Turnstile,
 * hCaptcha and Google reCAPTCHA all document this same exchange.
 */
final class CaptchaVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(CaptchaVerifier.class);
  static final long TIMEOUT_MS = 5_000;

  /** The provider's answer: the token passed, it did not, or the provider could not be asked. */
  enum Outcome {
    PASSED,
    FAILED,
    UNAVAILABLE
  }

  private final WebClient client;

  CaptchaVerifier(Vertx vertx) {
    this.client = WebClient.create(
        vertx,
        new WebClientOptions()
            .setConnectTimeout((int) TIMEOUT_MS)
            .setIdleTimeout(30)
            .setUserAgent("fieldlead-forms"));
  }

  Future<Outcome> verify(FormInput.Captcha captcha, String response, String remoteIp) {
    if (response == null || response.isBlank()) {
      return Future.succeededFuture(Outcome.FAILED);
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("secret", captcha.secret())
        .add("response", response);
    if (remoteIp != null) {
      form.add("remoteip", remoteIp);
    }
    return client
        .postAbs(captcha.verifyUrl())
        .timeout(TIMEOUT_MS)
        .sendForm(form)
        .map(r -> {
          if (r.statusCode() != 200) {
            LOG.warn("captcha verifier answered {} [url={}]", r.statusCode(), captcha.verifyUrl());
            return Outcome.UNAVAILABLE;
          }
          JsonObject body = r.bodyAsJsonObject();
          return body != null && Boolean.TRUE.equals(body.getBoolean("success"))
              ? Outcome.PASSED
              : Outcome.FAILED;
        })
        .recover(t -> {
          LOG.warn(
              "captcha verifier unreachable [url={}, error={}]", captcha.verifyUrl(), t.toString());
          return Future.succeededFuture(Outcome.UNAVAILABLE);
        });
  }
}
