package com.fieldlead.capture.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.SearchKeys;
import com.fieldlead.store.RateWindows;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public side of a form: a submission passes the spam defences (rate limits, honeypot, fill-time token, captcha),
 * the form's field rules, and then becomes a lead through the lead service's create path, or, when the tenant has a
 * lead with that email, a note and a consent on that lead. A failure of the store fails the submission (the caller
 * answers 503): nothing is acknowledged that was not stored.
 */
final class SubmissionService {

  private static final Logger LOG = LoggerFactory.getLogger(SubmissionService.class);

  /** What became of an accepted submission; the public answer is the same for all three. */
  enum Outcome {
    CREATED,
    UPDATED,
    DROPPED
  }

  private record Done(Outcome outcome, String leadId) {}

  private final FormRepository forms;
  private final LeadModule leads;
  private final LeadNotes notes;
  private final Supplier<FormTokens> tokens;
  private final RateWindows rates;
  private final CaptchaVerifier captcha;
  private final Clock clock;

  SubmissionService(
      FormRepository forms,
      LeadModule leads,
      LeadNotes notes,
      Supplier<FormTokens> tokens,
      RateWindows rates,
      CaptchaVerifier captcha,
      Clock clock) {
    this.forms = forms;
    this.leads = leads;
    this.notes = notes;
    this.tokens = tokens;
    this.rates = rates;
    this.captcha = captcha;
    this.clock = clock;
  }

  Future<Optional<WebForm>> byKey(String key) {
    return forms.byKey(key);
  }

  String token(WebForm form) {
    return tokens.get().issue(form.id(), clock.instant());
  }

  /** Takes one submission of {@code form} from {@code address}; fails with a {@link FormRefusal} when turned away. */
  Future<Outcome> submit(WebForm form, JsonNode body, String address) {
    FormInput def = form.definition();
    String addressKey = form.id() + "|" + address;
    return rates
        .tryAcquire(addressKey, def.limits().perAddressPerMinute())
        .compose(wait -> wait != 0
            ? Future.succeededFuture(wait)
            : rates
                .tryAcquire(form.id(), def.limits().perFormPerMinute())
                .compose(formWait -> formWait == 0
                    ? Future.succeededFuture(0L)
                    : rates.release(addressKey).map(formWait)))
        .compose(wait ->
            wait != 0 ? refused(form, FormRefusal.tooMany(wait)) : admitted(form, body, address));
  }

  /** The rest of {@link #submit} once the rate limits let the submission in. */
  private Future<Outcome> admitted(WebForm form, JsonNode body, String address) {
    FormInput def = form.definition();
    if (Submission.honeypotFilled(body)) {
      LOG.info("web form honeypot filled; dropped [form={}, address={}]", form.id(), address);
      return forms
          .count(form.tenantId(), form.id(), FormRepository.Counter.HONEYPOT)
          .map(Outcome.DROPPED);
    }
    Instant now = clock.instant();
    FormTokens.Verdict verdict = tokens
        .get()
        .check(
            Submission.text(body, Submission.TOKEN),
            form.id(),
            now,
            Duration.ofSeconds(def.minFillSeconds()));
    if (verdict != FormTokens.Verdict.OK) {
      return refused(
          form,
          FormRefusal.field(
              Submission.TOKEN,
              verdict == FormTokens.Verdict.TOO_FAST
                  ? FormMessages.Key.TOO_FAST
                  : FormMessages.Key.TOKEN_MISSING));
    }
    List<Submission.FieldProblem> problems = Submission.problems(def, body);
    if (!problems.isEmpty()) {
      return Future.failedFuture(FormRefusal.fields(problems));
    }
    Future<CaptchaVerifier.Outcome> checked = def.captcha() == null
        ? Future.succeededFuture(CaptchaVerifier.Outcome.PASSED)
        : captcha.verify(def.captcha(), Submission.captchaResponse(body), address);
    return checked.compose(outcome -> switch (outcome) {
      case PASSED -> accept(form, Submission.map(form, body, now, address), address, now);
      case FAILED -> refused(form, FormRefusal.field("captcha", FormMessages.Key.CAPTCHA));
      case UNAVAILABLE -> Future.failedFuture(FormRefusal.unavailable());
    });
  }

  private Future<Outcome> refused(WebForm form, FormRefusal refusal) {
    LOG.info("web form submission refused [form={}, reason={}]", form.id(), refusal.getMessage());
    // counting is best effort: the refusal stands whether or not the count lands
    return forms
        .count(form.tenantId(), form.id(), FormRepository.Counter.REFUSED)
        .transform(ar -> Future.failedFuture(refusal));
  }

