package com.fieldlead.lead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadQuery;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The lead routes: create, read, change, delete, list, history, merge, convert, import. */
final class LeadEndpoint implements Endpoint {

  static final Set<String> WRITERS = Set.of("admin", "manager", "rep");

  private final LeadService service;
  private final LeadOps ops;
  private final List<LeadRendering> renderings;

  LeadEndpoint(LeadService service, LeadOps ops, List<LeadRendering> renderings) {
    this.service = service;
    this.ops = ops;
    this.renderings = renderings;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured("createLead", Role.ANY, this::create)
        .secured("listLeads", Role.ANY, this::list)
        .secured("importLeads", WRITERS, this::importLeads)
        .secured("getLead", Role.ANY, this::get)
        .secured("updateLead", Role.ANY, this::update)
        .secured(
            "deleteLead",
            WRITERS,
            ctx -> Responses.reply(
                ctx,
                204,
                service.delete(
                    Principal.of(ctx),
                    leadId(ctx),
                    LeadWriter.ifMatch(ctx.request().getHeader("If-Match"), false))))
        .secured("getLeadHistory", Role.ANY, this::history)
        .secured(
            "mergeLeads",
            WRITERS,
            ctx -> withEtag(
                ctx,
                200,
                ops.merge(
                    Principal.of(ctx),
                    leadId(ctx),
                    LeadWriter.ifMatch(ctx.request().getHeader("If-Match"), false),
                    Validation.body(ctx, LeadOps.MergeRequest.class))))
        .secured("convertLead", WRITERS, this::convert);
  }

  private static String leadId(RoutingContext ctx) {
    return ctx.pathParam("leadId");
  }

  private void create(RoutingContext ctx) {
    ObjectNode body = objectBody(ctx);
    service.create(Principal.of(ctx), body).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      LeadService.Created c = ar.result();
      ObjectNode out = Json.MAPPER.valueToTree(c.lead());
      out.set("possibleDuplicates", Json.MAPPER.valueToTree(c.possibleDuplicates()));
      ctx.response()
          .putHeader("ETag", LeadWriter.etag(c.lead()))
          .putHeader("Location", "/v1/leads/" + c.lead().id());
      Responses.json(ctx, c.created() ? 201 : 200, out);
    });
  }

  /** The lead as JSON, or in another media type the caller's Accept prefers (a vCard for the phone's contacts). */
  private void get(RoutingContext ctx) {
    Future<Lead> lead = service.get(Principal.of(ctx), leadId(ctx));
    LeadRendering rendering = preferred(ctx.request().getHeader("Accept"));
    if (!renderings.isEmpty()) {
      ctx.response().putHeader("Vary", "Accept"); // the answer depends on Accept: caches must know
    }
    if (rendering == null) {
      withEtag(ctx, 200, lead);
      return;
    }
    lead.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response()
          .setStatusCode(200)
          .putHeader("ETag", LeadWriter.etag(ar.result()))
          .putHeader("Content-Type", rendering.contentType())
          .end(rendering.render(ar.result()));
    });
  }

  /** The rendering the Accept header prefers over JSON (JSON wins ties); null for JSON. */
  private LeadRendering preferred(String accept) {
    if (accept == null || renderings.isEmpty()) {
      return null;
    }
    double json = AcceptedTypes.matching(accept, Responses.JSON);
    LeadRendering best = null;
    double bestQ = 0.0;
    for (LeadRendering r : renderings) {
      double q = AcceptedTypes.exact(accept, r.mediaType());
      if (q > 0.0 && q > json && q > bestQ) {
        best = r;
        bestQ = q;
      }
    }
    return best;
  }

  private void update(RoutingContext ctx) {
    Long ifMatch = LeadWriter.ifMatch(ctx.request().getHeader("If-Match"), true);
    withEtag(ctx, 200, service.update(Principal.of(ctx), leadId(ctx), ifMatch, objectBody(ctx)));
  }

  private void convert(RoutingContext ctx) {
    Long ifMatch = LeadWriter.ifMatch(ctx.request().getHeader("If-Match"), false);
    Future<LeadOps.Converted> done = ops.convert(
        Principal.of(ctx),
        leadId(ctx),
        ifMatch,
        Validation.body(ctx, LeadOps.ConvertRequest.class));
    done.onSuccess(c -> ctx.response().putHeader("ETag", LeadWriter.etag(c.lead())));
    Responses.reply(ctx, 200, done);
  }

  private void list(RoutingContext ctx) {
    LeadQuery query = LeadListParams.query(ctx);
    LeadQuery.Order order = LeadQuery.Order.parse(str(ctx, "sort"));
    int limit = QueryParams.limit(ctx, 50);
    Boolean total = QueryParams.bool(ctx, "total");
    Responses.reply(
        ctx,
        200,
        service.list(
            Principal.of(ctx),
            query,
            order,
            str(ctx, "cursor"),
            limit,
            Boolean.TRUE.equals(total)));
  }

  private void history(RoutingContext ctx) {
    Long before = QueryParams.longValue(ctx, "beforeVersion");
    int limit = QueryParams.limit(ctx, 100);
    Responses.reply(
        ctx,
        200,
        service
            .history(Principal.of(ctx), leadId(ctx), before, limit)
            .map(items -> Map.of("items", items)));
  }

  private void importLeads(RoutingContext ctx) {
    JsonNode rows = objectBody(ctx).get("leads");
    List<JsonNode> list = new ArrayList<>();
    if (rows != null) {
      rows.forEach(list::add);
    }
    if (list.size() > LeadOps.MAX_IMPORT) {
      throw ProblemException.invalidField(
          "/leads", "maxItems", "at most " + LeadOps.MAX_IMPORT + " leads per import");
    }
    Responses.reply(ctx, 200, ops.importLeads(Principal.of(ctx), list));
  }

  private static void withEtag(RoutingContext ctx, int status, Future<Lead> lead) {
    lead.onSuccess(l -> ctx.response().putHeader("ETag", LeadWriter.etag(l)));
    Responses.reply(ctx, status, lead);
  }

  static ObjectNode objectBody(RoutingContext ctx) {
    JsonNode node = ctx.get(Validation.BODY_KEY);
    if (!(node instanceof ObjectNode o)) {
      throw ProblemException.invalidField("/", "type", "the body must be a JSON object");
    }
    return o;
  }

  private static String str(RoutingContext ctx, String name) {
    return QueryParams.string(ctx, name);
  }
}
