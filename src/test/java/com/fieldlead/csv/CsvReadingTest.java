package com.fieldlead.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an uploaded file's bytes become rows and lead bodies: encodings, delimiters, quoting, header words. */
class CsvReadingTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aUtf8FileWithAByteOrderMarkIsReadAsUtf8WithoutTheMark() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = utf8("E-Mail,Nachname\r\nanna@example.de,Müller\r\n");
    byte[] all = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(text, 0, all, 3, text.length);
    CsvFile file = CsvFile.open(all);
    assertEquals(StandardCharsets.UTF_8, file.decoded().charset());
    assertEquals(List.of("E-Mail", "Nachname"), file.headers());
    assertEquals(List.of("anna@example.de", "Müller"), file.next(10).get(0).cells());
  }

  @Test
  void bytesThatAreNotUtf8AreReadAsWindows1252() {
    byte[] bytes = "Nachname;Firma\r\nMüller;Café € GmbH\r\n".getBytes(CsvText.WINDOWS_1252);
    CsvFile file = CsvFile.open(bytes);
    assertEquals(CsvText.WINDOWS_1252, file.decoded().charset());
    assertEquals(List.of("Müller", "Café € GmbH"), file.next(10).get(0).cells());
  }

  @Test
  void theDelimiterIsTheOneTheHeaderLineUsesOutsideQuotes() {
    assertEquals(';', CsvText.delimiterOf("Vorname;Nachname;\"Firma, Ort\"\na,b,c,d,e"));
    assertEquals('\t', CsvText.delimiterOf("first\tlast\temail"));
    assertEquals(',', CsvText.delimiterOf("first,last;x,email"));
    assertEquals(',', CsvText.delimiterOf("email"));
  }

  @Test
  void quotedFieldsKeepDelimitersDoubledQuotesAndLineBreaks() {
    CsvFile file = CsvFile.open(
        utf8(
            "company,title,notes\n\"Acme, Inc.\",\"The \"\"Boss\"\"\",\"line one\nline two\"\n\nNext,Row,x\n"));
    List<CsvFile.Row> rows = file.next(10);
    assertEquals(2, rows.size(), "an empty line is not a row");
    assertEquals(
        List.of("Acme, Inc.", "The \"Boss\"", "line one\nline two"), rows.get(0).cells());
    assertEquals(2, rows.get(1).number());
  }

  @Test
  void aFileWithAnOpenQuoteIsRefusedAsNotCsv() {
    CsvFile file = CsvFile.open(utf8("email,company\n\"a@example.com,Acme\n"));
    ProblemException e = assertThrows(ProblemException.class, () -> file.next(10));
    assertEquals(400, e.code().status());
  }

  @Test
  void anEmptyFileIsRefused() {
    assertThrows(ProblemException.class, () -> CsvFile.open(new byte[0]));
  }

  @Test
  void headerWordsOfFiveLanguagesMapToLeadFields() {
    Map<String, String> expected = Map.ofEntries(
        Map.entry("E-Mail", "email"),
        Map.entry("Courriel", "email"),
        Map.entry("Correo electrónico", "email"),
        Map.entry("Email Address", "email"),
        Map.entry("Nachname", "lastName"),
        Map.entry("Sobrenome", "lastName"),
        Map.entry("Prénom", "firstName"),
        Map.entry("First Name", "firstName"),
        Map.entry("Firma", "company"),
        Map.entry("Société", "company"),
        Map.entry("Empresa", "company"),
        Map.entry("Téléphone", "phone"),
        Map.entry("Telefonnummer", "phone"),
        Map.entry("Unternehmensgröße", "companySize"),
        Map.entry("Ciudad", "city"),
        Map.entry("Land", "country"),
        Map.entry("Lead Source", "source"),
        Map.entry("Kundennummer", ""));
    expected.forEach((header, field) -> assertEquals(field, LeadColumns.guess(header), header));
  }

  @Test
  void everyExportedColumnNameMapsToItselfAndTheServersColumnsAreNotImported() {
    Map<String, String> guessed = LeadColumns.guess(LeadColumns.EXPORTED);
    LeadColumns.WRITABLE.forEach(c -> assertEquals(c, guessed.get(c), c));
    LeadColumns.SERVER_OWNED.forEach(c -> assertEquals("", guessed.get(c), c));
  }

  @Test
  void aFieldNamedByTwoColumnsIsFilledFromTheFirst() {
    Map<String, String> guessed = LeadColumns.guess(List.of("Email", "E-Mail-Adresse", "Firma"));
    assertEquals("email", guessed.get("Email"));
    assertEquals("", guessed.get("E-Mail-Adresse"));
  }

  @Test
  void aRowBecomesALeadBodyWithTagsSplitListWordsForgivenAndBlanksLeftOut() {
    List<String> headers =
        List.of("Email", "Tags", "Lead Source", "Capture method", "City", "Other");
    Map<String, String> mapping = LeadColumns.guess(headers);
    mapping = new HashMap<>(mapping);
    mapping.put("Capture method", "captureMethod");
    ObjectNode body = CsvFile.body(
        headers,
        mapping,
        List.of(" a@example.com ", "expo; vip ;;expo", "Trade Show", "Badge-Scan", "", "x"));
    assertEquals("a@example.com", body.get("email").asText());
    assertEquals(2, body.get("tags").size());
    assertEquals("trade_show", body.get("source").asText());
    assertEquals("badge_scan", body.get("captureMethod").asText());
    assertFalse(body.has("city"));
    assertEquals(4, body.size());
  }

  @Test
  void formulaLikeValuesAreQuotedOnExportAndRestoredOnImportWhilePhonesStayAsTheyAre() {
    assertEquals("'=HYPERLINK(\"x\")", CsvCells.escape("=HYPERLINK(\"x\")"));
    assertEquals("'@SUM(A1)", CsvCells.escape("@SUM(A1)"));
    assertEquals("'-x", CsvCells.escape("-x"));
    assertEquals("+4930123456", CsvCells.escape("+4930123456"));
    assertEquals("-5", CsvCells.escape("-5"));
    assertEquals("O'Brien", CsvCells.escape("O'Brien"));
    for (String v : List.of("=1+2", "@x", "+x", "-", "O'Brien", "'quoted'", "+4930")) {
      assertEquals(v, CsvCells.unescape(CsvCells.escape(v)), v);
    }
    assertTrue(CsvCells.formulaLike("=x"));
  }
}
