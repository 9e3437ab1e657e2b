package com.fieldlead.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Device registration names the sync protocol version protocolVersion, as pull and push do; the old name still works. */
class DeviceProtocolVersionTest {

  static TestServer server;
  static Api api;
  static Session rep;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    Session admin = AuthFixtures.tenantWithAdmin(server, "Versions");
    rep = AuthFixtures.user(api, admin, "rep");
  }

  @Test
  void aPhoneRegistersWithProtocolVersionAndTheDeprecatedSyncProtocolVersionStillWorks() {
    Api.Response named = register(Map.of("protocolVersion", 1));
    assertEquals(201, named.status(), named::toString);
    assertEquals(1, named.json().get("protocolVersion").asInt(), named::toString);
    assertEquals(1, named.json().get("syncProtocolVersion").asInt(), named::toString);

    Api.Response old = register(Map.of("syncProtocolVersion", 1));
    assertEquals(201, old.status(), old::toString);
    assertEquals(1, old.json().get("protocolVersion").asInt(), old::toString);

    assertEquals(400, register(Map.of()).status(), "no protocol version at all");
    Api.Response both = register(Map.of("protocolVersion", 1, "syncProtocolVersion", 2));
    assertEquals(400, both.status(), both::toString);
  }

  private static Api.Response register(Map<String, Object> version) {
    Map<String, Object> body = new HashMap<>(version);
    body.put("id", UUID.randomUUID().toString());
    body.put("platform", "android");
    body.put("appVersion", "2.5.0");
    return api.post("/v1/devices", body, rep.accessToken());
  }
}
