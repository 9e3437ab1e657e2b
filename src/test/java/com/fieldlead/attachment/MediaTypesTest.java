package com.fieldlead.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaTypesTest {

  static byte[] bytes(int... b) {
    byte[] out = new byte[Math.max(b.length, 16)];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  static byte[] ascii(String s) {
    byte[] out = new byte[Math.max(s.length(), 16)];
    byte[] a = s.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(a, 0, out, 0, a.length);
    return out;
  }

  @Test
  void eachAcceptedTypeIsRecognisedByItsSignature() {
    assertEquals(Optional.of("image/jpeg"), MediaTypes.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0)));
    assertEquals(
        Optional.of("image/png"),
        MediaTypes.sniff(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)));
    assertEquals(Optional.of("image/webp"), MediaTypes.sniff(ascii("RIFF\0\0\0\0WEBPVP8 ")));
    assertEquals(Optional.of("image/heic"), MediaTypes.sniff(ascii("\0\0\0\u0018ftypheic")));
    assertEquals(Optional.of("image/heic"), MediaTypes.sniff(ascii("\0\0\0\u0018ftypmif1")));
    assertEquals(Optional.of("audio/mp4"), MediaTypes.sniff(ascii("\0\0\0\u001cftypM4A ")));
    assertEquals(Optional.of("audio/aac"), MediaTypes.sniff(bytes(0xFF, 0xF1, 0x50, 0x80)));
    assertEquals(Optional.of("audio/mpeg"), MediaTypes.sniff(ascii("ID3\u0004")));
    assertEquals(Optional.of("audio/mpeg"), MediaTypes.sniff(bytes(0xFF, 0xFB, 0x90, 0x64)));
    assertEquals(Optional.of("audio/ogg"), MediaTypes.sniff(ascii("OggS\0\u0002")));
  }

  @Test
  void otherBytesAndAVideoBrandAreNoAcceptedType() {
    assertEquals(Optional.empty(), MediaTypes.sniff(ascii("%PDF-1.7")));
    assertEquals(Optional.empty(), MediaTypes.sniff(ascii("\0\0\0\u0018ftypqt  ")));
    assertEquals(Optional.empty(), MediaTypes.sniff(new byte[0]));
    assertEquals(Optional.empty(), MediaTypes.sniff(bytes(0xFF)));
  }

  @Test
  void declaredTypesAreReadWithoutParametersCaseOrAliases() {
    assertEquals(Optional.of("image/jpeg"), MediaTypes.canonical("Image/JPG"));
    assertEquals(Optional.of("audio/ogg"), MediaTypes.canonical("audio/ogg; codecs=opus"));
    assertEquals(Optional.of("audio/mp4"), MediaTypes.canonical("audio/x-m4a"));
    assertEquals(Optional.empty(), MediaTypes.canonical("application/octet-stream"));
    assertEquals(Optional.empty(), MediaTypes.canonical(null));
  }

  @Test
  void theMissingRangesAreTheGapsBetweenThePiecesReceivedInAnyOrder() {
    List<long[]> gaps = ContentRange.missing(
        List.of(ContentRange.parse("bytes 200-299/500"), ContentRange.parse("bytes 0-99/500")),
        500);

    assertEquals(2, gaps.size());
    assertEquals(List.of(100L, 199L), List.of(gaps.get(0)[0], gaps.get(0)[1]));
    assertEquals(List.of(300L, 499L), List.of(gaps.get(1)[0], gaps.get(1)[1]));
    assertEquals(
        0, ContentRange.missing(List.of(ContentRange.parse("bytes 0-9/10")), 10).size());
  }
}
