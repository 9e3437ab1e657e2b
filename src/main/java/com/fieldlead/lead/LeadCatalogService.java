package com.fieldlead.lead;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.lead.model.LeadQuery;
import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.lead.model.QualifierCheck;
import com.fieldlead.lead.model.QualifierQuestion;
import com.fieldlead.lead.model.Segment;
import com.fieldlead.lead.model.TradeShowEvent;
import com.fieldlead.lead.store.LeadCatalogRepository;
import com.fieldlead.lead.store.LeadRepository;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Events, saved segments, qualifier questions and the tenant's lead settings. */
public final class LeadCatalogService {

  public record EventInput(
      String id,
      String name,
      String venue,
      String city,
      String country,
      LocalDate startsOn,
      LocalDate endsOn,
      String timeZone,
      String ownerId,
      Boolean shareCaptures) {}

  public record SegmentInput(String name, Boolean shared, LeadQuery filter, String sort) {}

  public record QuestionInput(
      String id,
      String eventId,
      String campaign,
      String text,
      String type,
      List<String> options,
      Boolean required) {}

  /** A segment with its current count for the caller. */
  public record SegmentCount(String id, long count) {}

  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  private final LeadCatalogRepository catalog;
  private final LeadRepository leads;
  private final LeadService service;
  private final Clock clock;

  private final UserDirectory directory;

  LeadCatalogService(
      LeadCatalogRepository catalog,
      LeadRepository leads,
      LeadService service,
      Clock clock,
      UserDirectory directory) {
    this.directory = directory;
    this.catalog = catalog;
    this.leads = leads;
    this.service = service;
    this.clock = clock;
  }

  public Future<TradeShowEvent> createEvent(Principal p, EventInput in) {
    List<FieldError> errors = new ArrayList<>();
    if (in.endsOn() != null && in.startsOn() != null && in.endsOn().isBefore(in.startsOn())) {
      errors.add(new FieldError("/endsOn", "range", "endsOn is before startsOn"));
    }
    if (in.country() != null && !COUNTRIES.contains(in.country())) {
      errors.add(new FieldError("/country", "format", "country must be an ISO 3166 alpha-2 code"));
    }
    try {
      if (in.timeZone() != null) {
        ZoneId.of(in.timeZone());
      }
    } catch (DateTimeException e) {
      errors.add(new FieldError(
          "/timeZone", "format", "'" + in.timeZone() + "' is not an IANA time zone"));
    }
    fail(errors);
    Future<Boolean> owner = in.ownerId() == null
        ? Future.succeededFuture(true)
        : new LeadReferences(directory).activeUser(p.tenantId(), in.ownerId());
    return owner.compose(known -> {
      if (!known) {
        throw ProblemException.invalidField(
            "/ownerId", "unknown", "no active user " + in.ownerId() + " in your tenant");
      }
      return insertEvent(p, in);
    });
  }

  private Future<TradeShowEvent> insertEvent(Principal p, EventInput in) {
    String id = in.id() != null ? in.id() : UUID.randomUUID().toString();
    TradeShowEvent e = new TradeShowEvent(
        id,
        in.name().strip(),
        in.venue(),
        in.city(),
        in.country(),
        in.startsOn(),
        in.endsOn(),
        in.timeZone(),
        in.ownerId() != null ? in.ownerId() : p.userId(),
        Boolean.TRUE.equals(in.shareCaptures()),
        1,
        clock.instant(),
        p.userId(),
        clock.instant());
    return catalog.insertEvent(p.tenantId(), e).map(ok -> {
      if (!ok) {
        throw new ProblemException(ErrorCode.ALREADY_EXISTS, "an event with id " + id + " exists");
      }
      return e;
    });
  }

  public Future<List<TradeShowEvent>> events(Principal p, int limit) {
    return catalog.events(p.tenantId(), limit);
  }

  public Future<TradeShowEvent> event(Principal p, String id) {
    return catalog
        .event(p.tenantId(), id)
        .map(e -> e.orElseThrow(() -> ProblemException.notFound("event " + id)));
  }

