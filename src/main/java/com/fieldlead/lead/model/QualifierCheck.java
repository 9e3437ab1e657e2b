package com.fieldlead.lead.model;

import com.fieldlead.problem.FieldError;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a lead's answers against the tenant's questions: each answer must name a question that applies to the
 * lead's event or campaign, have a value of the question's type, and, once a questionnaire is started, every
 * required question must be answered. Pure.
 */
public final class QualifierCheck {

  static final int MAX_TEXT = 2000;

  private QualifierCheck() {}

  /** Field errors ({@code /answers/<i>/value} and friends); empty when the answers are valid. */
  public static List<FieldError> check(
      List<Lead.Answer> answers,
      Collection<QualifierQuestion> questions,
      String eventId,
      String campaign) {
    List<FieldError> errors = new ArrayList<>();
    if (answers == null || answers.isEmpty()) {
      return errors;
    }
    Map<String, QualifierQuestion> byId = questions.stream()
        .collect(Collectors.toMap(QualifierQuestion::id, Function.identity(), (a, b) -> a));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < answers.size(); i++) {
      Lead.Answer a = answers.get(i);
      String at = "/answers/" + i;
      QualifierQuestion q = a.questionId() == null ? null : byId.get(a.questionId());
      if (q == null) {
        errors.add(new FieldError(
            at + "/questionId", "unknown", "no qualifier question '" + a.questionId() + "'"));
        continue;
      }
      if (!q.appliesTo(eventId, campaign)) {
        errors.add(new FieldError(
            at + "/questionId",
            "scope",
            "question '" + q.id() + "' is not asked for this lead's event or campaign"));
        continue;
      }
      if (!seen.add(q.id())) {
        errors.add(new FieldError(
            at + "/questionId", "unique", "question '" + q.id() + "' is answered twice"));
        continue;
      }
      String problem = typeProblem(q, a.value());
      if (problem != null) {
        errors.add(new FieldError(at + "/value", "type", problem));
      }
    }
    for (QualifierQuestion q : questions) {
      if (q.required() && q.appliesTo(eventId, campaign) && !seen.contains(q.id())) {
        errors.add(new FieldError(
            "/answers", "required", "required question '" + q.id() + "' is not answered"));
      }
    }
    return errors;
  }

  /** Why {@code value} does not fit the question, or null when it does. */
  static String typeProblem(QualifierQuestion q, Object value) {
    if (value == null) {
      return "an answer needs a value";
    }
    return switch (q.type()) {
      case "text" ->
        value instanceof String s
            ? (s.length() > MAX_TEXT
                ? "text answers have at most " + MAX_TEXT + " characters"
                : null)
            : "expected a string for a text question";
      case "number" ->
        value instanceof Number n && Double.isFinite(n.doubleValue())
            ? null
            : "expected a number for a number question";
      case "boolean" ->
        value instanceof Boolean ? null : "expected true or false for a boolean question";
      case "date" -> isDate(value) ? null : "expected a date (YYYY-MM-DD) for a date question";
      case "single_choice" ->
        value instanceof String s && q.options().contains(s)
            ? null
            : "expected one of " + q.options();
      case "multi_choice" -> multiProblem(q, value);
      default -> "question has an unknown type";
    };
  }

  private static String multiProblem(QualifierQuestion q, Object value) {
    if (!(value instanceof List<?> list)) {
      return "expected an array of options for a multi-choice question";
    }
    Set<Object> distinct = new HashSet<>(list);
    if (distinct.size() != list.size()) {
      return "an option is chosen twice";
    }
    for (Object o : list) {
      if (!(o instanceof String s) || !q.options().contains(s)) {
        return "'" + o + "' is not one of " + q.options();
      }
    }
    return null;
  }

  private static boolean isDate(Object value) {
    if (!(value instanceof String s)) {
      return false;
    }
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Field errors of a question definition. */
  public static List<FieldError> checkQuestion(QualifierQuestion q) {
    List<FieldError> errors = new ArrayList<>();
    if (!QualifierQuestion.TYPES.contains(q.type())) {
      errors.add(new FieldError("/type", "enum", "type must be one of " + QualifierQuestion.TYPES));
      return errors;
    }
    if (q.isChoice()) {
      if (q.options() == null || q.options().size() < 2) {
        errors.add(
            new FieldError("/options", "size", "choice questions need at least two options"));
      } else if (new HashSet<>(q.options()).size() != q.options().size()) {
        errors.add(new FieldError("/options", "unique", "options must be distinct"));
      }
    } else if (q.options() != null && !q.options().isEmpty()) {
      errors.add(new FieldError("/options", "type", "only choice questions have options"));
    }
    if (q.eventId() != null && q.campaign() != null) {
      errors.add(new FieldError(
          "/campaign", "scope", "a question belongs to an event or a campaign, not both"));
    }
    return errors;
  }
}
