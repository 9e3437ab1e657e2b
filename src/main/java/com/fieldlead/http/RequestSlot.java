package com.fieldlead.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * A typed place on a request's context for one value that one step of its handling leaves for a later one (the reads
 * a secured operation starts beside authentication, for its handler): the value goes in and comes out as {@code T},
 * checked, under a key no other slot shares.
 *
 * @param <T> what the slot holds
 */
public final class RequestSlot<T> {

  private final String key;
  private final Class<T> type;

  private RequestSlot(String key, Class<T> type) {
    this.key = key;
    this.type = type;
  }

  /** A slot named {@code name} (unique among slots) for values of {@code type}. */
  public static <T> RequestSlot<T> of(String name, Class<T> type) {
    return new RequestSlot<>(
        RequestSlot.class.getName() + "." + Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(type, "type"));
  }

  /** Keeps {@code value} on this request. */
  public void put(RoutingContext ctx, T value) {
    ctx.put(key, type.cast(value));
  }

  /** What this request keeps in the slot; null when nothing was put. */
  public T get(RoutingContext ctx) {
    return type.cast(ctx.get(key));
  }
}
