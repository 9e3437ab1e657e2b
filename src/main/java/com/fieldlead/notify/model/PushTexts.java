package com.fieldlead.notify.model;

import com.fieldlead.lead.model.LeadSettings;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * Push titles and bodies from per-language templates ({@code push_texts*.properties} next to this class: English,
 * German, French, Spanish, Portuguese; English is the fallback for a missing key). A template is a
 * {@link MessageFormat} pattern over names and times; a name that is missing (null) is the template's
 * {@code .unnamed} text, else the general {@code unnamed} ("A lead"). Pure.
 */
public final class PushTexts {

  /** The languages push texts are written in (those a tenant or user may choose); the first is the default. */
  public static final List<String> LOCALES = LeadSettings.LOCALES;

  private static final String BUNDLE = "com.fieldlead.notify.model.push_texts";

  /** What to say: a template key ({@code hot_lead}, {@code reminder}...) and its arguments. */
  public record Text(String key, List<Object> args) {
    public Text {
      Objects.requireNonNull(key, "key");
      args = args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(args));
    }

    public static Text of(String key, Object... args) {
      return new Text(key, Arrays.asList(args));
    }
  }

  /** A rendered title and body. */
  public record Rendered(String title, String body) {}

  private PushTexts() {}

  /** {@code text} in {@code locale}'s language: {@code key.title} and {@code key.body}. */
  public static Rendered render(String locale, Text text) {
    Locale l = Locale.forLanguageTag(LeadSettings.language(locale));
    ResourceBundle bundle = ResourceBundle.getBundle(
        BUNDLE,
        l,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    return new Rendered(
        format(bundle, l, text.key() + ".title", text.args()),
        format(bundle, l, text.key() + ".body", text.args()));
  }

  private static String format(ResourceBundle bundle, Locale l, String key, List<Object> args) {
    Object[] filled = args.toArray();
    for (int i = 0; i < filled.length; i++) {
      if (filled[i] == null) {
        filled[i] = string(bundle, key + ".unnamed", "unnamed");
      }
    }
    return new MessageFormat(string(bundle, key, null), l).format(filled);
  }

  private static String string(ResourceBundle bundle, String key, String fallbackKey) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      if (fallbackKey == null) {
        throw e;
      }
      return bundle.getString(fallbackKey);
    }
  }
}
