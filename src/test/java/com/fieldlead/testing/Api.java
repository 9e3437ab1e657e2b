package com.fieldlead.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small blocking HTTP client for endpoint tests: JSON in, {@link Response} out. */
public final class Api {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** A store command counter line of the metrics: collection, command, count. */
  private static final Pattern COMMANDS = Pattern.compile(
      "^mongodb_driver_commands_seconds_count\\{.*?collection=\"([^\"]*)\",command=\"([^\"]*)\".*?\\} ([0-9.Ee+-]+)$");

  private final String base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Api(String base) {
    this.base = base;
  }

  public String base() {
    return base;
  }

  /** A finished exchange: status, headers (lower-case names) and the body parsed as JSON when it is JSON. */
  public record Response(int status, Map<String, String> headers, String text) {
    public JsonNode json() {
      try {
        return MAPPER.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + text, e);
      }
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The problem code of an error answer. */
    public String code() {
      return json().path("code").asText();
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  /**
   * Every command the server has sent to its store so far, counted by {@code collection.command}, from its metrics
   * (the driver's command listener: anything sent through the server's client, whoever asked).
   */
  public Map<String, Long> storeCommands() {
    Map<String, Long> out = new TreeMap<>();
    for (String line : get("/metrics", null).text().split("\n")) {
      Matcher m = COMMANDS.matcher(line);
      if (m.matches()) {
        out.merge(m.group(1) + "." + m.group(2), (long) Double.parseDouble(m.group(3)), Long::sum);
      }
    }
    return out;
  }

  /** How many {@code command}s on {@code collection} the server has sent to its store so far, from its metrics. */
  public long storeCommands(String collection, String command) {
    long n = 0;
    for (String line : get("/metrics", null).text().split("\n")) {
      if (line.startsWith("mongodb_driver_commands_seconds_count")
          && line.contains("collection=\"" + collection + "\"")
          && line.contains("command=\"" + command + "\"")) {
        n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return n;
  }

  public Response get(String path, String token) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token, Map.of());
  }

  public Response delete(String path, String token) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), token, Map.of());
  }

  public Response post(String path, Object body, String token) {
    return send("POST", path, body, token, Map.of());
  }

  public Response put(String path, Object body, String token) {
    return send("PUT", path, body, token, Map.of());
  }

  public Response patch(String path, Object body, String token, Map<String, String> headers) {
    return send("PATCH", path, body, token, headers);
  }

  /** Sends {@code body} (a String is sent as-is, anything else as JSON) with Content-Type application/json. */
  public Response send(
      String method, String path, Object body, String token, Map<String, String> headers) {
    String text;
    try {
      text = body instanceof String s ? s : MAPPER.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", "application/json");
    all.putAll(headers);
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.ofString(text)),
        token,
        all);
  }

  public Response send(HttpRequest.Builder request, String token, Map<String, String> headers) {
    request.timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> h = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      return new Response(r.statusCode(), h, r.body());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
