package com.fieldlead.store;

import com.mongodb.client.model.IndexOptions;
import java.util.Objects;
import org.bson.conversions.Bson;

/** One index a feature needs: its collection, keys and options (with a stable name so creation is idempotent). */
public record IndexDef(String collection, Bson keys, IndexOptions options) {
  public IndexDef {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(options.getName(), "every index needs a name");
  }

  public static IndexDef of(String collection, String name, Bson keys) {
    return new IndexDef(collection, keys, new IndexOptions().name(name));
  }

  public static IndexDef unique(String collection, String name, Bson keys) {
    return new IndexDef(collection, keys, new IndexOptions().name(name).unique(true));
  }
}
