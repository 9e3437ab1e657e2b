package com.fieldlead.capture.scan;

import com.fieldlead.problem.ProblemException;
import java.util.Locale;

/** The kinds of scanned payload the server reads, by their wire names. */
public enum ScanFormat {
  VCARD("vcard"),
  MECARD("mecard"),
  URL("url"),
  BADGE("badge");

  private final String wire;

  ScanFormat(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The format named {@code name} (its wire name); a 400 naming {@code field} otherwise. */
  static ScanFormat named(String name, String field) {
    for (ScanFormat f : values()) {
      if (f.wire.equals(name)) {
        return f;
      }
    }
    throw ProblemException.invalidField(
        field, "enum", "format is one of vcard, mecard, url, badge (got '" + name + "')");
  }

  /**
   * The format {@code raw} plainly is: a vCard ({@code BEGIN:VCARD}), a MeCard ({@code MECARD:}) or a web address;
   * null otherwise (a badge payload has no mark of its own: it is read with its event's layout).
   */
  static ScanFormat detect(String raw) {
    String head = raw.stripLeading();
    String upper = head.substring(0, Math.min(head.length(), 16)).toUpperCase(Locale.ROOT);
    if (upper.startsWith("BEGIN:VCARD")) {
      return VCARD;
    }
    if (upper.startsWith("MECARD:")) {
      return MECARD;
    }
    if (upper.startsWith("HTTP://") || upper.startsWith("HTTPS://")) {
      return URL;
    }
    return null;
  }
}
