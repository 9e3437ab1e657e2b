package com.fieldlead.capture.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import com.mongodb.MongoException;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public routes of a form, called by anyone who has its key: the fill-time token, the embed script, the
 * submission (a plain HTML form post or JSON) and its CORS preflight. Browsers get CORS headers only for the form's
 * allowed origins, and a post that names another origin is refused. A plain form post is answered with HTML (a 303 to
 * the thank-you page, or a page saying what to correct, in the form's language); JSON with JSON and problem+json.
 */
final class PublicFormEndpoint implements Endpoint {

  private static final Logger LOG = LoggerFactory.getLogger(PublicFormEndpoint.class);
  private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9_-]{16,64}$");
  private static final String FORM = "fieldlead.webForm";
  private static final String HTML = "text/html; charset=utf-8";

  private final SubmissionService service;

  PublicFormEndpoint(SubmissionService service) {
    this.service = service;
  }

  @Override
  public void register(Routes routes) {
    routes
        .open(
            "getFormToken",
            ctx -> withForm(ctx, false, form -> {
              cors(ctx, form);
              ctx.response().putHeader("Cache-Control", "no-store");
              Responses.json(
                  ctx,
                  200,
                  Map.of(
                      "token", service.token(form),
                      "minFillSeconds", form.definition().minFillSeconds(),
                      "expiresInSeconds", FormTokens.MAX_AGE.toSeconds()));
            }))
        .open(
            "getFormEmbed",
            ctx -> withForm(
                ctx,
                false,
                form -> ctx.response()
                    .putHeader("Content-Type", "text/javascript; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .end(EmbedScript.render(form, service.token(form)))))
        .open(
            "preflightFormSubmission",
            ctx -> withForm(ctx, false, form -> {
              if (cors(ctx, form)) {
                ctx.response()
                    .putHeader("Access-Control-Allow-Methods", "POST")
                    .putHeader("Access-Control-Allow-Headers", "Content-Type")
                    .putHeader("Access-Control-Max-Age", "600");
              }
              ctx.response().setStatusCode(204).end();
            }))
        .openForm("submitForm", this::before, this::submit);
  }

  /**
   * Runs ahead of validation: finds the form, sets the CORS headers every answer needs, and refuses a browser post
   * from an origin the form does not allow.
   */
  private void before(RoutingContext ctx) {
    boolean html = isHtmlPost(ctx);
    withForm(ctx, html, form -> {
      String origin = ctx.request().getHeader("Origin");
      if (!cors(ctx, form) && origin != null) {
        fail(
            ctx,
            html,
            form,
            new ProblemException(
                ErrorCode.FORBIDDEN, "this form does not take posts from " + origin));
        return;
      }
      ctx.put(FORM, form);
      ctx.next();
    });
  }

  private void submit(RoutingContext ctx) {
    WebForm form = ctx.get(FORM);
    boolean html = Validation.isFormPost(ctx);
    JsonNode body = ctx.get(Validation.BODY_KEY);
    Responses.attempt(() -> service.submit(form, body, address(ctx)))
        .onSuccess(outcome -> {
          if (!html) {
            Responses.reply(
                ctx,
                202,
                Future.succeededFuture(
                    Map.of("status", "received", "redirect", form.definition().thankYouUrl())));
            return;
          }
          // a redirect acknowledges the submission: only once it is durable
          Responses.durable(ctx).onComplete(ar -> {
            if (ctx.response().ended()) {
              return;
            }
            if (ar.succeeded()) {
              ctx.response()
                  .setStatusCode(303)
                  .putHeader("Location", form.definition().thankYouUrl())
                  .end();
            } else {
              fail(ctx, true, form, FormRefusal.unavailable());
            }
          });
        })
        .onFailure(t -> fail(ctx, html, form, t));
  }

  private void withForm(RoutingContext ctx, boolean html, Consumer<WebForm> then) {
    String key = ctx.pathParam("formKey");
    if (key == null || !KEY.matcher(key).matches()) {
      fail(ctx, html, null, ProblemException.notFound("form"));
      return;
    }
    service.byKey(key).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, html, null, ar.cause());
      } else if (ar.result().isEmpty()) {
        fail(ctx, html, null, ProblemException.notFound("form"));
      } else {
        then.accept(ar.result().get());
      }
    });
  }

  /** Sets CORS headers when the request's origin is one the form allows; answers whether it did. */
  private static boolean cors(RoutingContext ctx, WebForm form) {
    ctx.response().putHeader("Vary", "Origin");
    String origin = ctx.request().getHeader("Origin");
    String canonical = origin == null ? null : FormRules.origin(origin);
    if (canonical == null || !form.definition().allowedOrigins().contains(canonical)) {
      return false;
    }
    ctx.response().putHeader("Access-Control-Allow-Origin", origin);
    return true;
  }

  private static boolean isHtmlPost(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    return type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  /** The direct peer: forwarded headers are not trusted (as for the login throttle). */
  private static String address(RoutingContext ctx) {
    SocketAddress peer = ctx.request().remoteAddress();
    return peer == null || peer.host() == null ? "unknown" : peer.host();
  }

  private static void fail(RoutingContext ctx, boolean html, WebForm form, Throwable failure) {
    if (ctx.response().ended()) {
      return;
    }
    String locale = form == null ? "en" : form.definition().locale();
    if (failure instanceof FormRefusal refusal) {
      if (html) {
        page(ctx, locale, refusal);
      } else {
        ctx.fail(problem(locale, refusal));
      }
      return;
    }
    boolean storeDown = failure instanceof MongoException
        || failure instanceof ProblemException p && p.code() == ErrorCode.UNAVAILABLE;
    if (!html) {
      ctx.fail(failure);
      return;
    }
    if (storeDown) {
      LOG.warn("web form submission not stored: the store failed [error={}]", failure.toString());
      page(ctx, locale, FormRefusal.unavailable());
    } else if (failure instanceof ProblemException p && p.code().status() < 500) {
      List<FormPages.Line> lines = p.errors().isEmpty()
          ? List.of(new FormPages.Line(null, p.getMessage()))
          : p.errors().stream()
              .map(e -> new FormPages.Line(e.field(), e.message()))
              .toList();
      ctx.response()
          .setStatusCode(p.code().status())
          .putHeader("Content-Type", HTML)
          .end(FormPages.page(
              locale, FormMessages.text(locale, FormMessages.Key.TITLE_ERRORS), lines));
    } else {
      ctx.fail(failure);
    }
  }

  private static void page(RoutingContext ctx, String locale, FormRefusal refusal) {
    boolean later = refusal.retryAfterSeconds() > 0;
    List<FormPages.Line> lines = refusal.reason() != null
        ? List.of(new FormPages.Line(null, FormMessages.text(locale, refusal.reason())))
        : refusal.problems().stream()
            .map(p -> new FormPages.Line(
                p.label() == null ? null : p.label(), FormMessages.text(locale, p.reason())))
            .toList();
    if (later) {
      ctx.response().putHeader("Retry-After", String.valueOf(refusal.retryAfterSeconds()));
    }
    ctx.response()
        .setStatusCode(refusal.code().status())
        .putHeader("Content-Type", HTML)
        .end(FormPages.page(
            locale,
            FormMessages.text(
                locale, later ? FormMessages.Key.TITLE_UNAVAILABLE : FormMessages.Key.TITLE_ERRORS),
            lines));
  }

  private static ProblemException problem(String locale, FormRefusal refusal) {
    List<FieldError> errors = refusal.problems().stream()
        .map(p -> new FieldError(
            "/" + p.field(),
            p.reason().name().toLowerCase(Locale.ROOT),
            FormMessages.text(locale, p.reason())))
        .toList();
    String detail = refusal.reason() != null
        ? FormMessages.text(locale, refusal.reason())
        : String.join(
            " ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
    Map<String, String> headers = refusal.retryAfterSeconds() > 0
        ? Map.of("Retry-After", String.valueOf(refusal.retryAfterSeconds()))
        : Map.of();
    return new ProblemException(refusal.code(), detail, errors, headers);
  }
}
