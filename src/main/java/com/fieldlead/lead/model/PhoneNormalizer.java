package com.fieldlead.lead.model;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/** Phone numbers to E.164 with libphonenumber; what cannot be parsed or is not a valid number is kept as given. */
public final class PhoneNormalizer {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNormalizer() {}

  /**
   * @param e164 the E.164 form when valid, otherwise the input as given (trimmed)
   * @param valid whether the number parsed and is a valid number for its region
   */
  public record Result(String e164, String raw, boolean valid) {}

  /** Normalises {@code input}; {@code region} (ISO 3166 alpha-2, may be null) is used when the number has no +. */
  public static Result normalise(String input, String region) {
    String raw = input.trim();
    try {
      Phonenumber.PhoneNumber n = UTIL.parse(raw, region == null ? "ZZ" : region);
      if (UTIL.isValidNumber(n)) {
        return new Result(UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164), raw, true);
      }
    } catch (NumberParseException e) {
      // kept as given and flagged below
    }
    return new Result(raw, raw, false);
  }
}
