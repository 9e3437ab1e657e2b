package com.fieldlead.lead;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.ConversionRecords;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadHistoryEntry;
import com.fieldlead.lead.model.LeadMerger;
import com.fieldlead.lead.model.LeadRules;
import com.fieldlead.lead.model.SearchKeys;
import com.fieldlead.lead.store.LeadCatalogRepository;
import com.fieldlead.lead.store.LeadRepository;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The lead operations beyond plain edits: merge two leads, convert a lead, import a batch. */
public final class LeadOps {

  /** Merge {@code otherId} into the lead of the path; {@code fields} picks a side per field (default survivor). */
  public record MergeRequest(String otherId, Map<String, String> fields) {}

  /** A conversion: deal value and currency, the date, and the contact / account (existing ids or new records). */
  public record ConvertRequest(
      BigDecimal value,
      String currency,
      LocalDate date,
      String contactId,
      ContactInput contact,
      String accountId,
      AccountInput account) {}

  public record ContactInput(
      String firstName, String lastName, String email, String phone, String title) {}

  public record AccountInput(String name, String website, String industry, String country) {}

  /** What a conversion answers: the converted lead and the linked records. */
  public record Converted(
      Lead lead, ConversionRecords.Contact contact, ConversionRecords.Account account) {}

  /** One row of an import: created, duplicate or invalid. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record ImportRow(
      int index,
      String outcome,
      String id,
      List<LeadService.PossibleDuplicate> duplicates,
      List<FieldError> errors) {}

  public record ImportResult(int created, int duplicates, int invalid, List<ImportRow> rows) {}

  public static final int MAX_IMPORT = 500;

  private final LeadService service;
  private final LeadRepository leads;
  private final LeadCatalogRepository catalog;
  private final LeadAccess access;
  private final LeadWriter writer;
  private final List<LeadMergeListener> mergeListeners;

  LeadOps(
      LeadService service,
      LeadRepository leads,
      LeadCatalogRepository catalog,
      LeadAccess access,
      LeadWriter writer,
      List<LeadMergeListener> mergeListeners) {
    this.service = service;
    this.leads = leads;
    this.catalog = catalog;
    this.access = access;
    this.writer = writer;
    this.mergeListeners = mergeListeners;
  }

  /**
   * Merges the other lead into the survivor: the survivor gets the chosen fields (a new version, history entry
   * "merge"), merge listeners re-point what belonged to the other, then the other becomes a tombstone with
   * {@code mergedInto} (history entry "merged_into").
   */
  public Future<Lead> merge(Principal p, String survivorId, Long ifMatch, MergeRequest req) {
    if (req.otherId() == null || req.otherId().equals(survivorId)) {
      return Future.failedFuture(
          ProblemException.invalidField("/otherId", "invalid", "otherId must name another lead"));
    }
    Future<Lead> s = access.visibleLead(p, survivorId);
    Future<Lead> o = s.compose(x -> access.visibleLead(p, req.otherId()));
    return Future.all(s, o).compose(both -> {
      Lead survivor = s.result();
      Lead other = o.result();
      LeadWriter.checkVersion(survivor, ifMatch);
      Map<String, String> choices = req.fields() == null ? Map.of() : req.fields();
      return catalog.settings(p.tenantId()).compose(settings -> {
        Lead merged = LeadRules.normalise(
            LeadMerger.merge(survivor, other, choices), settings.defaultRegion());
        LeadService.checkAssignment(
            p, survivor, merged.routing().ownerId(), merged.routing().teamId());
        return service
            .validate(p, merged, withoutConsents(survivor), settings)
            .compose(valid -> writer.write(p, survivor, valid, "merge", other.id(), settings))
            .compose(written -> notifyMerged(p.tenantId(), survivor.id(), other.id())
                .compose(v -> writer.write(
                    p,
                    other,
                    tombstone(other, writer.now(), survivor.id()),
                    "merged_into",
                    survivor.id(),
                    settings))
                .map(written));
      });
    });
  }

  private Future<Void> notifyMerged(String tenantId, String survivorId, String loserId) {
    Future<Void> chain = Future.succeededFuture();
    for (LeadMergeListener l : mergeListeners) {
      chain = chain.compose(v -> l.leadsMerged(tenantId, survivorId, loserId));
    }
    return chain;
  }

