package com.fieldlead.store.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The top-level fields an update document may change, read from its operators' paths. */
final class UpdatedFields {

  private UpdatedFields() {}

  /**
   * The first segment of every path the update's operators name ({@code $set: {"a.b": 1}} changes {@code a}), and
   * both names of a {@code $rename}; null for a replacement document or anything not shaped as operators of paths,
   * which may change any field.
   */
  static Set<String> roots(Document update) {
    Set<String> roots = new HashSet<>();
    for (Map.Entry<String, Object> operator : update.entrySet()) {
      if (!operator.getKey().startsWith("$") || !(operator.getValue() instanceof Document paths)) {
        return null;
      }
      for (Map.Entry<String, Object> path : paths.entrySet()) {
        roots.add(root(path.getKey()));
        if (operator.getKey().equals("$rename")) {
          if (!(path.getValue() instanceof String to)) {
            return null;
          }
          roots.add(root(to));
        }
      }
    }
    return roots;
  }

  private static String root(String path) {
    int dot = path.indexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }
}
