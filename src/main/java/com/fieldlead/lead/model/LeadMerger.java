package com.fieldlead.lead.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Combines two leads into the survivor's writable fields. Per field the survivor wins unless the caller chose
 * {@code other}, or the survivor has no value; tags, answers (survivor's answer wins per question), consents (all
 * records, by time) and custom fields (survivor wins per key) are combined. Pure.
 */
public final class LeadMerger {

  public static final String SURVIVOR = "survivor";
  public static final String OTHER = "other";

  private LeadMerger() {}

  public static Lead merge(Lead survivor, Lead other, Map<String, String> choices) {
    List<FieldError> errors = new ArrayList<>();
    choices.forEach((field, side) -> {
      if (!LeadFields.WRITABLE.contains(field)) {
        errors.add(new FieldError(
            "/fields/" + field, "unknown", "'" + field + "' is not a mergeable field"));
      } else if (!SURVIVOR.equals(side) && !OTHER.equals(side)) {
        errors.add(new FieldError("/fields/" + field, "enum", "choose 'survivor' or 'other'"));
      }
    });
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.VALIDATION_FAILED, errors.get(0).message(), errors, Map.of());
    }
    ObjectNode s = Json.MAPPER.valueToTree(survivor);
    ObjectNode o = Json.MAPPER.valueToTree(other);
    ObjectNode patch = Json.MAPPER.createObjectNode();
    for (String f : LeadFields.WRITABLE) {
      JsonNode mine = s.get(f);
      JsonNode theirs = o.get(f);
      boolean takeOther = OTHER.equals(choices.get(f)) || (mine == null && !choices.containsKey(f));
      if (takeOther && theirs != null && !theirs.equals(mine)) {
        patch.set(f, theirs);
      } else if (takeOther && theirs == null && mine != null && OTHER.equals(choices.get(f))) {
        patch.putNull(f);
      }
    }
    Lead merged = LeadChanges.apply(survivor, patch, false);
    return withCombined(merged, survivor, other, choices);
  }

  private static Lead withCombined(Lead m, Lead s, Lead o, Map<String, String> choices) {
    ObjectNode node = Json.MAPPER.valueToTree(m);
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    if (s.qualification().tags() != null) {
      tags.addAll(s.qualification().tags());
    }
    if (o.qualification().tags() != null) {
      tags.addAll(o.qualification().tags());
    }
    put(node, LeadFields.TAGS, List.copyOf(tags));
    Map<String, Lead.Answer> answers = new LinkedHashMap<>();
    (OTHER.equals(choices.get(LeadFields.ANSWERS)) ? List.of(o, s) : List.of(s, o)).forEach(l -> {
      if (l.qualification().answers() != null) {
        l.qualification().answers().forEach(a -> answers.putIfAbsent(a.questionId(), a));
      }
    });
    put(node, LeadFields.ANSWERS, List.copyOf(answers.values()));
    List<Lead.Consent> consents = new ArrayList<>();
    if (s.qualification().consents() != null) {
      consents.addAll(s.qualification().consents());
    }
    if (o.qualification().consents() != null) {
      o.qualification().consents().stream()
          .filter(c -> !consents.contains(c))
          .forEach(consents::add);
    }
    consents.sort(
        Comparator.comparing(Lead.Consent::at, Comparator.nullsFirst(Comparator.naturalOrder())));
    put(node, LeadFields.CONSENTS, consents);
    Map<String, Object> custom = new LinkedHashMap<>();
    if (o.qualification().customFields() != null) {
      custom.putAll(o.qualification().customFields());
    }
    if (s.qualification().customFields() != null
        && !OTHER.equals(choices.get(LeadFields.CUSTOM_FIELDS))) {
      custom.putAll(s.qualification().customFields());
    }
    put(node, LeadFields.CUSTOM_FIELDS, custom.isEmpty() ? List.of() : custom);
    return Json.MAPPER.convertValue(node, Lead.class);
  }

  private static void put(ObjectNode node, String field, Object value) {
    if (value instanceof Collection<?> c && c.isEmpty()) {
      node.remove(field);
    } else {
      node.set(field, Json.MAPPER.valueToTree(value));
    }
  }
}
