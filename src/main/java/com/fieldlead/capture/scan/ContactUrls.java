package com.fieldlead.capture.scan;

import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.problem.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A web address with contact data in its query ({@code https://card.example/c?first_name=Ana&email=...}, as digital
 * business card and lead-retrieval QR codes carry them) read into proposed lead fields. Parameter names are matched
 * without case, {@code _} or {@code -} against common synonyms; {@code utm_*} parameters are kept as extras. Pure.
 */
final class ContactUrls {

  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("firstname", LeadFields.FIRST_NAME),
      Map.entry("fname", LeadFields.FIRST_NAME),
      Map.entry("fn", LeadFields.FIRST_NAME),
      Map.entry("given", LeadFields.FIRST_NAME),
      Map.entry("givenname", LeadFields.FIRST_NAME),
      Map.entry("lastname", LeadFields.LAST_NAME),
      Map.entry("lname", LeadFields.LAST_NAME),
      Map.entry("ln", LeadFields.LAST_NAME),
      Map.entry("surname", LeadFields.LAST_NAME),
      Map.entry("familyname", LeadFields.LAST_NAME),
      Map.entry("email", LeadFields.EMAIL),
      Map.entry("mail", LeadFields.EMAIL),
      Map.entry("emailaddress", LeadFields.EMAIL),
      Map.entry("phone", LeadFields.PHONE),
      Map.entry("tel", LeadFields.PHONE),
      Map.entry("mobile", LeadFields.PHONE),
      Map.entry("phonenumber", LeadFields.PHONE),
      Map.entry("company", LeadFields.COMPANY),
      Map.entry("org", LeadFields.COMPANY),
      Map.entry("organization", LeadFields.COMPANY),
      Map.entry("organisation", LeadFields.COMPANY),
      Map.entry("title", LeadFields.TITLE),
      Map.entry("jobtitle", LeadFields.TITLE),
      Map.entry("position", LeadFields.TITLE),
      Map.entry("website", LeadFields.WEBSITE),
      Map.entry("web", LeadFields.WEBSITE),
      Map.entry("url", LeadFields.WEBSITE),
      Map.entry("city", LeadFields.CITY),
      Map.entry("town", LeadFields.CITY),
      Map.entry("region", LeadFields.REGION),
      Map.entry("state", LeadFields.REGION),
      Map.entry("country", LeadFields.COUNTRY),
      Map.entry("countrycode", LeadFields.COUNTRY));

  private static final Map<String, String> FULL_NAMES =
      Map.of("name", "", "fullname", "", "contactname", "");

  private ContactUrls() {}

  /** The proposed fields of {@code raw}; a 400 naming {@code field} when it is no http(s) address with contact data. */
  static ParsedScan read(String raw, String field) {
    URI uri;
    try {
      uri = new URI(raw.strip());
    } catch (URISyntaxException e) {
      throw ProblemException.invalidField(field, "format", "not a web address: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw ProblemException.invalidField(
          field, "format", "a contact URL is an http or https address");
    }
    ScanFields out = new ScanFields();
    String query = uri.getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        String key = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (NAMES.containsKey(key)) {
          out.put(NAMES.get(key), value);
        } else if (FULL_NAMES.containsKey(key)) {
          out.fullName(value);
        } else if (key.startsWith("utm")) {
          out.extra(name, value);
        } else {
          out.unparsed(name + "=" + value);
        }
      }
    }
    ParsedScan parsed = out.done(ScanFormat.URL, null);
    if (parsed.fields().isEmpty()) {
      throw ProblemException.invalidField(
          field,
          "noContactData",
          "the URL carries no contact data (query parameters such as first_name, last_name, email, phone, company)");
    }
    return parsed;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
