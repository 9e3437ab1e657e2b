package com.fieldlead.tracing;

import io.vertx.core.spi.tracing.TagExtractor;
import java.util.Set;

/**
 * The tags Vert.x reads from an HTTP request for its span, without the query string: a query can hold what a person
 * typed (a search for a name or an e-mail address), so {@code url.query} is left out and the full URL is cut at its
 * {@code ?}. Headers and bodies are never tags.
 */
final class PrivateTags<T> implements TagExtractor<T> {

  private static final Set<String> CUT_AT_QUERY = Set.of("url.full", "http.url");
  private static final String QUERY = "url.query";

  private final TagExtractor<T> tags;

  private PrivateTags(TagExtractor<T> tags) {
    this.tags = tags;
  }

  static <T> TagExtractor<T> of(TagExtractor<T> tags) {
    return tags == null ? null : new PrivateTags<>(tags);
  }

  @Override
  public int len(T obj) {
    int n = tags.len(obj);
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (!QUERY.equals(tags.name(obj, i))) {
        kept++;
      }
    }
    return kept;
  }

  @Override
  public String name(T obj, int index) {
    return tags.name(obj, source(obj, index));
  }

  @Override
  public String value(T obj, int index) {
    int i = source(obj, index);
    String value = tags.value(obj, i);
    if (value != null && CUT_AT_QUERY.contains(tags.name(obj, i))) {
      int q = value.indexOf('?');
      return q < 0 ? value : value.substring(0, q);
    }
    return value;
  }

  /** The index in the full tag list of the {@code index}th kept tag. */
  private int source(T obj, int index) {
    int n = tags.len(obj);
    int kept = -1;
    for (int i = 0; i < n; i++) {
      if (!QUERY.equals(tags.name(obj, i)) && ++kept == index) {
        return i;
      }
    }
    throw new IndexOutOfBoundsException(index);
  }
}
