package com.fieldlead.csv;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lead fields a CSV file carries, under their stable column names (the lead's JSON names: what an export writes
 * and an import reads back), and the header words of other tools and languages that name them (English, German,
 * French, Spanish, Portuguese: "E-Mail", "Courriel", "Nachname", "Firma"...).
 */
final class LeadColumns {

  /** A column mapped to this is not imported. */
  static final String IGNORE = "";

  /** Columns an import writes, in export order. */
  static final List<String> WRITABLE = List.of(
      "id",
      "firstName",
      "lastName",
      "email",
      "phone",
      "company",
      "title",
      "website",
      "industry",
      "companySize",
      "country",
      "region",
      "city",
      "source",
      "campaign",
      "eventId",
      "captureMethod",
      "capturedAt",
      "status",
      "statusReason",
      "ownerId",
      "teamId",
      "tags");

  /** Columns an export adds that an import reads past (the server sets them). */
  static final List<String> SERVER_OWNED =
      List.of("score", "temperature", "createdAt", "updatedAt");

  /** Every column of an export, in order. */
  static final List<String> EXPORTED = concat(WRITABLE, SERVER_OWNED);

  /** Fields whose values are words of a fixed list: case and separators are forgiven. */
  static final Set<String> ENUM_LIKE = Set.of("source", "captureMethod");

  /** Separator of several tags in one cell. */
  static final String TAG_SEPARATOR = ";";

  private static final Map<String, String> SYNONYMS = synonyms();

  private LeadColumns() {}

  /** The lead field a header names ({@link #IGNORE} when none, or when it names a server-owned column). */
  static String guess(String header) {
    return SYNONYMS.getOrDefault(key(header), IGNORE);
  }

  /**
   * The guessed mapping of a header line: each header to the field it names; a field named twice goes to the first
   * column that names it, later ones are ignored.
   */
  static Map<String, String> guess(List<String> headers) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (String h : headers) {
      String field = guess(h);
      out.put(h, field.isEmpty() || !taken.add(field) ? IGNORE : field);
    }
    return out;
  }

  /** A header as compared: lower case, accents and everything but letters and digits dropped. */
  static String key(String header) {
    String s = Normalizer.normalize(header == null ? "" : header.strip(), Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT)
        .replace("ß", "ss");
    return s.replaceAll("[^a-z0-9]", "");
  }

  private static Map<String, String> synonyms() {
    Map<String, String> m = new HashMap<>();
    put(m, "id", "id", "leadid", "uuid");
    put(
        m,
        "firstName",
        "firstname",
        "first",
        "givenname",
        "forename",
        "vorname",
        "prenom",
        "nombre",
        "primeironome",
        "nome");
    put(
        m,
        "lastName",
        "lastname",
        "last",
        "surname",
        "familyname",
        "nachname",
        "familienname",
        "nom",
        "nomdefamille",
        "apellido",
        "apellidos",
        "sobrenome",
        "ultimonome");
    put(
        m,
        "email",
        "email",
        "emailaddress",
        "mail",
        "emailadresse",
        "courriel",
        "adresseemail",
        "adressecourriel",
        "correo",
        "correoelectronico",
        "enderecodeemail",
        "enderecoemail");
    put(
        m,
        "phone",
        "phone",
        "phonenumber",
        "telephone",
        "tel",
        "mobile",
        "mobilephone",
        "cellphone",
        "telefon",
        "telefonnummer",
        "handy",
        "mobiltelefon",
        "telephoneportable",
        "portable",
        "numerodetelephone",
        "telefono",
        "movil",
        "celular",
        "telefone");
    put(
        m,
        "company",
        "company",
        "companyname",
        "organization",
        "organisation",
        "account",
        "accountname",
        "firma",
        "unternehmen",
        "firmenname",
        "societe",
        "entreprise",
        "empresa",
        "compania",
        "organizacion",
        "organizacao");
    put(
        m,
        "title",
        "title",
        "jobtitle",
        "position",
        "role",
        "titel",
        "funktion",
        "berufsbezeichnung",
        "poste",
        "fonction",
        "titre",
        "cargo",
        "puesto");
    put(
        m,
        "website",
        "website",
        "web",
        "url",
        "homepage",
        "webseite",
        "siteweb",
        "siteinternet",
        "sitioweb",
        "site");
    put(
        m,
        "industry",
        "industry",
        "branche",
        "industrie",
        "secteur",
        "sector",
        "industria",
        "setor");
    put(
        m,
        "companySize",
        "companysize",
        "employees",
        "numberofemployees",
        "size",
        "unternehmensgrosse",
        "mitarbeiter",
        "mitarbeiterzahl",
        "taille",
        "tailledelentreprise",
        "effectif",
        "tamano",
        "empleados",
        "tamanho",
        "funcionarios");
    put(m, "country", "country", "countrycode", "land", "pays", "pais");
    put(
        m,
        "region",
        "region",
        "state",
        "province",
        "bundesland",
        "etat",
        "provincia",
        "estadoprovincia");
    put(m, "city", "city", "town", "stadt", "ort", "ville", "ciudad", "cidade");
    put(
        m,
        "source",
        "source",
        "leadsource",
        "quelle",
        "leadquelle",
        "origine",
        "fuente",
        "origen",
        "origem");
    put(m, "campaign", "campaign", "kampagne", "campagne", "campana", "campanha");
    put(m, "eventId", "eventid");
    put(m, "captureMethod", "capturemethod");
    put(m, "capturedAt", "capturedat", "capturetime");
    put(m, "status", "status", "leadstatus", "statut");
    put(m, "statusReason", "statusreason");
    put(m, "ownerId", "ownerid");
    put(m, "teamId", "teamid");
    put(m, "tags", "tags", "tag", "labels", "schlagworte", "etiquettes", "etiquetas");
    return Map.copyOf(m);
  }

  private static void put(Map<String, String> m, String field, String... keys) {
    for (String k : keys) {
      m.put(k, field);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
