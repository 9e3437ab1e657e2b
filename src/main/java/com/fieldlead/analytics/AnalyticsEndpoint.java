package com.fieldlead.analytics;

import com.fieldlead.analytics.AnalyticsReports.EventCostInput;
import com.fieldlead.analytics.AnalyticsReports.SettingsInput;
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
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The analytics operations. Each report answers JSON, or CSV with {@code format=csv} or {@code Accept: text/csv};
 * managers and admins only (the gate answers 403 to reps and booth staff).
 */
final class AnalyticsEndpoint implements Endpoint {

  private static final Map<String, String> FILTER_PARAMS = Map.of(
      "team", "team",
      "owner", "owner",
      "source", "source",
      "campaign", "campaign",
      "event", "event",
      "captureMethod", "captureMethod");

  private final AnalyticsService service;
  private final HotLeads hot;

  AnalyticsEndpoint(AnalyticsService service, HotLeads hot) {
    this.service = service;
    this.hot = hot;
  }

  @Override
  public void register(Routes routes) {
    report(routes, "getAnalyticsFunnel", "funnel", ctx -> {
      String groupBy = param(ctx, "groupBy", "none");
      return service
          .input(Principal.of(ctx), query(ctx), false, Reports.dimension(groupBy))
          .map(in -> Reports.funnel(in.frame(), groupBy, in.cells(), in.statuses()));
    });
    report(routes, "getAnalyticsConversion", "conversion", ctx -> {
      String by = param(ctx, "by", "source");
      return service
          .input(Principal.of(ctx), query(ctx), false, Reports.dimension(by))
          .map(in -> Reports.conversion(in.frame(), by, in.cells()));
    });
    report(routes, "getAnalyticsSpeedToLead", "speed-to-lead", ctx -> {
      String by = param(ctx, "by", "rep");
      return service
          .input(Principal.of(ctx), query(ctx), false, Reports.dimension(by))
          .map(in -> Reports.speed(in.frame(), by, in.cells()));
    });
    report(routes, "getAnalyticsTrend", "trend", ctx -> {
      String interval = param(ctx, "interval", "day");
      return service
          .input(Principal.of(ctx), query(ctx), false, null)
          .map(in -> Reports.trend(in.frame(), interval, in.cells()));
    });
    report(routes, "getAnalyticsEventRoi", "events", ctx -> {
      Principal p = Principal.of(ctx);
      return service
          .input(p, query(ctx), false, null)
          .compose(in -> Future.all(service.events(p.tenantId()), service.costs(p.tenantId()))
              .map(x -> EventRoiReport.of(in.frame(), in.cells(), x.resultAt(0), x.resultAt(1))));
    });
    report(
        routes,
        "getAnalyticsLeaderboard",
        "leaderboard",
        ctx -> service
            .input(Principal.of(ctx), query(ctx), false, "owner")
            .map(in -> Reports.leaderboard(in.frame(), in.cells())));
    report(routes, "getAnalyticsAgeing", "ageing", ctx -> {
      String groupBy = param(ctx, "groupBy", "none");
      return service
          .input(Principal.of(ctx), query(ctx), true, Reports.dimension(groupBy))
          .map(in -> Reports.ageing(in.frame(), groupBy, in.cells()));
    });
    report(routes, "getAnalyticsHotUntouched", "hot-untouched", ctx -> {
      Principal p = Principal.of(ctx);
      if (!p.is(Role.ADMIN) && !p.is(Role.MANAGER)) {
        throw ProblemException.forbidden("analytics are for managers and admins");
      }
      return hot.untouched(p, filters(ctx), QueryParams.limit(ctx, 50));
    });
    routes
        .secured(
            "putAnalyticsEventCost",
            Role.ADMINS,
            ctx -> reply(
                ctx,
                () -> service.saveCost(
                    Principal.of(ctx),
                    ctx.pathParam("eventId"),
                    Validation.body(ctx, EventCostInput.class))))
        .secured(
            "deleteAnalyticsEventCost",
            Role.ADMINS,
            ctx ->
                reply(ctx, () -> service.deleteCost(Principal.of(ctx), ctx.pathParam("eventId"))))
        .secured(
            "getAnalyticsSettings",
            Role.MANAGERS_AND_ADMINS,
            ctx -> reply(ctx, () -> service.settings(Principal.of(ctx))))
        .secured(
            "putAnalyticsSettings",
            Role.ADMINS,
            ctx -> reply(
                ctx,
                () -> service.saveSettings(
                    Principal.of(ctx), Validation.body(ctx, SettingsInput.class))))
        .secured(
            "rebuildAnalytics",
            Role.ADMINS,
            ctx -> reply(ctx, () -> service.rebuild(Principal.of(ctx))));
  }

  /** A report's route: JSON, or CSV when asked. */
  private static void report(
      Routes routes, String operationId, String name, Function<RoutingContext, Future<?>> build) {
    routes.secured(operationId, Role.MANAGERS_AND_ADMINS, ctx -> {
      Future<?> result = Responses.attempt(() -> build.apply(ctx));
      if (!wantsCsv(ctx)) {
        Responses.reply(ctx, 200, result);
        return;
      }
      result
          .map(AnalyticsCsv::of)
          .onSuccess(csv -> ctx.response()
              .putHeader("Content-Type", "text/csv; charset=utf-8")
              .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
              .end(csv))
          .onFailure(ctx::fail);
    });
  }

  static boolean wantsCsv(RoutingContext ctx) {
    String format = QueryParams.string(ctx, "format");
    if (format != null) {
      return "csv".equals(format);
    }
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("text/csv") && !accept.contains("application/json");
  }

  private static <T> void reply(RoutingContext ctx, Supplier<Future<T>> action) {
    Responses.reply(ctx, 200, Responses.attempt(action::get));
  }

  private static String param(RoutingContext ctx, String name, String fallback) {
    String v = QueryParams.string(ctx, name);
    return v == null ? fallback : v;
  }

  private static Map<String, String> filters(RoutingContext ctx) {
    Map<String, String> out = new HashMap<>();
    FILTER_PARAMS.forEach((param, dim) -> {
      String v = QueryParams.string(ctx, param);
      if (v != null) {
        out.put(dim, v);
      }
    });
    return out;
  }

  private static AnalyticsService.Query query(RoutingContext ctx) {
    return new AnalyticsService.Query(
        QueryParams.string(ctx, "from"), QueryParams.string(ctx, "to"), filters(ctx));
  }
}
