package com.fieldlead.capture.forms;

import java.util.List;

/**
 * The small HTML pages a plain form post gets when it is not accepted: what to correct, or when to try again, in the
 * form's language. Everything the admin or the person wrote is escaped. Pure.
 */
final class FormPages {

  /** One line of a page: a field's label (or null) and what is wrong with it. */
  record Line(String label, String message) {}

  private FormPages() {}

  static String page(String locale, String title, List<Line> lines) {
    StringBuilder html = new StringBuilder(512)
        .append("<!doctype html>\n<html lang=\"")
        .append(escape(locale))
        .append("\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"robots\" content=\"noindex\"><title>")
        .append(escape(title))
        .append("</title></head><body><main><h1>")
        .append(escape(title))
        .append("</h1><ul>");
    for (Line line : lines) {
      html.append("<li>");
      if (line.label() != null && !line.label().isBlank()) {
        html.append("<strong>").append(escape(line.label())).append("</strong>: ");
      }
      html.append(escape(line.message())).append("</li>");
    }
    return html.append("</ul><p><a href=\"javascript:history.back()\">")
        .append(escape(FormMessages.text(locale, FormMessages.Key.BACK)))
        .append("</a></p></main></body></html>\n")
        .toString();
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
