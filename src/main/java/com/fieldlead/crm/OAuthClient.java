package com.fieldlead.crm;

import com.fieldlead.config.FieldleadConfig;
import io.vertx.core.Future;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OAuth 2.0 authorization-code flow with refresh tokens against Salesforce and HubSpot, as plain form posts to their
 * token endpoints (both answer the same standard fields; Salesforce adds {@code instance_url}, the API's base, which
 * vertx-auth-oauth2 would not hand back without its own user object): the authorize URL an admin is sent to, the
 * code's exchange, and a refresh.
 */
final class OAuthClient {

  /** What a token endpoint answered. {@code refreshToken} null when it kept the old one. */
  record Tokens(String accessToken, String refreshToken, Duration expiresIn, String instanceUrl) {}

  /** A token endpoint refused ({@code error}: {@code invalid_grant}, ...) or could not be reached. */
  static final class TokenException extends RuntimeException {
    private final int status;

    TokenException(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    /** 0 when there was no answer; a 5xx or 0 may pass, a 400 (invalid_grant) needs a new connect. */
    boolean retryable() {
      return status == 0 || status == 429 || status >= 500;
    }
  }

  /** The scopes asked for: Salesforce's API access and refresh tokens; HubSpot's contact and deal writes. */
  static final String SALESFORCE_SCOPES = "api refresh_token";

  static final String HUBSPOT_SCOPES =
      "oauth crm.objects.contacts.read crm.objects.contacts.write crm.objects.deals.read crm.objects.deals.write";

  private final FieldleadConfig.Crm config;
  private final CrmHttp http;

  OAuthClient(FieldleadConfig.Crm config, CrmHttp http) {
    this.config = config;
    this.http = http;
  }

  FieldleadConfig.Provider provider(String system) {
    return Connection.SALESFORCE.equals(system) ? config.salesforce() : config.hubspot();
  }

  /** Where the admin's browser goes to grant access; {@code state} comes back to the callback. */
  String authorizeUrl(String system, String state) {
    FieldleadConfig.Provider p = provider(system);
    Map<String, String> q = new LinkedHashMap<>();
    if (Connection.SALESFORCE.equals(system)) {
      q.put("response_type", "code");
    }
    q.put("client_id", p.clientId().orElseThrow());
    q.put("redirect_uri", config.redirectUri().orElseThrow());
    q.put("scope", Connection.SALESFORCE.equals(system) ? SALESFORCE_SCOPES : HUBSPOT_SCOPES);
    q.put("state", state);
    StringBuilder url = new StringBuilder(p.authorizeUrl()).append('?');
    q.forEach((k, v) -> url.append(k)
        .append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8))
        .append('&'));
    return url.substring(0, url.length() - 1);
  }

  Future<Tokens> exchange(String system, String code) {
    FieldleadConfig.Provider p = provider(system);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("client_id", p.clientId().orElseThrow());
    form.put("client_secret", p.clientSecret().orElseThrow());
    form.put("redirect_uri", config.redirectUri().orElseThrow());
    return token(p, form);
  }

  Future<Tokens> refresh(String system, String refreshToken) {
    FieldleadConfig.Provider p = provider(system);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    form.put("client_id", p.clientId().orElseThrow());
    form.put("client_secret", p.clientSecret().orElseThrow());
    return token(p, form);
  }

  private Future<Tokens> token(FieldleadConfig.Provider p, Map<String, String> form) {
    return http.form(p.tokenUrl(), form).map(r -> {
      if (!r.ok() || r.json() == null || !r.json().hasNonNull("access_token")) {
        String why = r.error() != null
            ? r.error()
            : r.json() != null && r.json().hasNonNull("error")
                ? r.json().path("error").asText()
                    + (r.json().hasNonNull("error_description")
                        ? ": " + r.json().path("error_description").asText()
                        : "")
                : "HTTP " + r.status();
        throw new TokenException(r.status(), "token endpoint refused: " + why);
      }
      return new Tokens(
          r.json().path("access_token").asText(),
          r.json().hasNonNull("refresh_token") ? r.json().path("refresh_token").asText() : null,
          r.json().hasNonNull("expires_in")
              ? Duration.ofSeconds(r.json().path("expires_in").asLong())
              : null,
          r.json().hasNonNull("instance_url") ? r.json().path("instance_url").asText() : null);
    });
  }
}
