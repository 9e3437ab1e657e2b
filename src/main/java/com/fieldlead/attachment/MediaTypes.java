package com.fieldlead.attachment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The media types an attachment may have, and what a file's first bytes (its magic bytes) say it is. Pure: the
 * declared {@code Content-Type} of an upload is only believed when the bytes agree.
 */
final class MediaTypes {

  static final String JPEG = "image/jpeg";
  static final String PNG = "image/png";
  static final String HEIC = "image/heic";
  static final String WEBP = "image/webp";
  static final String M4A = "audio/mp4";
  static final String AAC = "audio/aac";
  static final String MP3 = "audio/mpeg";
  static final String OGG = "audio/ogg";

  /** Every accepted type, images first. */
  static final List<String> ACCEPTED = List.of(JPEG, PNG, HEIC, WEBP, M4A, AAC, MP3, OGG);

  /** The types the JDK can decode, which get a thumbnail. */
  static final Set<String> THUMBNAILED = Set.of(JPEG, PNG, WEBP);

  /** Other names phones send for the same types. */
  private static final Map<String, String> ALIASES = Map.of(
      "image/jpg", JPEG,
      "image/pjpeg", JPEG,
      "image/heif", HEIC,
      "audio/m4a", M4A,
      "audio/x-m4a", M4A,
      "audio/x-aac", AAC,
      "audio/mp3", MP3,
      "audio/opus", OGG);

  private static final Set<String> HEIC_BRANDS =
      Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1");
  private static final Set<String> M4A_BRANDS =
      Set.of("M4A ", "M4B ", "mp41", "mp42", "isom", "iso2");

  private MediaTypes() {}

  /** The accepted type a declared {@code Content-Type} names (parameters and case ignored, aliases resolved). */
  static Optional<String> canonical(String declared) {
    if (declared == null) {
      return Optional.empty();
    }
    int semicolon = declared.indexOf(';');
    String bare = (semicolon < 0 ? declared : declared.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
    String type = ALIASES.getOrDefault(bare, bare);
    return ACCEPTED.contains(type) ? Optional.of(type) : Optional.empty();
  }

  static boolean isImage(String type) {
    return type.startsWith("image/");
  }

  /** What the bytes are, by their signature; empty when they are none of the accepted types. */
  static Optional<String> sniff(byte[] b) {
    if (starts(b, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (starts(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
      return Optional.of(WEBP);
    }
    if (ascii(b, 4, "ftyp") && b.length >= 12) {
      String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
      if (HEIC_BRANDS.contains(brand)) {
        return Optional.of(HEIC);
      }
      if (M4A_BRANDS.contains(brand)) {
        return Optional.of(M4A);
      }
      return Optional.empty();
    }
    if (ascii(b, 0, "OggS")) {
      return Optional.of(OGG);
    }
    if (ascii(b, 0, "ID3")) {
      return Optional.of(MP3);
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0) {
      int layer = (b[1] & 0x06) >> 1;
      if (layer == 0 && (b[1] & 0xF0) == 0xF0) {
        return Optional.of(AAC); // ADTS: MPEG sync word with layer 00
      }
      if (layer != 0) {
        return Optional.of(MP3); // an MPEG audio frame header (layer I, II or III)
      }
    }
    return Optional.empty();
  }

  private static boolean starts(byte[] b, int at, int... expected) {
    if (b.length < at + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((b[at + i] & 0xFF) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean ascii(byte[] b, int at, String expected) {
    return starts(b, at, expected.chars().toArray());
  }
}
