package com.fieldlead.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /v1/privacy/exports}, {@code POST /v1/privacy/erasures} (answered when done, or as a job),
 * {@code GET /v1/privacy/jobs/{id}}, {@code POST /v1/privacy/suppressions/lift} and {@code GET /v1/privacy/consents}:
 * admins (or a key with privacy:manage).
 */
final class PrivacyEndpoint implements Endpoint {

  private final PrivacyService service;
  private final ConsentLog consents;
  private final PrivacyJobs jobs;

  PrivacyEndpoint(PrivacyService service, ConsentLog consents, PrivacyJobs jobs) {
    this.service = service;
    this.consents = consents;
    this.jobs = jobs;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "exportPerson",
            Role.ADMINS,
            ctx -> maybeJob(ctx, "export", () -> service.export(Principal.of(ctx), request(ctx))))
        .secured(
            "erasePerson",
            Role.ADMINS,
            ctx -> maybeJob(ctx, "erasure", () -> service.erase(Principal.of(ctx), request(ctx))))
        .secured(
            "getPrivacyJob",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                jobs.get(Principal.of(ctx).tenantId(), ctx.pathParam("jobId"))
                    .map(found -> found.orElseThrow(
                        () -> ProblemException.notFound("privacy job " + ctx.pathParam("jobId"))))))
        .secured("liftSuppression", Role.ADMINS, ctx -> {
          JsonNode body = ctx.get(Validation.BODY_KEY);
          Responses.reply(
              ctx, 200, service.lift(Principal.of(ctx), text(body, "email"), text(body, "reason")));
        })
        .secured(
            "listConsents",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                consents
                    .query(
                        Principal.of(ctx).tenantId(),
                        new ConsentLog.Query(
                            QueryParams.string(ctx, "leadId"),
                            QueryParams.string(ctx, "email"),
                            QueryParams.string(ctx, "purpose"),
                            QueryParams.bool(ctx, "granted"),
                            QueryParams.dateTime(ctx, "since"),
                            QueryParams.dateTime(ctx, "until"),
                            QueryParams.limit(ctx, 100)))
                    .map(items -> Map.of("items", items))));
  }

  /**
   * Answers when done (200), or, when the client sends {@code Prefer: respond-async} or the tenant is large, starts a
   * job and answers 202 with its {@code Location}; an unknown person is a 404 either way, and starts nothing.
   */
  private void maybeJob(RoutingContext ctx, String kind, Supplier<Future<?>> work) {
    Principal p = Principal.of(ctx);
    String prefer = ctx.request().getHeader("Prefer");
    Future<Boolean> asJob = jobs.tenantLeads(p.tenantId())
        .map(n -> PrivacyJobs.runAsJob(prefer, n))
        .compose(
            job -> job ? service.check(p, request(ctx)).map(true) : Future.succeededFuture(false));
    asJob
        .<Object>compose(job ->
            job ? jobs.start(p, kind, work).map(v -> (Object) v) : work.get().map(v -> (Object) v))
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
          } else if (ar.result() instanceof PrivacyJobs.View job) {
            ctx.response()
                .putHeader("Location", "/v1/privacy/jobs/" + job.id())
                .putHeader("Preference-Applied", "respond-async");
            Responses.json(ctx, 202, job);
          } else {
            Responses.json(ctx, 200, ar.result());
          }
        });
  }

  private static Subjects.Request request(RoutingContext ctx) {
    JsonNode body = ctx.get(Validation.BODY_KEY);
    return new Subjects.Request(text(body, "leadId"), text(body, "email"));
  }

  private static String text(JsonNode body, String name) {
    JsonNode v = body == null ? null : body.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }
}
