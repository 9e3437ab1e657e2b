package com.fieldlead.capture.forms;

import com.fieldlead.auth.Principal;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin side of web-to-lead forms: define, read, replace and delete, within the caller's tenant. */
final class FormService {

  private static final Logger LOG = LoggerFactory.getLogger(FormService.class);
  static final int MAX_FORMS = 500;

  private final FormRepository forms;
  private final LeadModule leads;
  private final Clock clock;

  FormService(FormRepository forms, LeadModule leads, Clock clock) {
    this.forms = forms;
    this.leads = leads;
    this.clock = clock;
  }

  /** A new form with a fresh public key. */
  Future<WebForm> create(Principal p, FormInput input) {
    return checked(p, input).compose(def -> {
      Instant now = clock.instant();
      WebForm form = new WebForm(
          UUID.randomUUID().toString(),
          p.tenantId(),
          FormTokens.newKey(),
          1,
          def,
          p.userId(),
          now,
          now,
          null);
      return forms.insert(form).map(v -> {
        LOG.info("web form created [form={}, tenant={}]", form.id(), p.tenantId());
        return form;
      });
    });
  }

  Future<WebForm> get(Principal p, String id) {
    return forms
        .find(p.tenantId(), id)
        .map(found -> found.orElseThrow(() -> ProblemException.notFound("form " + id)));
  }

  Future<List<WebForm>> list(Principal p) {
    return forms.list(p.tenantId(), MAX_FORMS);
  }

  /**
   * Replaces the definition (the key, creator and counters stay); {@code ifMatch} null replaces whatever version is
   * stored. A captcha given without its secret keeps the stored secret.
   */
  Future<WebForm> replace(Principal p, String id, Long ifMatch, FormInput input) {
    return get(p, id).compose(current -> {
      if (ifMatch != null && ifMatch != current.version()) {
        return Future.failedFuture(new ProblemException(
            ErrorCode.PRECONDITION_FAILED,
            "form " + id + " is at version " + current.version() + ", not " + ifMatch));
      }
      FormInput withSecret = keepSecret(input, current.definition());
      return checked(p, withSecret).compose(def -> {
        WebForm next = new WebForm(
            current.id(),
            current.tenantId(),
            current.key(),
            current.version() + 1,
            def,
            current.createdBy(),
            current.createdAt(),
            clock.instant(),
            current.stats());
        return forms.replace(next, current.version()).map(done -> {
          if (!done) {
            throw new ProblemException(
                ErrorCode.PRECONDITION_FAILED, "form " + id + " changed meanwhile; read it again");
          }
          return next;
        });
      });
    });
  }

  /** The form's latest submission receipts (the consent evidence), newest first. */
  Future<List<SubmissionReceipt>> receipts(Principal p, String id, int limit) {
    return get(p, id).compose(form -> forms.receipts(p.tenantId(), form.id(), limit));
  }

  Future<Void> delete(Principal p, String id) {
    return forms.delete(p.tenantId(), id).map(done -> {
      if (!done) {
        throw ProblemException.notFound("form " + id);
      }
      return null;
    });
  }

  private static FormInput keepSecret(FormInput input, FormInput stored) {
    FormInput.Captcha c = input.captcha();
    if (c == null || c.secret() != null || stored.captcha() == null) {
      return input;
    }
    FormInput.Captcha kept =
        new FormInput.Captcha(c.provider(), c.verifyUrl(), stored.captcha().secret(), c.siteKey());
    return new FormInput(
        input.name(),
        input.locale(),
        input.fields(),
        input.consent(),
        input.attribution(),
        input.allowedOrigins(),
        input.thankYouUrl(),
        input.minFillSeconds(),
        input.limits(),
        kept);
  }

  /** The rules, the tenant's language as default, and the attribution's event must be one of the tenant's. */
  private Future<FormInput> checked(Principal p, FormInput input) {
    if (input.captcha() != null && input.captcha().secret() == null) {
      return Future.failedFuture(ProblemException.invalidField(
          "/captcha/secret", "required", "a captcha hook needs the provider's secret"));
    }
    return leads
        .tenantLocale(p.tenantId())
        .map(locale -> FormRules.normalise(input, locale))
        .compose(def -> {
          String eventId = def.attribution().eventId();
          if (eventId == null) {
            return Future.succeededFuture(def);
          }
          return leads.catalogRepository().event(p.tenantId(), eventId).map(event -> {
            if (event.isEmpty()) {
              throw ProblemException.invalidField(
                  "/attribution/eventId", "reference", "no event " + eventId + " in your tenant");
            }
            return def;
          });
        });
  }
}
