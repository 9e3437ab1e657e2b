package com.fieldlead.store.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Store keys: a collection's 4-byte number, then its document's position, which is the document's {@code _id}
 * normalised as the store compares ids (1, 1L and 1.0 are one id), or, in a collection without ids, a random UUID.
 * Positions decode back from the key, so a scan never needs a document to know where it lives.
 */
final class Keys {

  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte OBJECT_ID = 2;
  private static final byte DOUBLE = 3;
  private static final byte LONG = 4;
  private static final byte UUID_TYPE = 5;
  private static final byte BOOLEAN = 6;
  private static final byte INSTANT = 7;
  private static final byte OTHER = 8;

  private Keys() {}

  /** The position of a document with this id: the normalised id ({@code Missing} for none). */
  static Object position(Object id) {
    if (id == null || id instanceof Missing) {
      return Missing.getInstance();
    }
    Object normal = new KeyValue(id).normalized().get(0);
    return normal == null ? Missing.getInstance() : normal;
  }

  /** The key of {@code position} in the collection numbered {@code collection}. */
  static byte[] key(int collection, Object position) {
    byte[] tail = encode(position);
    byte[] key = new byte[4 + tail.length];
    ByteBuffer.wrap(key).putInt(collection);
    System.arraycopy(tail, 0, key, 4, tail.length);
    return key;
  }

  /** The first key of the collection numbered {@code collection}. */
  static byte[] prefix(int collection) {
    return ByteBuffer.allocate(4).putInt(collection).array();
  }

  /** The first key after every key of the collection numbered {@code collection}. */
  static byte[] end(int collection) {
    return ByteBuffer.allocate(4).putInt(collection + 1).array();
  }

  static Object positionOf(byte[] key) {
    return decode(Arrays.copyOfRange(key, 4, key.length));
  }

  private static byte[] encode(Object p) {
    if (p instanceof Missing || p == null) {
      return new byte[] {NULL};
    }
    if (p instanceof String s) {
      return tagged(STRING, s.getBytes(StandardCharsets.UTF_8));
    }
    if (p instanceof ObjectId o) {
      return tagged(OBJECT_ID, o.toByteArray());
    }
    if (p instanceof Double d) {
      return tagged(DOUBLE, ByteBuffer.allocate(8).putDouble(d).array());
    }
    if (p instanceof Long l) {
      return tagged(LONG, ByteBuffer.allocate(8).putLong(l).array());
    }
    if (p instanceof UUID u) {
      return tagged(
          UUID_TYPE,
          ByteBuffer.allocate(16)
              .putLong(u.getMostSignificantBits())
              .putLong(u.getLeastSignificantBits())
              .array());
    }
    if (p instanceof Boolean b) {
      return new byte[] {BOOLEAN, (byte) (b ? 1 : 0)};
    }
    if (p instanceof Instant i) {
      return tagged(
          INSTANT,
          ByteBuffer.allocate(12)
              .putLong(i.getEpochSecond())
              .putInt(i.getNano())
              .array());
    }
    return tagged(OTHER, BsonBytes.encode(new Document("v", p)));
  }

  private static Object decode(byte[] b) {
    ByteBuffer in = ByteBuffer.wrap(b, 1, b.length - 1);
    return switch (b[0]) {
      case NULL -> Missing.getInstance();
      case STRING -> new String(b, 1, b.length - 1, StandardCharsets.UTF_8);
      case OBJECT_ID -> new ObjectId(Arrays.copyOfRange(b, 1, b.length));
      case DOUBLE -> in.getDouble();
      case LONG -> in.getLong();
      case UUID_TYPE -> new UUID(in.getLong(), in.getLong());
      case BOOLEAN -> b[1] == 1;
      case INSTANT -> Instant.ofEpochSecond(in.getLong(), in.getInt());
      case OTHER -> BsonBytes.decode(Arrays.copyOfRange(b, 1, b.length)).get("v");
      default -> throw new IllegalArgumentException("unknown key type " + b[0]);
    };
  }

  private static byte[] tagged(byte type, byte[] body) {
    byte[] out = new byte[body.length + 1];
    out[0] = type;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }
}
