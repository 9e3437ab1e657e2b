package com.fieldlead.lead;

import com.fieldlead.lead.model.Lead;

/**
 * Another media type {@code GET /v1/leads/{id}} answers when the caller's {@code Accept} asks for it (the scan
 * feature adds {@code text/vcard}); JSON stays the default.
 */
public interface LeadRendering {

  /** The media type, lower case, without parameters (e.g. {@code text/vcard}). */
  String mediaType();

  /** The {@code Content-Type} header sent with the rendering (may add a charset). */
  default String contentType() {
    return mediaType();
  }

  /** The lead in this media type. */
  String render(Lead lead);
}
