package com.fieldlead.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/** A content hash of a JSON body that ignores key order (for idempotent creates). Pure. */
final class Canonical {

  private Canonical() {}

  static String hash(JsonNode node, String salt) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(salt.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(Json.MAPPER.writeValueAsBytes(sorted(node)));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object sorted(JsonNode node) {
    if (node instanceof ObjectNode o) {
      TreeMap<String, Object> m = new TreeMap<>();
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        m.put(k, sorted(o.get(k)));
      }
      return m;
    }
    if (node.isArray()) {
      List<Object> l = new ArrayList<>();
      node.forEach(n -> l.add(sorted(n)));
      return l;
    }
    return node;
  }
}
