package com.fieldlead.audit;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import java.util.Map;

/** {@code GET /v1/audit}: the tenant's admin actions, newest first (admins). */
public final class AuditEndpoint implements Endpoint {

  private final AuditLog log;

  public AuditEndpoint(AuditLog log) {
    this.log = log;
  }

  @Override
  public void register(Routes routes) {
    routes.secured(
        "listAudit",
        Role.ADMINS,
        ctx -> Responses.reply(
            ctx,
            200,
            log.query(
                    Principal.of(ctx).tenantId(),
                    new AuditLog.Query(
                        QueryParams.string(ctx, "action"),
                        QueryParams.string(ctx, "targetType"),
                        QueryParams.string(ctx, "targetId"),
                        QueryParams.dateTime(ctx, "since"),
                        QueryParams.dateTime(ctx, "until"),
                        QueryParams.limit(ctx, 50)))
                .map(items -> Map.of("items", items))));
  }
}
