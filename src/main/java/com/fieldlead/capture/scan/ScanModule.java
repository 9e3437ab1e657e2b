package com.fieldlead.capture.scan;

import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.CaptureScanReader;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.LeadRendering;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoStore;
import java.time.Clock;
import java.util.List;

/**
 * Badge, QR and business-card scans: {@code POST /v1/captures/parse}, event badge layouts, the reading of a capture's
 * {@code scan} payload on create, and the vCard rendering of a lead (both registered with the lead module in
 * {@code app/Features}).
 */
public final class ScanModule {

  /** The vCard 4.0 media type (RFC 6350). */
  public static final String VCARD = "text/vcard";

  private final BadgeFormatRepository formats;
  private final ScanService service;

  public ScanModule(MongoStore store, Clock clock, LeadModule leads) {
    this.formats = new MongoBadgeFormatRepository(store);
    this.service = new ScanService(leads, formats, clock);
  }

  /** Reads a capture's {@code scan} payload on create (registered with the lead module in {@code app/Features}). */
  public CaptureScanReader scanReader() {
    return service;
  }

  /** The vCard rendering of a lead (registered with the lead module in {@code app/Features}). */
  public LeadRendering vCardRendering() {
    return new LeadRendering() {
      @Override
      public String mediaType() {
        return VCARD;
      }

      @Override
      public String contentType() {
        return VCARD + "; charset=utf-8";
      }

      @Override
      public String render(Lead lead) {
        return VCardContacts.write(lead);
      }
    };
  }

  public ScanService service() {
    return service;
  }

  public List<IndexDef> indexes() {
    return formats.indexes();
  }

  public List<Endpoint> endpoints() {
    return List.of(new ScanEndpoint(service));
  }
}
