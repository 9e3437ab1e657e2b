package com.fieldlead.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Sorts;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSV import and export at volume, as a user runs the server (the jar, durable embedded store, demo tenant; its own
 * process so its resident memory can be read): the admin uploads a {@code bench.rows}-row CSV (semicolon-separated,
 * German headers, no owner column, so every row is scored and routed), the job is followed until done (end to end:
 * from the first byte of the upload to the job's last row); then the admin exports every lead (the import's and the
 * demo's) twice (a cold and a warm pass) while the server's RSS is sampled every 50 ms. Targets (issue 16): 100,000 rows imported in at most 60 s;
 * 100,000 leads exported in at most 10 s, RSS growing by less than 100 MB during it. The report is
 * {@code target/csv-bench.md}.
 *
 * <p>{@code mvn -B verify -Pcsv-bench [-Dbench.rows=100000]}
 */
class CsvBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(CsvBenchmark.class);

  private final Path target = Path.of(System.getProperty("bench.target", "target"));
  private final int rows = Integer.getInteger("bench.rows", 100_000);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aHundredThousandRowsImportInAMinuteAndExportInTenSecondsInConstantMemory() throws Exception {
    Path jar = target.resolve("fieldlead.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the jar first (mvn -B package -DskipTests): " + jar);
    }
    Path dir = Files.createTempDirectory(target.toAbsolutePath(), "csv-");
    int port = ServerProcess.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("FIELDLEAD_HTTP_PORT", String.valueOf(port));
    env.put("FIELDLEAD_HTTP_HOST", "127.0.0.1");
    env.put("FIELDLEAD_RATE_LIMIT_DEVICE_PER_MINUTE", "0");
    env.put("FIELDLEAD_RATE_LIMIT_TENANT_PER_MINUTE", "0");
    List<String> command = ServerProcess.runDemo(jar);
    ServerProcess server = new ServerProcess(command, env, dir);
    String base = "http://127.0.0.1:" + port;
    Map<String, String> f = new LinkedHashMap<>();
    try {
      server.start(port, "/health/ready");
      String token = login(base);
      byte[] file = csv(rows);
      f.put("rows", String.valueOf(rows));
      f.put("file MB", mb(file.length));

      Map<String, double[]> commandsBefore = storeCommands(base);
      long t0 = System.nanoTime();
      HttpResponse<String> started = http.send(
          HttpRequest.newBuilder(URI.create(base + "/v1/leads/import/csv"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "text/csv")
              .timeout(Duration.ofMinutes(2))
              .POST(HttpRequest.BodyPublishers.ofByteArray(file))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(202, started.statusCode(), started::body);
      f.put("upload answered (202) ms", String.valueOf(millis(t0)));
      JsonNode job;
      String location = started.headers().firstValue("Location").orElseThrow();
      do {
        Thread.sleep(200);
        job = get(base + location, token);
      } while (job.path("state").asText().equals("running"));
      long importMs = millis(t0);
      assertEquals("succeeded", job.path("state").asText(), job::toString);
      assertEquals(rows, job.path("created").asInt(), job::toString);
      f.put("import end to end ms", String.valueOf(importMs));
      f.put("import rows/s", String.format("%.0f", rows / (importMs / 1000.0)));
      f.put("job's own rows/s", job.path("rowsPerSecond").asText());
      f.put("RSS after import MB", mb(server.rss()[0]));
      storeCommandsDuring(commandsBefore, storeCommands(base), f);

      for (String pass : List.of("export 1", "export 2")) {
        // a fresh token for each pass: a long import (100,000 rows) outlives the access token's 15
        // minutes
        export(base, login(base), server, f, pass);
      }
      driverInsertMany(server, f);
      f.put(
          "WARN/ERROR lines in the server log",
          String.valueOf(server.logLines().stream()
              .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
              .count()));
    } finally {
      server.stop();
      StringBuilder report = new StringBuilder(String.format(
          "CSV benchmark (%d cores, Java %s, durable embedded store)%n%n| figure | value |%n|---|---:|%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
      f.forEach((k, v) -> report.append("| ").append(k).append(" | ").append(v).append(" |\n"));
      Files.writeString(target.resolve("csv-bench.md"), report);
      LOG.info("csv benchmark\n{}", report);
    }
  }

  /** One export of every lead, timed, with the server's RSS sampled every 50 ms; figures named after {@code pass}. */
  private void export(
      String base, String token, ServerProcess server, Map<String, String> f, String pass)
      throws Exception {
    long before = server.rss()[0];
    AtomicLong peak = new AtomicLong(before);
    AtomicBoolean exporting = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (exporting.get()) {
        peak.accumulateAndGet(server.rss()[0], Math::max);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    long t0 = System.nanoTime();
    HttpResponse<InputStream> export = http.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/leads/export.csv"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofMinutes(2))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, export.statusCode());
    long lines = 0;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(export.body(), StandardCharsets.UTF_8))) {
      while (in.readLine() != null) {
        lines++;
      }
    }
    long exportMs = millis(t0);
    exporting.set(false);
    sampler.join();
    assertTrue(lines > rows, "the export holds every lead: " + lines);
    f.put(pass + " leads", String.valueOf(lines - 1));
    f.put(pass + " ms", String.valueOf(exportMs));
    f.put(pass + " leads/s", String.format("%.0f", (lines - 1) / (exportMs / 1000.0)));
    f.put(pass + ": RSS before MB", mb(before));
    f.put(pass + ": RSS peak MB", mb(peak.get()));
    f.put(pass + ": RSS growth MB", mb(peak.get() - before));
  }

  /**
   * The server's store commands so far by {@code collection.command}: count and seconds (the driver's command
   * listener, from {@code /metrics}).
   */
  private Map<String, double[]> storeCommands(String base) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(base + "/metrics")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    Map<String, double[]> out = new TreeMap<>();
    for (String line : r.body().split("\n")) {
      Matcher m = COMMAND_METRIC.matcher(line);
      if (m.matches()) {
        double[] v = out.computeIfAbsent(m.group(2) + "." + m.group(3), k -> new double[2]);
        v[m.group(1).equals("count") ? 0 : 1] += Double.parseDouble(m.group(4));
      }
    }
    return out;
  }

  private static final Pattern COMMAND_METRIC = Pattern.compile(
      "^mongodb_driver_commands_seconds_(count|sum)\\{.*?collection=\"([^\"]*)\",command=\"([^\"]*)\".*?\\} ([0-9.Ee+-]+)$");

  /** The import's store commands per 1,000 rows and their time, the costliest first (the rows where time goes). */
  private void storeCommandsDuring(
      Map<String, double[]> before, Map<String, double[]> after, Map<String, String> f) {
    List<Map.Entry<String, double[]>> during = new ArrayList<>();
    after.forEach((k, v) -> {
      double[] b = before.getOrDefault(k, new double[2]);
      double[] d = {v[0] - b[0], v[1] - b[1]};
      if (d[0] > 0) {
        during.add(Map.entry(k, d));
      }
    });
    during.sort((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]));
    double commands = during.stream().mapToDouble(e -> e.getValue()[0]).sum();
    f.put("import: store commands per 1,000 rows", String.format("%.0f", commands * 1000 / rows));
    for (Map.Entry<String, double[]> e : during.subList(0, Math.min(40, during.size()))) {
      f.put(
          "import: " + e.getKey() + " (per 1,000 rows; s in all)",
          String.format("%.1f; %.1f", e.getValue()[0] * 1000 / rows, e.getValue()[1]));
    }
  }

  /**
   * The floor under the import: the leads it stored, inserted again with the driver's {@code insertMany} (500 a call,
   * the import's batch) into a copy of the {@code leads} collection with the same indexes, on the same store in the
   * same server process. Only the inserts are timed (not reading the leads back).
   */
  private void driverInsertMany(ServerProcess server, Map<String, String> f) {
    String uri = server.logLines().stream()
        .map(STORE_URI::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the server log names no store address"));
    try (MongoClient client = MongoClients.create(uri)) {
      MongoDatabase db = client.getDatabase("fieldlead");
      MongoCollection<Document> leads = db.getCollection("leads");
      MongoCollection<Document> copy = db.getCollection("leads_driver_copy");
      for (Document index : leads.listIndexes()) {
        if (!index.getString("name").equals("_id_")) {
          copy.createIndex(
              index.get("key", Document.class),
              new IndexOptions()
                  .name(index.getString("name"))
                  .unique(index.getBoolean("unique", false))
                  .sparse(index.getBoolean("sparse", false)));
        }
      }
      long nanos = 0;
      int n = 0;
      Object after = null;
      while (true) {
        List<Document> page = leads
            .find(after == null ? new Document() : Filters.gt("_id", after))
            .sort(Sorts.ascending("_id"))
            .limit(500)
            .into(new ArrayList<>());
        if (page.isEmpty()) {
          break;
        }
        after = page.get(page.size() - 1).get("_id");
        List<Document> copies = page.stream()
            .map(d -> {
              Document c = new Document(d);
              c.remove("_id");
              return c;
            })
            .toList();
        long t0 = System.nanoTime();
        copy.insertMany(copies);
        nanos += System.nanoTime() - t0;
        n += copies.size();
      }
      long ms = nanos / 1_000_000;
      f.put("driver insertMany of the same leads (500 a call, leads' indexes)", String.valueOf(n));
      f.put("driver insertMany ms", String.valueOf(ms));
      f.put("driver insertMany rows/s", String.format("%.0f", n / (ms / 1000.0)));
    }
  }

  private static final Pattern STORE_URI =
      Pattern.compile("listening on (mongodb://\\S+?)\\.?(\\s|$)");

  /** {@code n} rows as European Excel saves them: semicolons, German headers, CRLF, a UTF-8 byte order mark. */
  static byte[] csv(int n) {
    String[] first = {"Jürgen", "Zoë", "Amélie", "Lukas", "Marie", "Björn", "Chiara", "Mateo"};
    String[] last = {"Müller", "Weber", "Schneider-Hoffmann", "Krüger", "Kowalski", "Lange"};
    String[] companies = {
      "Bäckerei Schmidt GmbH", "Contoso AG", "Fabrikam; Söhne KG", "Northwind SE"
    };
    String[] sizes = {"1-10", "11-50", "51-200", "201-500", "501-1000"};
    String[] titles = {"Einkauf", "Geschäftsführer", "Fuhrparkleiter", "IT-Leiter"};
    StringBuilder out = new StringBuilder(n * 160);
    out.append('\uFEFF')
        .append(
            "Vorname;Nachname;E-Mail;Telefon;Firma;Position;Unternehmensgröße;Land;Stadt;Quelle;Kampagne;Schlagworte\r\n");
    for (int i = 0; i < n; i++) {
      String company = companies[i % companies.length];
      out.append(first[i % first.length])
          .append(';')
          .append(last[i % last.length])
          .append(' ')
          .append(i)
          .append(';')
          .append("kontakt")
          .append(i)
          .append("@firma")
          .append(i % 997)
          .append(".example;")
          .append("+49 30 ")
          .append(1_000_000 + i)
          .append(';')
          .append(quoted(company + " " + (i % 5000)))
          .append(';')
          .append(titles[i % titles.length])
          .append(';')
          .append(sizes[i % sizes.length])
          .append(";DE;Berlin;trade_show;Messe 2026;")
          .append(i % 10 == 0 ? "vip;messe" : "messe")
          .append("\r\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String quoted(String v) {
    return v.contains(";") ? "\"" + v + "\"" : v;
  }

  private String login(String base) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/auth/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"email\":\"admin@demo.test\",\"password\":\"demo-password\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r::body);
    return BenchLeads.JSON.readTree(r.body()).path("accessToken").asText();
  }

  private JsonNode get(String url, String token) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r::body);
    return BenchLeads.JSON.readTree(r.body());
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static String mb(long bytes) {
    return String.format("%.1f", bytes / 1048576.0);
  }
}
