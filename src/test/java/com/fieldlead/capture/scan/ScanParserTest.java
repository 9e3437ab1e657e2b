package com.fieldlead.capture.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.lead.model.Lead;
import com.fieldlead.problem.ProblemException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScanParserTest {

  private static ParsedScan parse(ScanFormat format, String raw) {
    return ScanParser.parse(format, raw, null, "");
  }

  private static String field(ProblemException e) {
    return e.errors().get(0).field();
  }

  // ---- vCard

  @Test
  void aVCard30WithFoldedLinesAndNonAsciiNamesIsReadIntoLeadFields() {
    String raw = String.join(
        "\r\n",
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Müller-Lüdenscheidt;Zoë Anaïs;;Dr.;",
        "FN:Dr. Zoë Anaïs Müller-Lüdenscheidt",
        "ORG:Bäckerei Kraus GmbH;Einkauf",
        "TITLE:Leiterin Einkauf und strategische Beschaffung für Süddeutsch",
        " land", // folded continuation line
        "TEL;TYPE=WORK,VOICE:+49 89 1234567",
        "TEL;TYPE=CELL:+49 170 7654321",
        "EMAIL;TYPE=INTERNET,WORK:zoe.mueller@kraus-baeckerei.de",
        "URL:https://kraus-baeckerei.de",
        "ADR;TYPE=WORK:;;Hauptstraße 5;München;Bayern;80331;Deutschland",
        "NOTE:Met at booth B12",
        "X-SOCIALPROFILE;TYPE=linkedin:https://linkedin.com/in/zoe",
        "END:VCARD",
        "");
    ParsedScan p = parse(null, raw);
    assertEquals(ScanFormat.VCARD, p.format());
    assertEquals("vcard-3.0", p.layout());
    assertEquals("Zoë Anaïs", p.fields().get("firstName"));
    assertEquals("Müller-Lüdenscheidt", p.fields().get("lastName"));
    assertEquals("Bäckerei Kraus GmbH", p.fields().get("company"));
    assertEquals(
        "Leiterin Einkauf und strategische Beschaffung für Süddeutschland",
        p.fields().get("title"));
    assertEquals("+49 89 1234567", p.fields().get("phone"));
    assertEquals("+49 170 7654321", p.extras().get("otherPhone"));
    assertEquals("zoe.mueller@kraus-baeckerei.de", p.fields().get("email"));
    assertEquals("https://kraus-baeckerei.de", p.fields().get("website"));
    assertEquals("München", p.fields().get("city"));
    assertEquals("Bayern", p.fields().get("region"));
    assertEquals("DE", p.fields().get("country"), "Deutschland is DE");
    assertEquals("80331", p.extras().get("postalCode"));
    assertEquals("Einkauf", p.extras().get("department"));
    assertEquals("Met at booth B12", p.extras().get("note"));
    assertTrue(
        p.unparsed().stream().anyMatch(u -> u.startsWith("X-SOCIALPROFILE")),
        p.unparsed().toString());
  }

  @Test
  void aVCard40WithATelUriAndAFormattedNameOnlyIsRead() {
    String raw =
        "BEGIN:VCARD\nVERSION:4.0\nFN:José García Márquez\nTEL;VALUE=uri;TYPE=work:tel:+34-91-555-0100\n"
            + "EMAIL:jose.garcia@telefonica.es\nORG:Telefónica S.A.\nADR:;;Gran Vía 28;Madrid;;28013;Spain\nEND:VCARD\n";
    ParsedScan p = parse(ScanFormat.VCARD, raw);
    assertEquals("vcard-4.0", p.layout());
    assertEquals("José García", p.fields().get("firstName"));
    assertEquals("Márquez", p.fields().get("lastName"));
    assertEquals("+34-91-555-0100", p.fields().get("phone"));
    assertEquals("Telefónica S.A.", p.fields().get("company"));
    assertEquals("ES", p.fields().get("country"));
  }

  @Test
  void aVCardWhoseEmailIsNoEmailDoesNotProposeIt() {
    ParsedScan p =
        parse(null, "BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jane\nEMAIL:jane at example\nEND:VCARD\n");
    assertNull(p.fields().get("email"));
    assertTrue(
        p.unparsed().contains("email: 'jane at example' is not an e-mail address"),
        p.unparsed().toString());
  }

  @Test
  void aPayloadThatOnlyLooksLikeAVCardIsRefusedNamingRaw() {
    ProblemException e = assertThrows(
        ProblemException.class,
        () -> parse(ScanFormat.VCARD, "N:Doe;Jane\nEMAIL:jane@example.com"));
    assertEquals("/raw", field(e));
    assertEquals(400, e.code().status());
  }

  // ---- MeCard

  @Test
  void aMeCardWithEscapesIsRead() {
    String raw =
        "MECARD:N:O\\'Brien,Siobhán;ORG:Smith\\, Jones \\& Partners;TITLE:Head of R\\&D\\: Sensors;"
            + "TEL:+353 1 555 0199;EMAIL:siobhan.obrien@smithjones.ie;URL:https\\://smithjones.ie;"
            + "NOTE:Wants a demo\\; call after 3pm;ADR:,,1 Grand Canal Sq,Dublin,,D02,Ireland;;";
    ParsedScan p = parse(null, raw);
    assertEquals(ScanFormat.MECARD, p.format());
    assertEquals("Siobhán", p.fields().get("firstName"));
    assertEquals("O'Brien", p.fields().get("lastName"));
    assertEquals("Smith, Jones & Partners", p.fields().get("company"));
    assertEquals("Head of R&D: Sensors", p.fields().get("title"));
    assertEquals("+353 1 555 0199", p.fields().get("phone"));
    assertEquals("siobhan.obrien@smithjones.ie", p.fields().get("email"));
    assertEquals("https://smithjones.ie", p.fields().get("website"));
    assertEquals("Wants a demo; call after 3pm", p.extras().get("note"));
    assertEquals("Dublin", p.fields().get("city"));
    assertEquals("IE", p.fields().get("country"));
    assertEquals("D02", p.extras().get("postalCode"));
  }

  @Test
  void aMeCardNameWithoutACommaIsSplitAtItsLastWord() {
    ParsedScan p = parse(ScanFormat.MECARD, "MECARD:N:李 小龍;TEL:+852 2345 6789;X-FOO:bar;;");
    assertEquals("李", p.fields().get("firstName"));
    assertEquals("小龍", p.fields().get("lastName"));
    assertEquals(List.of("X-FOO: bar"), p.unparsed());
  }

  @Test
  void aMeCardWithoutFieldsIsRefused() {
    ProblemException e =
        assertThrows(ProblemException.class, () -> parse(ScanFormat.MECARD, "MECARD:;;"));
    assertEquals("/raw", field(e));
  }

  @Test
  void theMeCardSplitterKeepsEscapedSeparatorsInTheirPart() {
    assertEquals(List.of("a\\;b", "c"), MeCards.split("a\\;b;c", ';'));
    assertEquals(List.of("N", "x:y"), MeCards.split("N:x:y", ':', 2));
    assertEquals("a;b:c,d\\e", MeCards.unescape("a\\;b\\:c\\,d\\\\e"));
  }

  // ---- URL

  @Test
  void aContactUrlIsReadFromItsQueryParameters() {
    ParsedScan p = parse(
        null,
        "https://cards.example.com/c/8812?first_name=Ana&last-name=Souza&Email=ana.souza%40vale.com.br"
            + "&company=Vale+S.A.&job_title=Diretora%20de%20Compras&country=Brasil&utm_source=qr&ref=booth");
    assertEquals(ScanFormat.URL, p.format());
    assertEquals("Ana", p.fields().get("firstName"));
    assertEquals("Souza", p.fields().get("lastName"));
    assertEquals("ana.souza@vale.com.br", p.fields().get("email"));
    assertEquals("Vale S.A.", p.fields().get("company"));
    assertEquals("Diretora de Compras", p.fields().get("title"));
    assertEquals("BR", p.fields().get("country"));
    assertEquals("qr", p.extras().get("utm_source"));
    assertEquals(List.of("ref=booth"), p.unparsed());
  }

  @Test
  void aUrlWithoutContactDataIsRefusedNamingTheProblem() {
    ProblemException e =
        assertThrows(ProblemException.class, () -> parse(null, "https://example.com/agenda?day=2"));
    assertEquals("/raw", field(e));
    assertEquals("noContactData", e.errors().get(0).code());
  }

  // ---- badges

  @Test
  void aCaretBadgeIsReadWithTheCaret12Preset() {
    String raw =
        "100482^Zoë^Müller^Head of Procurement^Bäckerei Kraus GmbH^Hauptstraße 5^München^BY^80331^DE"
            + "^+49 89 1234567^zoe.mueller@kraus.de";
    ParsedScan p = ScanParser.parse(null, raw, BadgeLayout.CARET_12, "");
    assertEquals(ScanFormat.BADGE, p.format());
    assertEquals("caret-12", p.layout());
    assertEquals(
        Map.of(
            "firstName", "Zoë",
            "lastName", "Müller",
            "title", "Head of Procurement",
            "company", "Bäckerei Kraus GmbH",
            "city", "München",
            "region", "BY",
            "country", "DE",
            "phone", "+49 89 1234567",
            "email", "zoe.mueller@kraus.de"),
        p.fields());
    assertEquals("100482", p.extras().get("badgeId"));
    assertEquals("Hauptstraße 5", p.extras().get("address"));
    assertEquals("80331", p.extras().get("postalCode"));
  }

  @Test
  void aCaretBadgeWithMorePositionsThanTheLayoutReportsTheRest() {
    String raw = "7^Kenji^Sato^CTO^Sony^^Tokyo^^^JP^^kenji@sony.example^VIP^extra";
    ParsedScan p = ScanParser.parse(ScanFormat.BADGE, raw, BadgeLayout.CARET_12, "");
    assertEquals("JP", p.fields().get("country"));
    assertEquals(List.of("position 13: VIP", "position 14: extra"), p.unparsed());
  }

  @Test
  void aPipeKeyValueBadgeIsReadWithThePipeKeysPreset() {
    String raw =
        "ID=A-2231|FN=José|LN=García Márquez|CO=Telefónica|TI=CTO|EM=jose.garcia@telefonica.es"
            + "|PH=+34 91 555 0100|CI=Madrid|CN=ES|TYPE=Exhibitor|SESSION=K1";
    ParsedScan p = ScanParser.parse(null, raw, BadgeLayout.PIPE_KEYS, "");
    assertEquals("pipe-keys", p.layout());
    assertEquals("José", p.fields().get("firstName"));
    assertEquals("García Márquez", p.fields().get("lastName"));
    assertEquals("ES", p.fields().get("country"));
    assertEquals("A-2231", p.extras().get("badgeId"));
    assertEquals("Exhibitor", p.extras().get("registrationType"));
    assertEquals(List.of("SESSION=K1"), p.unparsed());
  }

  @Test
  void aCustomKeyValueLayoutMatchesKeysWithoutCase() {
    BadgeLayout layout = BadgeLayout.of(new BadgeLayout.Input(
        null,
        "keyValue",
        null,
        null,
        ";",
        ":",
        Map.of("NAME", "fullName", "Firma", "company", "mail", "email")));
    ParsedScan p = ScanParser.parse(
        null, "name:Åsa Lindqvist;FIRMA:Volvo Cars;MAIL:asa.l@volvocars.example", layout, "");
    assertEquals("Åsa", p.fields().get("firstName"));
    assertEquals("Lindqvist", p.fields().get("lastName"));
    assertEquals("Volvo Cars", p.fields().get("company"));
    assertEquals("custom", p.layout());
  }

  @Test
  void aBadgeThatDoesNotFitItsLayoutIsRefusedNamingRaw() {
    ProblemException e = assertThrows(
        ProblemException.class,
        () -> ScanParser.parse(ScanFormat.BADGE, "just some text", BadgeLayout.CARET_12, ""));
    assertEquals("/raw", field(e));
    assertTrue(e.getMessage().contains("'^'"), e.getMessage());
  }

  @Test
  void aBadgeWithoutALayoutIsRefusedNamingTheEvent() {
    ProblemException e =
        assertThrows(ProblemException.class, () -> parse(ScanFormat.BADGE, "1^A^B"));
    assertEquals("/eventId", field(e));
  }

  @Test
  void aPayloadOfNoKnownFormatIsRefusedNamingTheFormat() {
    ProblemException e = assertThrows(ProblemException.class, () -> parse(null, "hello booth"));
    assertEquals("/format", field(e));
    ProblemException empty = assertThrows(ProblemException.class, () -> parse(null, "  "));
    assertEquals("/raw", field(empty));
    ProblemException big =
        assertThrows(ProblemException.class, () -> parse(null, "x".repeat(8193)));
    assertEquals("maxLength", big.errors().get(0).code());
  }

  @Test
  void aLayoutMappingToAnUnknownTargetIsRefusedNamingThePosition() {
    ProblemException e = assertThrows(
        ProblemException.class,
        () -> BadgeLayout.of(new BadgeLayout.Input(
            null, "delimited", "|", List.of("badgeId", "shoeSize"), null, null, null)));
    assertEquals("/fields/1", field(e));
    ProblemException preset = assertThrows(
        ProblemException.class,
        () -> BadgeLayout.of(new BadgeLayout.Input("nope", null, null, null, null, null, null)));
    assertEquals("/preset", field(preset));
  }

  // ---- filling a capture

  @Test
  void whatTheRepTypedWinsAndOnlyEmptyFieldsAreFilled() {
    Lead typed = Lead.builder().firstName("Zoe").email(" ").company("Kraus").build();
    ParsedScan p = ScanParser.parse(
        null,
        "1^Zoë^Müller^CEO^Bäckerei Kraus GmbH^^^^^DE^^zoe@kraus.de",
        BadgeLayout.CARET_12,
        "");
    Instant now = Instant.parse("2026-12-07T03:00:00Z");
    Lead filled = ScanService.filled(typed, p, "raw", now);
    assertEquals("Zoe", filled.contact().firstName(), "typed first name kept");
    assertEquals("Kraus", filled.organization().company(), "typed company kept");
    assertEquals("Müller", filled.contact().lastName());
    assertEquals("zoe@kraus.de", filled.contact().email(), "a blank typed value is empty");
    assertEquals("CEO", filled.contact().title());
    assertEquals("badge_scan", filled.capture().captureMethod());
    Lead.Scan audit = filled.capture().scan();
    assertEquals("badge", audit.format());
    assertEquals(now, audit.parsedAt());
    assertEquals(
        "Zoë", audit.proposed().get("firstName"), "the proposal is kept even where the rep won");
    assertEquals(List.of("lastName", "email", "title", "country", "captureMethod"), audit.filled());
  }

  // ---- vCard export

  @Test
  void aLeadExportedAsVCardReadsBackToTheSameFields() {
    Lead lead = Lead.builder()
        .id("7f8d2c1e-3b4a-4c5d-8e9f-0a1b2c3d4e5f")
        .firstName("Zoë Anaïs")
        .lastName("Müller; Lüdenscheidt")
        .email("zoe@kraus.de")
        .phone("+498912345678")
        .company("Bäckerei Kraus, GmbH")
        .title("Leiterin Einkauf")
        .website("https://kraus.de")
        .city("München")
        .region("BY")
        .country("DE")
        .updatedAt(Instant.parse("2026-12-07T03:00:00Z"))
        .build();
    String vcard = VCardContacts.write(lead);
    assertTrue(vcard.contains("VERSION:4.0"), vcard);
    assertTrue(vcard.contains("UID:urn:uuid:7f8d2c1e-3b4a-4c5d-8e9f-0a1b2c3d4e5f"), vcard);
    ParsedScan back = parse(null, vcard);
    assertEquals("vcard-4.0", back.layout());
    assertEquals(
        Map.of(
            "firstName", "Zoë Anaïs",
            "lastName", "Müller; Lüdenscheidt",
            "email", "zoe@kraus.de",
            "phone", "+498912345678",
            "company", "Bäckerei Kraus, GmbH",
            "title", "Leiterin Einkauf",
            "website", "https://kraus.de",
            "city", "München",
            "region", "BY",
            "country", "DE"),
        back.fields());
  }
}
