package com.fieldlead.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A local webhook receiver: records every request (headers and raw body) and answers as told. */
final class Receiver implements AutoCloseable {

  /** One request as received. */
  record Received(Map<String, String> headers, byte[] body, long atNanos) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** An answer: status, headers, body. */
  record Answer(int status, Map<String, String> headers, String body) {
    static final Answer OK = new Answer(200, Map.of(), "ok");
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> scripted = new ConcurrentLinkedQueue<>();
  private volatile Function<Received, Answer> otherwise = r -> Answer.OK;

  private Receiver(HttpServer server) {
    this.server = server;
  }

  static Receiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    Receiver r = new Receiver(server);
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
      headers.put(":path", exchange.getRequestURI().getPath()); // what was asked for
      Received got = new Received(Map.copyOf(headers), body, System.nanoTime());
      r.received.add(got);
      Answer a = r.scripted.poll();
      if (a == null) {
        a = r.otherwise.apply(got);
      }
      a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        exchange.getResponseBody().write(out);
      }
      exchange.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.start();
    return r;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The next answers, in order, before falling back to {@link #otherwise}. */
  void script(Answer... answers) {
    scripted.addAll(List.of(answers));
  }

  void otherwise(Function<Received, Answer> answer) {
    this.otherwise = answer;
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  void clear() {
    received.clear();
    scripted.clear();
    otherwise = r -> Answer.OK;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
