package com.fieldlead.capture.scan;

import java.util.List;
import java.util.Map;

/**
 * What reading a scanned payload proposed: lead fields by name ({@code fields}), understood values that are no lead
 * field ({@code extras}, e.g. a badge id or a postal code), and what was not understood ({@code unparsed}). {@code
 * layout} names the badge layout used (a preset's name or {@code custom}); null for other formats.
 */
public record ParsedScan(
    ScanFormat format,
    String layout,
    Map<String, String> fields,
    Map<String, String> extras,
    List<String> unparsed) {
  public ParsedScan {
    fields = Map.copyOf(fields);
    extras = Map.copyOf(extras);
    unparsed = List.copyOf(unparsed);
  }
}