  private Future<Outcome> accept(
      WebForm form, Submission.Mapped mapped, String address, Instant now) {
    return leads.erasedPeople().erased(form.tenantId(), null, mapped.email()).compose(erased -> {
      if (erased) {
        // the person asked to be erased: nothing of this is kept, and the visitor sees the
        // usual answer (a refusal would tell anyone who types an email that it was erased)
        LOG.info("web form submission of an erased person dropped [form={}]", form.id());
        return Future.succeededFuture(Outcome.DROPPED);
      }
      return stored(form, mapped, address, now);
    });
  }

  private Future<Outcome> stored(
      WebForm form, Submission.Mapped mapped, String address, Instant now) {
    return existing(form.tenantId(), mapped.email())
        .compose(found -> found.isPresent()
            ? update(form, found.get(), mapped, address, now)
                .map(id -> new Done(Outcome.UPDATED, id))
            : create(form, mapped).map(id -> new Done(Outcome.CREATED, id)))
        .compose(done -> forms
            .receipt(receipt(form, mapped, address, now, done))
            .compose(v -> forms.count(form.tenantId(), form.id(), FormRepository.Counter.ACCEPTED))
            .map(done.outcome()));
  }

  /** The tenant's live lead with this email (the oldest, when several), if any. */
  private Future<Optional<Lead>> existing(String tenantId, String email) {
    String wanted = SearchKeys.email(email);
    Lead probe = Lead.builder().tenantId(tenantId).email(email).build();
    return leads
        .repository()
        .likelyDuplicates(tenantId, probe, 20)
        .map(found -> found.stream()
            .filter(l ->
                !wanted.isEmpty() && wanted.equals(SearchKeys.email(l.contact().email())))
            .min((a, b) -> a.bookkeeping().createdAt().compareTo(b.bookkeeping().createdAt())));
  }

  private Future<String> create(WebForm form, Submission.Mapped mapped) {
    // a booth-like capture by the form's creator: no owner of its own, so routing assigns it
    Principal capture = new Principal(
        form.tenantId(),
        form.createdBy(),
        Role.BOOTH,
        "web-form:" + form.id(),
        null,
        List.of(),
        List.of());
    return leads.service().create(capture, mapped.lead()).map(created -> {
      LOG.info(
          "web form lead created [form={}, lead={}]", form.id(), created.lead().id());
      return created.lead().id();
    });
  }

  private Future<String> update(
      WebForm form, Lead lead, Submission.Mapped mapped, String address, Instant now) {
    StringBuilder text =
        new StringBuilder("Web form submitted: ").append(form.definition().name());
    mapped
        .attribution()
        .forEach((k, v) -> text.append("\n").append(k).append(": ").append(v));
    Future<Void> consent = mapped.consentGranted()
        ? leads
            .updateServerFields(
                form.tenantId(),
                lead.id(),
                form.createdBy(),
                "web_form",
                l -> new LeadModule.ServerChange(withConsent(l, form, address, now), List.of()))
            .mapEmpty()
        : Future.succeededFuture();
    return consent
        .compose(v -> notes.note(form.tenantId(), form.createdBy(), lead.id(), text.toString()))
        .map(v -> {
          LOG.info(
              "web form submission added to an existing lead [form={}, lead={}]",
              form.id(),
              lead.id());
          return lead.id();
        });
  }

  private static Lead withConsent(Lead l, WebForm form, String address, Instant now) {
    FormInput.Consent c = form.definition().consent();
    List<Lead.Consent> all = new ArrayList<>(
        l.qualification().consents() == null ? List.of() : l.qualification().consents());
    all.add(new Lead.Consent(
        c.purpose(), true, now, "web_form", null, c.version(), "web_form:" + form.id(), address));
    Lead.Builder b = l.toBuilder().consents(all);
    if ("marketing".equals(c.purpose())) {
      b.marketingOptOut(false); // the newest marketing statement decides, and this one grants
    }
    return b.build();
  }

  private static Document receipt(
      WebForm form, Submission.Mapped mapped, String address, Instant now, Done done) {
    FormInput.Consent c = form.definition().consent();
    Document d = new Document("id", UUID.randomUUID().toString())
        .append(MongoFormRepository.TENANT, form.tenantId())
        .append(MongoFormRepository.FORM, form.id())
        .append(MongoFormRepository.AT, Date.from(now))
        .append("leadId", done.leadId())
        .append("outcome", done.outcome().name().toLowerCase(Locale.ROOT))
        .append("address", address)
        .append("attribution", new Document(new LinkedHashMap<>(mapped.attribution())));
    if (mapped.consentGranted()) {
      d.append(
          "consent",
          new Document("purpose", c.purpose())
              .append("version", c.version())
              .append("text", c.text())
              .append("granted", true)
              .append("at", Date.from(now))
              .append("address", address));
    }
    return d;
  }
}
