package com.fieldlead.bench;

import static com.fieldlead.bench.FieldleadPeer.bytes;
import static com.fieldlead.bench.FieldleadPeer.decoded;
import static com.fieldlead.bench.FieldleadPeer.json;
import static com.fieldlead.bench.FieldleadPeer.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.testing.KeepAliveHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PouchDB Server (CouchDB's replication protocol over leveldb, from npm), the peer a field team could pick instead:
 * captures go in with {@code _bulk_docs}, pulls are {@code _changes} with the documents, an edit sends the whole
 * document with its revision, as CouchDB clients do.
 */
final class PouchPeer implements Peer {

  private static final String DB = "/bench";
  private final Path install;
  private final int port = ServerProcess.freePort();
  private final KeepAliveHttp http;
  /** The documents and revisions the phones hold. */
  private final Map<String, ObjectNode> docs = new ConcurrentHashMap<>();

  private ServerProcess server;
  private Path dir;

  /** {@code install}: the directory whose node_modules holds pouchdb-server. */
  PouchPeer(Path install) {
    this.install = install;
    this.http = new KeepAliveHttp("http://127.0.0.1:" + port);
  }

  @Override
  public String name() {
    return "PouchDB Server";
  }

  @Override
  public long startFresh(Path dir) throws Exception {
    this.dir = dir;
    server = new ServerProcess(
        ServerProcess.command(
            "node",
            install.resolve("node_modules/pouchdb-server/bin/pouchdb-server").toString(),
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--dir",
            dir.resolve("db").toString()),
        Map.of(),
        dir);
    Files.createDirectories(dir.resolve("db"));
    return server.start(port, "/");
  }

  @Override
  public long restart() throws Exception {
    http.close();
    server.stop();
    return server.start(port, "/");
  }

  @Override
  public void setUp() {
    KeepAliveHttp.Response r = http.send("PUT", DB, null, Map.of());
    if (r.status() != 201 && r.status() != 412) {
      throw new IllegalStateException("create db: " + r.status() + " " + r.text());
    }
  }

  @Override
  public Phone phone(String name) {
    return new PouchPhone(name);
  }

  private final class PouchPhone implements Phone {
    private final String name;
    private String since = "0";

    PouchPhone(String name) {
      this.name = name;
    }

    @Override
    public void pushCaptures(List<BenchLeads.Capture> captures) {
      if (captures.size() == 1) { // one document: a PUT, as a client saves a single new doc
        BenchLeads.Capture c = captures.get(0);
        ObjectNode doc = c.doc().deepCopy();
        doc.put("_id", c.id());
        KeepAliveHttp.Response r = http.send("PUT", DB + "/" + c.id(), bytes(doc), Map.of());
        check(r, 201);
        doc.put("_rev", json(r).path("rev").asText());
        docs.put(c.id(), doc);
        return;
      }
      ArrayNode list = BenchLeads.JSON.createArrayNode();
      for (BenchLeads.Capture c : captures) {
        ObjectNode doc = c.doc().deepCopy();
        doc.put("_id", c.id());
        list.add(doc);
      }
      bulk(list);
    }

    @Override
    public void pushEdits(List<Edit> edits) {
      ArrayNode list = BenchLeads.JSON.createArrayNode();
      for (Edit e : edits) {
        ObjectNode known = docs.get(e.id());
        if (known == null) {
          throw new IllegalStateException("edit of a document the phone has not seen: " + e.id());
        }
        ObjectNode doc = known.deepCopy();
        doc.setAll(e.changes());
        list.add(doc);
      }
      bulk(list);
    }

    private void bulk(ArrayNode list) {
      ObjectNode body = BenchLeads.JSON.createObjectNode();
      body.set("docs", list);
      KeepAliveHttp.Response r = http.send("POST", DB + "/_bulk_docs", bytes(body), Map.of());
      check(r, 201);
      JsonNode results = json(r);
      if (results.size() != list.size()) {
        throw new IllegalStateException("bulk answered " + results.size() + " of " + list.size());
      }
      for (int i = 0; i < list.size(); i++) {
        JsonNode result = results.get(i);
        if (!result.path("ok").asBoolean()) {
          throw new IllegalStateException("bulk doc refused: " + result);
        }
        ObjectNode doc = (ObjectNode) list.get(i);
        doc.put("_rev", result.path("rev").asText());
        docs.put(doc.path("_id").asText(), doc);
      }
    }

    @Override
    public Page pull(int limit) {
      KeepAliveHttp.Response r = http.send(
          "GET",
          DB + "/_changes?include_docs=true&limit=" + limit + "&since="
              + URLEncoder.encode(since, StandardCharsets.UTF_8),
          null,
          Map.of("Accept-Encoding", "gzip"));
      check(r, 200);
      byte[] plain = decoded(r);
      JsonNode page = parse(plain);
      int changes = 0;
      for (JsonNode change : page.path("results")) {
        changes++;
        if (change.path("doc").isObject()) {
          docs.put(change.path("id").asText(), (ObjectNode) change.path("doc"));
        }
      }
      since = page.path("last_seq").asText();
      // CouchDB's _changes does not say whether more is waiting: a full page means "ask again"
      return new Page(changes, plain.length, r.body().length, changes == limit);
    }

    @Override
    public void checkpointFrom(Phone other) {
      since = ((PouchPhone) other).since;
    }

    private void check(KeepAliveHttp.Response r, int expected) {
      if (r.status() != expected && !(expected == 201 && r.status() == 200)) {
        throw new IllegalStateException(name + ": " + r.status() + " " + r.text());
      }
    }
  }

  @Override
  public long[] rss() {
    return server.rss();
  }

  @Override
  public long disk() {
    return ServerProcess.bytesUnder(dir.resolve("db"));
  }

  @Override
  public Map<String, Long> storeCommands() {
    return Map.of();
  }

  @Override
  public List<String> logProblems() {
    return server.logLines().stream()
        .filter(l -> l.contains("[error]") || l.contains("[warn]"))
        .toList();
  }

  @Override
  public void close() {
    http.close();
    if (server != null) {
      server.stop();
    }
  }
}
