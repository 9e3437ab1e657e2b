package com.fieldlead.csv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How a CSV file's bytes become text: its encoding (a UTF-8 byte order mark, else UTF-8 when every byte sequence is
 * valid UTF-8, else Windows-1252, what Excel on Windows saves as "CSV") and its delimiter (the one of comma,
 * semicolon and tab that the header line uses most outside quotes; European Excel writes semicolons).
 */
final class CsvText {

  /** Windows-1252: a superset of ISO-8859-1 for the printable range, what "ANSI" means on Western Windows. */
  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /** A file's text and how it was read. */
  record Decoded(String text, Charset charset, char delimiter) {
    /** The delimiter as a word for answers: comma, semicolon or tab. */
    String delimiterName() {
      return switch (delimiter) {
        case ';' -> "semicolon";
        case '\t' -> "tab";
        default -> "comma";
      };
    }
  }

  private CsvText() {}

  static Decoded decode(byte[] bytes) {
    boolean bom = bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF;
    String text;
    Charset charset;
    if (bom) {
      charset = StandardCharsets.UTF_8;
      text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    } else {
      String utf8 = strictUtf8(bytes);
      charset = utf8 != null ? StandardCharsets.UTF_8 : WINDOWS_1252;
      text = utf8 != null ? utf8 : new String(bytes, WINDOWS_1252);
    }
    return new Decoded(text, charset, delimiterOf(text));
  }

  /** The text when {@code bytes} are valid UTF-8, else null. */
  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The delimiter the first line (the header, up to its first unquoted line break) uses most; comma on a tie. */
  static char delimiterOf(String text) {
    int comma = 0;
    int semicolon = 0;
    int tab = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        if (c == '\n' || c == '\r') {
          break;
        }
        switch (c) {
          case ',' -> comma++;
          case ';' -> semicolon++;
          case '\t' -> tab++;
          default -> {}
        }
      }
    }
    if (semicolon > comma && semicolon >= tab) {
      return ';';
    }
    if (tab > comma && tab > semicolon) {
      return '\t';
    }
    return ',';
  }
}