  public Future<Segment> createSegment(Principal p, SegmentInput in) {
    LeadQuery filter = in.filter() == null ? LeadQuery.ALL : in.filter();
    List<FieldError> errors = new ArrayList<>(filter.check());
    errors.replaceAll(
        e -> new FieldError(e.field().replace("query.", "/filter/"), e.code(), e.message()));
    String sort = in.sort() == null ? "-createdAt" : in.sort();
    try {
      LeadQuery.Order.parse(sort);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("/sort", "enum", "unknown sort '" + sort + "'"));
    }
    if (Boolean.TRUE.equals(in.shared()) && p.is(Role.REP)
        || Boolean.TRUE.equals(in.shared()) && p.is(Role.BOOTH)) {
      throw ProblemException.forbidden("only managers and admins share segments with the tenant");
    }
    fail(errors);
    return references(p, filter).compose(refErrors -> {
      fail(refErrors);
      Segment s = new Segment(
          UUID.randomUUID().toString(),
          in.name().strip(),
          p.userId(),
          Boolean.TRUE.equals(in.shared()),
          filter,
          sort,
          clock.instant(),
          clock.instant());
      return catalog.insertSegment(p.tenantId(), s).map(s);
    });
  }

  /** A segment's filter names a user, team and event of the caller's tenant, or none. */
  private Future<List<FieldError>> references(Principal p, LeadQuery filter) {
    LeadReferences refs = new LeadReferences(directory);
    Future<Boolean> owner = filter.ownerId() == null
        ? Future.succeededFuture(true)
        : refs.user(p.tenantId(), filter.ownerId()).map(u -> u.isPresent() || directory == null);
    Future<Boolean> team = filter.teamId() == null
        ? Future.succeededFuture(true)
        : refs.teamExists(p.tenantId(), filter.teamId());
    Future<Boolean> event = filter.eventId() == null
        ? Future.succeededFuture(true)
        : catalog.event(p.tenantId(), filter.eventId()).map(Optional::isPresent);
    return Future.all(owner, team, event).map(x -> {
      List<FieldError> errors = new ArrayList<>();
      if (!owner.result()) {
        errors.add(new FieldError(
            "/filter/ownerId", "unknown", "no user " + filter.ownerId() + " in your tenant"));
      }
      if (!team.result()) {
        errors.add(new FieldError(
            "/filter/teamId", "unknown", "no team " + filter.teamId() + " in your tenant"));
      }
      if (!event.result()) {
        errors.add(new FieldError(
            "/filter/eventId", "unknown", "no event " + filter.eventId() + " in your tenant"));
      }
      return errors;
    });
  }

  public Future<List<Segment>> segments(Principal p) {
    return catalog.segments(p.tenantId(), p.userId());
  }

  /** A segment the caller owns or that is shared; others are 404. */
  public Future<Segment> segment(Principal p, String id) {
    return catalog
        .segment(p.tenantId(), id)
        .map(s -> s.filter(x -> x.shared() || x.ownerId().equals(p.userId()))
            .orElseThrow(() -> ProblemException.notFound("segment " + id)));
  }

  public Future<Void> deleteSegment(Principal p, String id) {
    return segment(p, id).compose(s -> {
      if (!s.ownerId().equals(p.userId()) && !p.is(Role.ADMIN)) {
        throw ProblemException.forbidden("only the owner or an admin deletes a segment");
      }
      return catalog.deleteSegment(p.tenantId(), id).mapEmpty();
    });
  }

  /** How many leads the caller sees in the segment. */
  public Future<SegmentCount> count(Principal p, String id) {
    return segment(p, id)
        .compose(s -> service.count(p, s.filter()))
        .map(n -> new SegmentCount(id, n));
  }

  public Future<QualifierQuestion> createQuestion(Principal p, QuestionInput in) {
    QualifierQuestion q = new QualifierQuestion(
        in.id() != null ? in.id() : UUID.randomUUID().toString(),
        in.eventId(),
        in.campaign(),
        in.text().strip(),
        in.type(),
        in.options(),
        Boolean.TRUE.equals(in.required()),
        clock.instant(),
        p.userId());
    fail(QualifierCheck.checkQuestion(q));
    Future<Boolean> eventOk = q.eventId() == null
        ? Future.succeededFuture(true)
        : catalog.event(p.tenantId(), q.eventId()).map(e -> e.isPresent());
    return eventOk
        .compose(ok -> {
          if (!ok) {
            throw ProblemException.invalidField(
                "/eventId", "unknown", "no event " + q.eventId() + " in your tenant");
          }
          return catalog.insertQuestion(p.tenantId(), q);
        })
        .map(ok -> {
          if (!ok) {
            throw new ProblemException(
                ErrorCode.ALREADY_EXISTS, "a question with id " + q.id() + " exists");
          }
          return q;
        });
  }

  public Future<List<QualifierQuestion>> questions(Principal p, String eventId, String campaign) {
    return catalog.questions(p.tenantId(), eventId, campaign);
  }

  public Future<Void> deleteQuestion(Principal p, String id) {
    return catalog.deleteQuestion(p.tenantId(), id).map(ok -> {
      if (!ok) {
        throw ProblemException.notFound("question " + id);
      }
      return null;
    });
  }

  public Future<LeadSettings> settings(Principal p) {
    return catalog.settings(p.tenantId());
  }

  /** Replaces the tenant's settings; a status still used by a lead cannot be removed (409). */
  public Future<LeadSettings> saveSettings(Principal p, LeadSettings next) {
    fail(next.check());
    return catalog.settings(p.tenantId()).compose(current -> {
      Set<String> removed = new HashSet<>();
      current.statuses().forEach(s -> removed.add(s.key()));
      next.statuses().forEach(s -> removed.remove(s.key()));
      Future<Void> chain = Future.succeededFuture();
      for (String key : removed) {
        chain = chain.compose(v -> leads.statusInUse(p.tenantId(), key).map(used -> {
          if (used) {
            throw new ProblemException(
                ErrorCode.CONFLICT, "status '" + key + "' is still used by leads");
          }
          return null;
        }));
      }
      return chain.compose(v -> catalog.saveSettings(p.tenantId(), next)).map(next);
    });
  }

  private static void fail(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.VALIDATION_FAILED,
          errors.get(0).field() + ": " + errors.get(0).message(),
          errors,
          Map.of());
    }
  }
}
