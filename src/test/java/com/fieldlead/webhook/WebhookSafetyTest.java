package com.fieldlead.webhook;

import static org.junit.jupiter.api.Assertions.*;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServerExtension;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With the production defaults: https only, and no loopback, private or link-local receivers (SSRF). */
class WebhookSafetyTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  private static Api api;
  private static Session admin;

  @BeforeAll
  static void start() {
    api = SERVER.get().api();
    admin = AuthFixtures.tenantWithAdmin(SERVER.get(), "Safe Co");
  }

  private static Api.Response subscribe(String url) {
    return api.post(
        "/v1/webhooks", Map.of("url", url, "events", List.of("lead.hot")), admin.accessToken());
  }

  private static void refused(String url) {
    Api.Response r = subscribe(url);
    assertEquals(400, r.status(), () -> url + ": " + r);
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertEquals("/url", r.json().path("errors").get(0).path("field").asText(), r::toString);
  }

  @Test
  void loopbackPrivateAndLinkLocalAddressesAreRefused() {
    refused("https://127.0.0.1/hook");
    refused("https://127.8.9.10:8443/hook");
    refused("https://10.1.2.3/hook");
    refused("https://172.16.0.9/hook");
    refused("https://192.168.1.20/hook");
    refused("https://169.254.169.254/latest/meta-data/");
    refused("https://100.64.0.1/hook");
    refused("https://0.0.0.0/hook");
    refused("https://[::1]/hook");
    refused("https://[fe80::1]/hook");
    refused("https://[fd00::7]/hook");
    refused("https://[::ffff:127.0.0.1]/hook");
    assertEquals(
        0, api.get("/v1/webhooks", admin.accessToken()).json().path("items").size());
  }

  @Test
  void aHostNameThatResolvesToLoopbackIsRefused() throws Exception {
    assertTrue(InetAddress.getByName("localhost").isLoopbackAddress(), "this machine's localhost");
    refused("https://localhost/hook");
    refused("https://localhost:9443/hook");
  }

  @Test
  void plainHttpAndUrlsWithCredentialsAreRefused() {
    Api.Response http = subscribe("http://8.8.8.8/hook");
    assertEquals(400, http.status());
    assertTrue(http.text().contains("https"), http::toString);
    refused("https://user:pass@8.8.8.8/hook");
    refused("not a url at all");
  }

  @Test
  void addressClassesArePublicOnlyWhenRoutable() throws Exception {
    assertTrue(UrlPolicy.isPublic(InetAddress.getByName("8.8.8.8")));
    assertTrue(UrlPolicy.isPublic(InetAddress.getByName("2001:4860:4860::8888")));
    for (String a : List.of(
        "127.0.0.1",
        "10.0.0.1",
        "172.31.255.255",
        "192.168.0.1",
        "169.254.169.254",
        "100.127.0.1",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1")) {
      assertFalse(UrlPolicy.isPublic(InetAddress.getByName(a)), a);
    }
  }
}
