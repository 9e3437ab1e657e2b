package com.fieldlead.webhook;

import com.fieldlead.problem.ProblemException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a webhook may be delivered: https (http only when {@code FIELDLEAD_WEBHOOK_ALLOW_HTTP}), no user info, and
 * (unless {@code FIELDLEAD_WEBHOOK_ALLOW_PRIVATE_ADDRESSES}) only to public addresses: loopback, unspecified,
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), link-local (169.254/16 with the
 * cloud metadata address, fe80::/10), multicast and IPv4-mapped forms of them are refused. Pure; the sender checks
 * every address a name resolves to at each delivery and connects to the address it checked.
 */
final class UrlPolicy {

  /** A URL taken apart: scheme https or http, host as written (lower case), port, path and query. */
  record Target(boolean https, String host, int port, String pathAndQuery) {}

  private final boolean allowHttp;
  private final boolean allowPrivate;

  UrlPolicy(boolean allowHttp, boolean allowPrivate) {
    this.allowHttp = allowHttp;
    this.allowPrivate = allowPrivate;
  }

  boolean allowPrivate() {
    return allowPrivate;
  }

  /** The URL's parts, or a 400 problem naming {@code /url}. */
  Target parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid("must be an absolute https URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      throw invalid(allowHttp ? "must be an http or https URL" : "must be an https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid("must not carry a user name or password");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw invalid("must name a host");
    }
    if (uri.getRawFragment() != null) {
      throw invalid("must not have a fragment");
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    boolean https = scheme.equals("https");
    int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new Target(https, host, port, path + query);
  }

  /** Whether a delivery may connect to {@code address}. */
  boolean permits(InetAddress address) {
    return allowPrivate || isPublic(address);
  }

  static boolean isPublic(InetAddress a) {
    if (a instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      if (isMappedV4(b)) {
        try {
          return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return false;
        }
      }
      if ((b[0] & 0xfe) == 0xfc) {
        return false; // fc00::/7 unique local
      }
    }
    if (a.isLoopbackAddress()
        || a.isAnyLocalAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240) {
        return false; // this network, carrier-grade NAT, reserved and broadcast
      }
    }
    return true;
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  static ProblemException invalid(String message) {
    return ProblemException.invalidField("/url", "format", message);
  }

  static ProblemException refused(String host) {
    return ProblemException.invalidField(
        "/url",
        "address",
        "must reach a public address; " + host
            + " is loopback, private, link-local or otherwise not public");
  }
}
