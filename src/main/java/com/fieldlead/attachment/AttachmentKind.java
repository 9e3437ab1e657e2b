package com.fieldlead.attachment;

import java.util.Locale;
import java.util.Optional;

/** What an attachment shows: a photographed business card, a booth photo, or a spoken note. */
public enum AttachmentKind {
  BUSINESS_CARD(true),
  BOOTH_PHOTO(true),
  VOICE_NOTE(false);

  private final boolean image;

  AttachmentKind(boolean image) {
    this.image = image;
  }

  /** Whether this kind takes images (otherwise audio). */
  public boolean image() {
    return image;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AttachmentKind> fromWire(String wire) {
    for (AttachmentKind k : values()) {
      if (k.wire().equals(wire)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
