package com.fieldlead.capture.scan;

import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.problem.ProblemException;
import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.ParseWarning;
import ezvcard.io.text.VCardReader;
import ezvcard.parameter.EmailType;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Address;
import ezvcard.property.Email;
import ezvcard.property.FormattedName;
import ezvcard.property.Note;
import ezvcard.property.Organization;
import ezvcard.property.ProductId;
import ezvcard.property.RawProperty;
import ezvcard.property.Revision;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.Title;
import ezvcard.property.Uid;
import ezvcard.property.Url;
import ezvcard.property.VCardProperty;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * vCard 2.1, 3.0 and 4.0 read into proposed lead fields, and a lead written as a vCard 4.0, both through ez-vcard
 * (folded lines, quoted-printable, character sets and escapes are the library's). Pure.
 */
final class VCardContacts {

  /** Property types read into fields or extras; any other is reported as not understood. */
  private static final Set<Class<? extends VCardProperty>> READ = Set.of(
      StructuredName.class,
      FormattedName.class,
      Email.class,
      Telephone.class,
      Organization.class,
      Title.class,
      Url.class,
      Address.class,
      Note.class,
      Uid.class,
      Revision.class,
      ProductId.class);

  private VCardContacts() {}

  /** The proposed fields of the first vCard in {@code raw}; a 400 naming {@code field} when it holds none. */
  static ParsedScan read(String raw, String field) {
    VCard card;
    List<ParseWarning> warnings;
    try (VCardReader reader = new VCardReader(raw)) {
      card = reader.readNext();
      warnings = reader.getWarnings();
    } catch (IOException | RuntimeException e) {
      throw ProblemException.invalidField(
          field, "format", "not a readable vCard: " + e.getMessage());
    }
    if (card == null) {
      throw ProblemException.invalidField(
          field, "format", "not a vCard: no BEGIN:VCARD ... END:VCARD block");
    }
    ScanFields out = new ScanFields();
    StructuredName n = card.getStructuredName();
    if (n != null) {
      out.put(LeadFields.FIRST_NAME, join(n.getGiven(), n.getAdditionalNames()));
      out.put(LeadFields.LAST_NAME, n.getFamily());
    }
    if (!out.has(LeadFields.LAST_NAME) && card.getFormattedName() != null) {
      out.fullName(card.getFormattedName().getValue());
    }
    card.getEmails().forEach(e -> out.put(LeadFields.EMAIL, e.getValue()));
    for (Telephone t : card.getTelephoneNumbers()) {
      out.put(
          LeadFields.PHONE,
          t.getText() != null
              ? t.getText()
              : t.getUri() == null ? null : t.getUri().getNumber());
    }
    Organization org = card.getOrganization();
    if (org != null && !org.getValues().isEmpty()) {
      out.put(LeadFields.COMPANY, org.getValues().get(0));
      if (org.getValues().size() > 1) {
        out.extra(
            "department",
            String.join(", ", org.getValues().subList(1, org.getValues().size())));
      }
    }
    card.getTitles().forEach(t -> out.put(LeadFields.TITLE, t.getValue()));
    card.getUrls().forEach(u -> out.put(LeadFields.WEBSITE, u.getValue()));
    for (Address a : card.getAddresses()) {
      out.put(LeadFields.CITY, a.getLocality());
      out.put(LeadFields.REGION, a.getRegion());
      out.put(LeadFields.COUNTRY, a.getCountry());
      out.extra("address", a.getStreetAddressFull());
      out.extra("postalCode", a.getPostalCode());
    }
    card.getNotes().forEach(note -> out.extra("note", note.getValue()));
    for (VCardProperty p : card.getProperties()) {
      if (p instanceof RawProperty r) {
        out.unparsed(r.getPropertyName() + ": " + r.getValue());
      } else if (!READ.contains(p.getClass())) {
        out.unparsed(p.getClass().getSimpleName().toUpperCase(Locale.ROOT));
      }
    }
    warnings.forEach(w -> out.unparsed("warning: " + w.getMessage()));
    return out.done(
        ScanFormat.VCARD,
        card.getVersion() == null ? "vcard" : "vcard-" + card.getVersion().getVersion());
  }

  /** The lead as a vCard 4.0: name, e-mail, phone, company, title, website and city/region/country. */
  static String write(Lead lead) {
    VCard card = new VCard();
    StructuredName n = new StructuredName();
    n.setFamily(lead.contact().lastName());
    n.setGiven(lead.contact().firstName());
    card.setStructuredName(n);
    String full = join(
        lead.contact().firstName(),
        lead.contact().lastName() == null ? List.of() : List.of(lead.contact().lastName()));
    card.setFormattedName(
        full != null
            ? full
            : lead.organization().company() != null ? lead.organization().company() : "");
    if (lead.contact().email() != null) {
      card.addEmail(lead.contact().email(), EmailType.WORK);
    }
    if (lead.contact().phone() != null) {
      card.addTelephoneNumber(lead.contact().phone(), TelephoneType.WORK);
    }
    if (lead.organization().company() != null) {
      card.setOrganization(lead.organization().company());
    }
    if (lead.contact().title() != null) {
      card.addTitle(lead.contact().title());
    }
    if (lead.organization().website() != null) {
      card.addUrl(lead.organization().website());
    }
    if (lead.organization().city() != null
        || lead.organization().region() != null
        || lead.organization().country() != null) {
      Address a = new Address();
      a.setLocality(lead.organization().city());
      a.setRegion(lead.organization().region());
      a.setCountry(lead.organization().country());
      card.addAddress(a);
    }
    card.setUid(new Uid("urn:uuid:" + lead.id()));
    if (lead.bookkeeping().updatedAt() != null) {
      card.setRevision(new Revision(lead.bookkeeping().updatedAt()));
    }
    return Ezvcard.write(card).version(VCardVersion.V4_0).prodId(false).go();
  }

  private static String join(String first, List<String> more) {
    StringBuilder b = new StringBuilder(first == null ? "" : first.strip());
    for (String m : more) {
      if (m != null && !m.isBlank()) {
        b.append(b.length() == 0 ? "" : " ").append(m.strip());
      }
    }
    return b.length() == 0 ? null : b.toString();
  }
}
