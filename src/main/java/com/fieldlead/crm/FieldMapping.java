package com.fieldlead.crm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadComponents;
import com.fieldlead.problem.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * A connection's field mapping: which CRM field of which object gets which lead field (a path: {@code lastName},
 * {@code bant.budget}, {@code customFields.boothNumber}, {@code conversion.value}) or a constant, and whether the CRM
 * requires it. Presets for both systems; checks of an admin's mapping; and the CRM record a lead maps to, or a
 * {@link MappingException} naming the field that is missing. Pure.
 */
final class FieldMapping {

  /** One mapped field; exactly one of {@code source} and {@code value}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(String object, String target, String source, String value, Boolean required) {
    Entry {
      required = Boolean.TRUE.equals(required);
    }
  }

  /** A lead that cannot be mapped: the CRM field, the lead field it comes from, and why. */
  static final class MappingException extends RuntimeException {
    private final String field;

    MappingException(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }

    /** The CRM field, as {@code Object.Field}. */
    String field() {
      return field;
    }
  }

  static final List<String> SALESFORCE_OBJECTS =
      List.of("Lead", "Contact", "Account", "Opportunity");
  static final List<String> HUBSPOT_OBJECTS = List.of("contact", "deal");
  private static final Pattern TARGET = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");
  private static final List<String> NESTED =
      List.of("bant", "customFields", "conversion", "location");

  private FieldMapping() {}

  static List<String> objects(String system) {
    return Connection.SALESFORCE.equals(system) ? SALESFORCE_OBJECTS : HUBSPOT_OBJECTS;
  }

  private static Entry from(String object, String target, String source, boolean required) {
    return new Entry(object, target, source, null, required);
  }

  private static Entry constant(String object, String target, String value) {
    return new Entry(object, target, null, value, true);
  }

  /**
   * The preset of {@code system}: Salesforce's standard Lead, Contact, Account and Opportunity fields (LastName and
   * Company required on Lead, LastName on Contact, Name on Account, Name, StageName and CloseDate on Opportunity, as
   * the standard objects require them); HubSpot's default contact and deal properties.
   */
  static List<Entry> preset(String system) {
    if (Connection.SALESFORCE.equals(system)) {
      return List.of(
          from("Lead", "FirstName", "firstName", false),
          from("Lead", "LastName", "lastName", true),
          from("Lead", "Company", "company", true),
          from("Lead", "Email", "email", false),
          from("Lead", "Phone", "phone", false),
          from("Lead", "Title", "title", false),
          from("Lead", "Website", "website", false),
          from("Lead", "Industry", "industry", false),
          from("Lead", "Country", "country", false),
          from("Lead", "City", "city", false),
          from("Lead", "LeadSource", "source", false),
          from("Contact", "FirstName", "firstName", false),
          from("Contact", "LastName", "lastName", true),
          from("Contact", "Email", "email", false),
          from("Contact", "Phone", "phone", false),
          from("Contact", "Title", "title", false),
          from("Account", "Name", "company", true),
          from("Account", "Website", "website", false),
          from("Account", "Industry", "industry", false),
          from("Opportunity", "Name", "company", true),
          from("Opportunity", "Amount", "conversion.value", false),
          from("Opportunity", "CloseDate", "conversion.date", true),
          constant("Opportunity", "StageName", "Closed Won"));
    }
    return List.of(
        from("contact", "email", "email", false),
        from("contact", "firstname", "firstName", false),
        from("contact", "lastname", "lastName", false),
        from("contact", "phone", "phone", false),
        from("contact", "company", "company", false),
        from("contact", "jobtitle", "title", false),
        from("contact", "website", "website", false),
        from("contact", "country", "country", false),
        from("contact", "city", "city", false),
        from("deal", "dealname", "company", true),
        from("deal", "amount", "conversion.value", false),
        from("deal", "closedate", "conversion.date", false),
        constant("deal", "dealstage", "closedwon"),
        constant("deal", "pipeline", "default"));
  }

  /** What is wrong with an admin's mapping for {@code system}, each error naming its entry ({@code /fields/3/source}). */
  static List<FieldError> check(String system, List<Entry> entries) {
    List<FieldError> errors = new ArrayList<>();
    List<String> objects = objects(system);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      String at = "/fields/" + i;
      if (e.object() == null || !objects.contains(e.object())) {
        errors.add(new FieldError(
            at + "/object", "unknown", "object must be one of " + objects + " for " + system));
      }
      if (e.target() == null || !TARGET.matcher(e.target()).matches()) {
        errors.add(new FieldError(
            at + "/target", "invalid", "target must be a CRM field name (letters, digits, _)"));
      } else if (seen.contains(e.object() + "." + e.target())) {
        errors.add(new FieldError(
            at + "/target", "duplicate", e.object() + "." + e.target() + " is mapped twice"));
      } else {
        seen.add(e.object() + "." + e.target());
      }
      if ((e.source() == null) == (e.value() == null)) {
        errors.add(new FieldError(at, "invalid", "give exactly one of source and value"));
      } else if (e.source() != null && !knownSource(e.source())) {
        errors.add(new FieldError(
            at + "/source",
            "unknown",
            "no lead field '" + e.source() + "' (README, CRM connectors)"));
      }
    }
    return errors;
  }

  private static boolean knownSource(String source) {
    int dot = source.indexOf('.');
    if (dot < 0) {
      return LeadComponents.has(source) && !NESTED.contains(source);
    }
    return NESTED.contains(source.substring(0, dot)) && dot < source.length() - 1;
  }

  /**
   * The fields of {@code object} for {@code lead}: each mapped source's value as text, number or boolean (absent
   * values left out), constants as given. A required field without a value fails naming it.
   */
  static Map<String, Object> record(
      String systemLabel, String object, List<Entry> entries, Lead lead) {
    JsonNode tree = Json.MAPPER.valueToTree(lead);
    Map<String, Object> out = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (!object.equals(e.object())) {
        continue;
      }
      Object v = e.value() != null ? e.value() : valueAt(tree, e.source());
      if (v == null) {
        if (e.required()) {
          String field = object + "." + e.target();
          throw new MappingException(
              field,
              systemLabel + " " + field + " is required but the lead has no " + e.source()
                  + " (mapped from " + e.source() + ")");
        }
        continue;
      }
      out.put(e.target(), v);
    }
    return out;
  }

  private static Object valueAt(JsonNode tree, String path) {
    JsonNode n = tree;
    for (String part : path.split("\\.")) {
      n = n == null ? null : n.get(part);
    }
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isNumber()) {
      return n.numberValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual()) {
      return n.textValue().isBlank() ? null : n.textValue();
    }
    return n.toString();
  }

  static List<Document> toDocuments(List<Entry> entries) {
    List<Document> out = new ArrayList<>();
    for (Entry e : entries) {
      out.add(new Document("object", e.object())
          .append("target", e.target())
          .append("source", e.source())
          .append("value", e.value())
          .append("required", e.required()));
    }
    return out;
  }

  static List<Entry> fromDocuments(List<Document> docs) {
    return docs.stream()
        .map(d -> new Entry(
            d.getString("object"),
            d.getString("target"),
            d.getString("source"),
            d.getString("value"),
            d.getBoolean("required", false)))
        .toList();
  }
}
