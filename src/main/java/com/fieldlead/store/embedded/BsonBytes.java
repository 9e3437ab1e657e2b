package com.fieldlead.store.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Documents as stored: the BSON of the wire protocol (mongo-java-server's own encoder and decoder, so every value the
 * store accepts comes back as it went in), and a reader that decodes only some top-level fields of it, skipping the
 * rest by their lengths (building an index needs its fields, not a lead's 8 KB).
 */
final class BsonBytes {

  private static final ThreadLocal<ByteBuf> BUFFER =
      ThreadLocal.withInitial(() -> Unpooled.buffer(16 * 1024));
  private static final int KEEP = 1 << 20;

  private BsonBytes() {}

  static byte[] encode(Document document) {
    ByteBuf buf = BUFFER.get();
    buf.clear();
    BsonEncoder.encodeDocument(document, buf);
    byte[] out = new byte[buf.readableBytes()];
    buf.readBytes(out);
    if (buf.capacity() > KEEP) { // one huge document should not pin its buffer to the thread
      BUFFER.remove();
    }
    return out;
  }

  static Document decode(byte[] bytes) {
    return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
  }

  /**
   * The top-level fields of {@code bytes} named in {@code fields} (those present), in stored order; the others are
   * skipped without being decoded.
   */
  static Document decode(byte[] bytes, Set<String> fields) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    int end = buf.readIntLE() - 1; // the terminating byte
    Document out = new Document();
    int found = 0;
    while (buf.readerIndex() < end && found < fields.size()) {
      byte type = buf.readByte();
      int nameLength = buf.bytesBefore(BsonConstants.STRING_TERMINATION);
      String name = buf.toString(buf.readerIndex(), nameLength, StandardCharsets.UTF_8);
      buf.skipBytes(nameLength + 1);
      if (fields.contains(name)) {
        out.put(name, BsonDecoder.decodeValue(type, buf));
        found++;
      } else {
        skip(type, buf);
      }
    }
    return out;
  }

  private static void skip(byte type, ByteBuf buf) {
    switch (type) {
      case BsonConstants.TYPE_DOUBLE,
          BsonConstants.TYPE_UTC_DATETIME,
          BsonConstants.TYPE_TIMESTAMP,
          BsonConstants.TYPE_INT64 -> buf.skipBytes(8);
      case BsonConstants.TYPE_UTF8_STRING, BsonConstants.TYPE_JAVASCRIPT_CODE ->
        buf.skipBytes(buf.readIntLE());
      case BsonConstants.TYPE_EMBEDDED_DOCUMENT,
          BsonConstants.TYPE_ARRAY,
          BsonConstants.TYPE_JAVASCRIPT_CODE_WITH_SCOPE ->
        buf.skipBytes(buf.getIntLE(buf.readerIndex()));
      case BsonConstants.TYPE_DATA -> buf.skipBytes(buf.readIntLE() + 1);
      case BsonConstants.TYPE_UNDEFINED,
          BsonConstants.TYPE_NULL,
          BsonConstants.TYPE_MAX_KEY,
          BsonConstants.TYPE_MIN_KEY -> {}
      case BsonConstants.TYPE_OBJECT_ID -> buf.skipBytes(BsonConstants.LENGTH_OBJECTID);
      case BsonConstants.TYPE_BOOLEAN -> buf.skipBytes(1);
      case BsonConstants.TYPE_REGEX -> {
        buf.skipBytes(buf.bytesBefore(BsonConstants.STRING_TERMINATION) + 1);
        buf.skipBytes(buf.bytesBefore(BsonConstants.STRING_TERMINATION) + 1);
      }
      case BsonConstants.TYPE_INT32 -> buf.skipBytes(4);
      case BsonConstants.TYPE_DECIMAL128 -> buf.skipBytes(16);
      default ->
        throw new IllegalArgumentException("unknown BSON type 0x" + Integer.toHexString(type));
    }
  }
}