  /** Converts the lead: links or creates the contact and account, records the deal, sets the converted status. */
  public Future<Converted> convert(Principal p, String id, Long ifMatch, ConvertRequest req) {
    List<FieldError> errors = checkConversion(req);
    if (!errors.isEmpty()) {
      return Future.failedFuture(new ProblemException(
          ErrorCode.VALIDATION_FAILED, errors.get(0).message(), errors, Map.of()));
    }
    return access.visibleLead(p, id).compose(lead -> {
      LeadWriter.checkVersion(lead, ifMatch);
      if (lead.qualification().conversion() != null) {
        throw new ProblemException(ErrorCode.CONFLICT, "lead " + id + " is already converted");
      }
      return Future.all(contactFor(p, lead, req), accountFor(p, lead, req)).compose(linked -> {
        ConversionRecords.Contact contact = linked.resultAt(0);
        ConversionRecords.Account account = linked.resultAt(1);
        Instant now = writer.now();
        LocalDate date = req.date() != null ? req.date() : LocalDate.ofInstant(now, ZoneOffset.UTC);
        Lead.Conversion conversion = new Lead.Conversion(
            req.value(),
            req.currency().toUpperCase(),
            date,
            contact.id(),
            account == null ? null : account.id(),
            now,
            p.userId());
        return catalog.settings(p.tenantId()).compose(settings -> {
          ObjectNode node = Json.MAPPER.valueToTree(lead);
          node.put(LeadFields.STATUS, settings.convertedStatus());
          node.remove(LeadFields.STATUS_REASON);
          node.set(LeadFields.CONVERSION, Json.MAPPER.valueToTree(conversion));
          Lead after = Json.MAPPER.convertValue(node, Lead.class);
          return writer
              .write(p, lead, after, "convert", null, settings)
              .map(written -> new Converted(written, contact, account));
        });
      });
    });
  }

