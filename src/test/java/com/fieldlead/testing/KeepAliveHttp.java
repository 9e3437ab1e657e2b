package com.fieldlead.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A blocking HTTP/1.1 client for benchmarks: one kept-alive socket per calling thread, the request written in one go
 * and the response read on that same thread (fixed length or chunked; a gzip body stays compressed). The JDK's
 * {@code HttpClient} hands every call to its selector thread and back, and Apache's classic client runs an interceptor
 * chain and a connection lease per call: on two cores shared with the server each adds 0.25 to 0.5 ms a call, about
 * what the server spends on an empty pull. Measuring the server's API, not the client, needs a client that adds
 * almost nothing; the benchmark reports the JDK client's figure beside it.
 */
public final class KeepAliveHttp implements AutoCloseable {

  /** A response: status, headers by lower-case name, body bytes. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private record Connection(Socket socket, InputStream in, OutputStream out) {}

  private final String host;
  private final int port;
  private final int readTimeoutMs;
  private final ThreadLocal<Connection> connections = new ThreadLocal<>();
  private final List<Connection> opened = new CopyOnWriteArrayList<>();

  public KeepAliveHttp(String baseUrl) {
    this(baseUrl, 300_000);
  }

  /** With a read timeout of {@code readTimeoutMs} per response (a client that gives up, as a phone's does). */
  public KeepAliveHttp(String baseUrl, int readTimeoutMs) {
    URI base = URI.create(baseUrl);
    this.host = base.getHost();
    this.port = base.getPort();
    this.readTimeoutMs = readTimeoutMs;
  }

  /** POSTs {@code json} to {@code path} with a bearer token (when not null) and extra {@code headers}. */
  public Response post(String path, byte[] json, String token, Map<String, String> headers) {
    StringBuilder head = new StringBuilder("POST ")
        .append(path)
        .append(" HTTP/1.1\r\nHost: ")
        .append(host)
        .append(':')
        .append(port)
        .append("\r\nContent-Type: application/json\r\nContent-Length: ")
        .append(json.length)
        .append("\r\n");
    if (token != null) {
      head.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = new byte[h.length + json.length];
    System.arraycopy(h, 0, request, 0, h.length);
    System.arraycopy(json, 0, request, h.length, json.length);
    try {
      return exchange(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends {@code method path} with an optional JSON body (null: none) and extra {@code headers}; the general form of
   * {@link #post}, for benchmarks that speak other HTTP APIs (GET and PUT of a CouchDB-style server).
   */
  public Response send(String method, String path, byte[] json, Map<String, String> headers) {
    StringBuilder head = new StringBuilder(method)
        .append(' ')
        .append(path)
        .append(" HTTP/1.1\r\nHost: ")
        .append(host)
        .append(':')
        .append(port)
        .append("\r\n");
    if (json != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ")
          .append(json.length)
          .append("\r\n");
    }
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] body = json == null ? new byte[0] : json;
    byte[] request = new byte[h.length + body.length];
    System.arraycopy(h, 0, request, 0, h.length);
    System.arraycopy(body, 0, request, h.length, body.length);
    try {
      return exchange(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Response exchange(byte[] request) throws IOException {
    Connection c = connection();
    try {
      c.out().write(request);
      c.out().flush();
      Response r = read(c.in());
      if ("close".equalsIgnoreCase(r.headers().get("connection"))) {
        drop(c);
      }
      return r;
    } catch (IOException e) {
      drop(c);
      throw e;
    }
  }

  private Connection connection() throws IOException {
    Connection c = connections.get();
    if (c == null || c.socket().isClosed()) {
      Socket s = new Socket();
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), 5000);
      s.setSoTimeout(readTimeoutMs);
      c = new Connection(
          s, new BufferedInputStream(s.getInputStream(), 1 << 16), s.getOutputStream());
      connections.set(c);
      opened.add(c);
    }
    return c;
  }

  private void drop(Connection c) {
    connections.remove();
    opened.remove(c);
    closeQuietly(c);
  }

  private static Response read(InputStream in) throws IOException {
    String status = line(in);
    int code = Integer.parseInt(status.split(" ", 3)[1]);
    Map<String, String> headers = new TreeMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      headers.put(
          l.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          l.substring(colon + 1).trim());
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
        out.write(exactly(in, size));
        line(in); // the CRLF closing the chunk
      }
      while (!line(in).isEmpty()) {
        continue; // trailers: not used
      }
      body = out.toByteArray();
    } else {
      String length = headers.get("content-length");
      body = length == null ? new byte[0] : exactly(in, Integer.parseInt(length));
    }
    return new Response(code, headers, body);
  }

  private static int chunkSize(String line) {
    int semi = line.indexOf(';');
    return Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
  }

  private static byte[] exactly(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new EOFException("connection closed inside a body");
    }
    return b;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.socket().close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    opened.forEach(KeepAliveHttp::closeQuietly);
    opened.clear();
  }
}
