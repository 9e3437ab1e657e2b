package com.fieldlead.lead;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import com.fieldlead.lead.model.LeadSettings;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Routes of events, segments, qualifier questions and lead settings. */
final class LeadCatalogEndpoint implements Endpoint {

  private final LeadCatalogService service;

  LeadCatalogEndpoint(LeadCatalogService service) {
    this.service = service;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "listEvents",
            Role.ANY,
            ctx -> Responses.reply(
                ctx,
                200,
                service.events(Principal.of(ctx), 500).map(items -> Map.of("items", items))))
        .secured(
            "createEvent",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx,
                201,
                service.createEvent(
                    Principal.of(ctx), Validation.body(ctx, LeadCatalogService.EventInput.class))))
        .secured(
            "getEvent",
            Role.ANY,
            ctx -> Responses.reply(
                ctx, 200, service.event(Principal.of(ctx), ctx.pathParam("eventId"))))
        .secured(
            "listSegments",
            Role.ANY,
            ctx -> Responses.reply(
                ctx, 200, service.segments(Principal.of(ctx)).map(items -> Map.of("items", items))))
        .secured(
            "createSegment",
            Role.ANY,
            ctx -> Responses.reply(
                ctx,
                201,
                service.createSegment(
                    Principal.of(ctx),
                    Validation.body(ctx, LeadCatalogService.SegmentInput.class))))
        .secured(
            "getSegment",
            Role.ANY,
            ctx -> Responses.reply(
                ctx, 200, service.segment(Principal.of(ctx), ctx.pathParam("segmentId"))))
        .secured(
            "deleteSegment",
            Role.ANY,
            ctx -> Responses.reply(
                ctx, 204, service.deleteSegment(Principal.of(ctx), ctx.pathParam("segmentId"))))
        .secured(
            "countSegment",
            Role.ANY,
            ctx -> Responses.reply(
                ctx, 200, service.count(Principal.of(ctx), ctx.pathParam("segmentId"))))
        .secured("listQualifierQuestions", Role.ANY, this::questions)
        .secured(
            "createQualifierQuestion",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                201,
                service.createQuestion(
                    Principal.of(ctx),
                    Validation.body(ctx, LeadCatalogService.QuestionInput.class))))
        .secured(
            "deleteQualifierQuestion",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx, 204, service.deleteQuestion(Principal.of(ctx), ctx.pathParam("questionId"))))
        .secured(
            "getLeadSettings",
            Role.ANY,
            ctx -> Responses.reply(ctx, 200, service.settings(Principal.of(ctx))))
        .secured(
            "putLeadSettings",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                service.saveSettings(Principal.of(ctx), Validation.body(ctx, LeadSettings.class))));
  }

  private void questions(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        service
            .questions(
                Principal.of(ctx),
                QueryParams.string(ctx, "eventId"),
                QueryParams.string(ctx, "campaign"))
            .map(items -> Map.of("items", items)));
  }
}