  private static List<FieldError> checkConversion(ConvertRequest req) {
    List<FieldError> errors = new ArrayList<>();
    if (req.value() == null || req.value().signum() < 0) {
      errors.add(new FieldError("/value", "minimum", "value is required and cannot be negative"));
    }
    try {
      if (req.currency() == null) {
        errors.add(new FieldError("/currency", "required", "currency is required (ISO 4217)"));
      } else {
        Currency.getInstance(req.currency().toUpperCase());
      }
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(
          "/currency", "format", "'" + req.currency() + "' is not an ISO 4217 currency"));
    }
    if (req.contactId() != null && req.contact() != null) {
      errors.add(new FieldError("/contact", "oneOf", "give contactId or contact, not both"));
    }
    if (req.accountId() != null && req.account() != null) {
      errors.add(new FieldError("/account", "oneOf", "give accountId or account, not both"));
    }
    return errors;
  }

  private Future<ConversionRecords.Contact> contactFor(Principal p, Lead lead, ConvertRequest req) {
    if (req.contactId() != null) {
      return catalog
          .contact(p.tenantId(), req.contactId())
          .map(c -> c.orElseThrow(() -> ProblemException.invalidField(
              "/contactId", "unknown", "no contact " + req.contactId() + " in your tenant")));
    }
    ContactInput in = req.contact() != null
        ? req.contact()
        : new ContactInput(
            lead.contact().firstName(),
            lead.contact().lastName(),
            lead.contact().email(),
            lead.contact().phone(),
            lead.contact().title());
    ConversionRecords.Contact c = new ConversionRecords.Contact(
        UUID.randomUUID().toString(),
        in.firstName(),
        in.lastName(),
        in.email(),
        in.phone(),
        in.title(),
        null,
        lead.id(),
        writer.now(),
        p.userId());
    return catalog.insertContact(p.tenantId(), c).map(c);
  }

  private Future<ConversionRecords.Account> accountFor(Principal p, Lead lead, ConvertRequest req) {
    if (req.accountId() != null) {
      return catalog
          .account(p.tenantId(), req.accountId())
          .map(a -> a.orElseThrow(() -> ProblemException.invalidField(
              "/accountId", "unknown", "no account " + req.accountId() + " in your tenant")));
    }
    AccountInput in = req.account() != null
        ? req.account()
        : lead.organization().company() == null
            ? null
            : new AccountInput(
                lead.organization().company(),
                lead.organization().website(),
                lead.organization().industry(),
                lead.organization().country());
    if (in == null) {
      return Future.succeededFuture(null);
    }
    ConversionRecords.Account a = new ConversionRecords.Account(
        UUID.randomUUID().toString(),
        in.name(),
        in.website(),
        in.industry(),
        in.country(),
        lead.id(),
        writer.now(),
        p.userId());
    return catalog.insertAccount(p.tenantId(), a).map(a);
  }

  /** Imports up to {@link #MAX_IMPORT} leads one by one; likely duplicates (in the tenant or the batch) are skipped. */
  public Future<ImportResult> importLeads(Principal p, List<JsonNode> rows) {
    List<ImportRow> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < rows.size(); i++) {
      int index = i;
      JsonNode row = rows.get(i);
      chain = chain.compose(v -> importRow(p, index, row, seen).map(r -> {
        out.add(r);
        return null;
      }));
    }
    return chain.map(v -> new ImportResult(
        count(out, "created"), count(out, "duplicate"), count(out, "invalid"), out));
  }

  private Future<ImportRow> importRow(
      Principal p, int index, JsonNode row, Map<String, String> seen) {
    if (!(row instanceof ObjectNode body)) {
      return Future.succeededFuture(new ImportRow(
          index,
          "invalid",
          null,
          List.of(),
          List.of(new FieldError("/leads/" + index, "type", "each row is a JSON object"))));
    }
    String id = body.hasNonNull(LeadFields.ID)
        ? body.get(LeadFields.ID).asText()
        : UUID.randomUUID().toString();
    Future<Lead> prepared;
    try {
      prepared = service.prepareNew(p, id, body);
    } catch (ProblemException e) {
      prepared = Future.failedFuture(e);
    }
    return prepared
        .compose(lead -> {
          List<LeadService.PossibleDuplicate> inBatch = new ArrayList<>();
          for (String key : keys(lead)) {
            if (seen.containsKey(key)) {
              inBatch.add(new LeadService.PossibleDuplicate(
                  seen.get(key), key.substring(0, key.indexOf(':'))));
            }
          }
          if (!inBatch.isEmpty()) {
            return Future.succeededFuture(
                new ImportRow(index, "duplicate", id, inBatch, List.of()));
          }
          return service.duplicatesOf(lead).compose(dups -> {
            if (!dups.isEmpty()) {
              return Future.succeededFuture(new ImportRow(index, "duplicate", id, dups, List.of()));
            }
            return writer
                .prepare(lead)
                .compose(born -> leads
                    .insert(born.lead(), Canonical.hash(body, p.userId()), born.events())
                    .compose(inserted -> {
                      if (!inserted) {
                        return Future.succeededFuture(new ImportRow(
                            index,
                            "duplicate",
                            id,
                            List.of(new LeadService.PossibleDuplicate(id, "id")),
                            List.of()));
                      }
                      keys(lead).forEach(k -> seen.put(k, id));
                      // the create entry last, as every create writes it: its absence marks a
                      // create that did not finish
                      return writer
                          .notifyChanged(null, born.lead(), p.userId())
                          .compose(v -> catalog.appendHistory(
                              p.tenantId(),
                              new LeadHistoryEntry(
                                  id,
                                  1,
                                  lead.bookkeeping().createdAt(),
                                  p.userId(),
                                  p.deviceId(),
                                  "create",
                                  List.of(),
                                  null)))
                          .map(new ImportRow(index, "created", id, List.of(), List.of()));
                    }));
          });
        })
        .recover(e -> e instanceof ProblemException pe && pe.code().status() < 500
            ? Future.succeededFuture(new ImportRow(
                index,
                "invalid",
                id,
                List.of(),
                pe.errors().isEmpty()
                    ? List.of(new FieldError("/", pe.code().name().toLowerCase(), pe.getMessage()))
                    : pe.errors()))
            : Future.failedFuture(e));
  }

  private static List<String> keys(Lead l) {
    List<String> keys = new ArrayList<>();
    if (l.contact().email() != null) {
      keys.add("email:" + SearchKeys.email(l.contact().email()));
    }
    if (l.contact().phone() != null && Boolean.TRUE.equals(l.contact().phoneValid())) {
      keys.add("phone:" + l.contact().phone());
    }
    if ((l.contact().firstName() != null || l.contact().lastName() != null)
        && l.organization().company() != null) {
      keys.add(
          "name_company:" + SearchKeys.name(l.contact().firstName(), l.contact().lastName()) + "|"
              + SearchKeys.text(l.organization().company()));
    }
    return keys;
  }

  private static int count(List<ImportRow> rows, String outcome) {
    return (int) rows.stream().filter(r -> r.outcome().equals(outcome)).count();
  }

  static Lead tombstone(Lead l, Instant now, String mergedInto) {
    ObjectNode node = Json.MAPPER.valueToTree(l);
    node.set(LeadFields.DELETED_AT, Json.MAPPER.valueToTree(now));
    if (mergedInto != null) {
      node.put(LeadFields.MERGED_INTO, mergedInto);
    }
    return Json.MAPPER.convertValue(node, Lead.class);
  }

  private static Lead withoutConsents(Lead l) {
    ObjectNode node = Json.MAPPER.valueToTree(l);
    node.remove(LeadFields.CONSENTS);
    return Json.MAPPER.convertValue(node, Lead.class);
  }
}
