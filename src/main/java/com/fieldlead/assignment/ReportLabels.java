package com.fieldlead.assignment;

import com.fieldlead.lead.model.LeadSettings;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Labels of report groups that are not names (no owner, no team, a lead source) in the reader's language, from
 * {@code report_labels*.properties} next to this class (en, de, fr, es, pt; English fills a missing key). Pure.
 */
final class ReportLabels {

  private static final String BUNDLE = "com.fieldlead.assignment.report_labels";

  private ReportLabels() {}

  /** The label of {@code key} in {@code locale}'s language, or null when there is none. */
  static String label(String locale, String key) {
    Locale l = Locale.forLanguageTag(LeadSettings.language(locale));
    try {
      return ResourceBundle.getBundle(
              BUNDLE,
              l,
              ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))
          .getString(key);
    } catch (MissingResourceException e) {
      return null;
    }
  }
}
