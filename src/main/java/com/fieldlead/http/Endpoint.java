package com.fieldlead.http;

/** A feature's HTTP surface: it attaches its handlers to the contract's operations. */
public interface Endpoint {
  void register(Routes routes);
}
