package com.fieldlead.sync.port;

/** A change as a feed serves it: stamped with the change number it was written at. */
public interface Stamped {

  /** The change number (the tenant's sequence, shared by every entity type). */
  long seq();
}
