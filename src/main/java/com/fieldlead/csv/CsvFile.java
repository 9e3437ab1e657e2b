package com.fieldlead.csv;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fieldlead.json.Json;
import com.fieldlead.problem.ProblemException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An uploaded CSV file read row by row (RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks),
 * its first row the header. Rows are read in slices, so a large file is never held as rows all at once.
 */
final class CsvFile {

  private static final CsvMapper MAPPER = CsvMapper.builder()
      .enable(CsvParser.Feature.WRAP_AS_ARRAY)
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
      .build();

  /** A data row: its number (1 is the first row after the header) and its cells. */
  record Row(int number, List<String> cells) {}

  private final CsvText.Decoded decoded;
  private final List<String> headers;
  private final MappingIterator<String[]> rows;
  private int number;

  private CsvFile(CsvText.Decoded decoded, List<String> headers, MappingIterator<String[]> rows) {
    this.decoded = decoded;
    this.headers = headers;
    this.rows = rows;
  }

  /** Opens {@code bytes} and reads the header; a 400 naming the body when there is no header or it is not CSV. */
  static CsvFile open(byte[] bytes) {
    CsvText.Decoded decoded = CsvText.decode(bytes);
    try {
      MappingIterator<String[]> it = MAPPER
          .readerFor(String[].class)
          .with(CsvSchema.emptySchema().withColumnSeparator(decoded.delimiter()))
          .readValues(new StringReader(decoded.text()));
      if (!it.hasNext()) {
        throw ProblemException.invalidField("body", "required", "the CSV file has no header row");
      }
      List<String> headers = Arrays.stream(it.next()).map(String::strip).toList();
      if (headers.stream().allMatch(String::isEmpty)) {
        throw ProblemException.invalidField(
            "body", "required", "the CSV file's header row is empty");
      }
      return new CsvFile(decoded, headers, it);
    } catch (IOException | RuntimeException e) {
      throw malformed(e);
    }
  }

  private static RuntimeException malformed(Exception e) {
    if (e instanceof ProblemException pe) {
      return pe;
    }
    return ProblemException.invalidField(
        "body",
        "format",
        "not readable as CSV: " + e.getMessage().lines().findFirst().orElse(""));
  }

  CsvText.Decoded decoded() {
    return decoded;
  }

  List<String> headers() {
    return headers;
  }

  /** Up to {@code max} more rows; empty at the end. A 400 when the rest of the file is not CSV (an open quote). */
  List<Row> next(int max) {
    List<Row> out = new ArrayList<>();
    try {
      while (out.size() < max && rows.hasNext()) {
        number++;
        out.add(new Row(number, Arrays.asList(rows.next())));
      }
    } catch (RuntimeException e) {
      throw malformed(
          new IllegalArgumentException("data row " + number + ": " + e.getMessage(), e));
    }
    return out;
  }

  /**
   * A lead body of a row under {@code mapping} (header to lead field): blank cells are left out, tags split on
   * {@value LeadColumns#TAG_SEPARATOR}, list words (source, capture method) forgiven their case and separators, and
   * the quote an export put before a formula-like value dropped.
   */
  static ObjectNode body(List<String> headers, Map<String, String> mapping, List<String> cells) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    for (int c = 0; c < headers.size() && c < cells.size(); c++) {
      String field = mapping.getOrDefault(headers.get(c), LeadColumns.IGNORE);
      String value = CsvCells.unescape(cells.get(c) == null ? "" : cells.get(c).strip());
      if (field.isEmpty() || value.isEmpty() || body.has(field)) {
        continue;
      }
      if (field.equals("tags")) {
        ArrayNode tags = body.putArray("tags");
        Arrays.stream(value.split(LeadColumns.TAG_SEPARATOR))
            .map(String::strip)
            .filter(t -> !t.isEmpty())
            .distinct()
            .forEach(tags::add);
      } else if (LeadColumns.ENUM_LIKE.contains(field)) {
        body.put(field, value.toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_"));
      } else {
        body.put(field, value);
      }
    }
    return body;
  }
}
