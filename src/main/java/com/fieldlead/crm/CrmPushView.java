package com.fieldlead.crm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.outbox.Outbox;
import java.time.Instant;
import org.bson.Document;

/**
 * One push of a lead through a connection, as admins see it: {@code pending} (due at {@code nextAttemptAt}),
 * {@code delivered} or {@code failed}, with the last error and the CRM field it names ({@code errorField}, e.g.
 * {@code Lead.Company}) when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CrmPushView(
    String id,
    String connectionId,
    String leadId,
    String eventType,
    String status,
    int attempts,
    Instant createdAt,
    Instant nextAttemptAt,
    Instant lastAttemptAt,
    Integer responseStatus,
    String error,
    String errorField,
    String crmId,
    String responseBody) {

  static CrmPushView of(Document d) {
    return new CrmPushView(
        d.getString("_id"),
        d.getString(CrmModule.CONNECTION_ID),
        d.getString(Outbox.LEAD_ID),
        d.getString(Outbox.EVENT_TYPE),
        d.getString(Outbox.STATUS),
        d.getInteger(Outbox.ATTEMPTS, 0),
        Outbox.instant(d, Outbox.CREATED_AT),
        Outbox.PENDING.equals(d.getString(Outbox.STATUS))
            ? Outbox.instant(d, Outbox.NEXT_ATTEMPT_AT)
            : null,
        Outbox.instant(d, Outbox.LAST_ATTEMPT_AT),
        d.getInteger(Outbox.RESPONSE_STATUS),
        d.getString(Outbox.ERROR),
        d.getString(CrmWorker.ERROR_FIELD),
        d.getString(CrmWorker.CRM_ID),
        d.getString(Outbox.RESPONSE_BODY));
  }
}
