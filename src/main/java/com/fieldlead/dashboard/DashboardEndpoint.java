package com.fieldlead.dashboard;

import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Routes;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The manager's web dashboard at {@code /app/}: static files from the jar ({@code dashboard/} on the classpath) and
 * the charting library from its webjar. The page itself holds no data: it calls the API with the token of the
 * manager who logged in on it. Every route is in the contract like any other, so the router's check that routes and
 * contract agree holds for these too.
 */
public final class DashboardEndpoint implements Endpoint {

  static final String ROOT = "dashboard/";
  private static final Pattern ASSET = Pattern.compile("[a-z][a-z0-9-]{0,40}\\.(js|css|svg)");

  /**
   * Scripts, styles and images from this server only; API calls to it only; images may also be the blob: URLs of
   * attachment thumbnails fetched with the token; no framing.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' blob: data:; "
      + "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
      + "frame-ancestors 'none'; form-action 'self'";

  private final Vertx vertx;
  private final String chartLibrary;

  public DashboardEndpoint(Vertx vertx) {
    this.vertx = vertx;
    this.chartLibrary =
        "META-INF/resources/webjars/echarts/" + echartsVersion() + "/dist/echarts.min.js";
  }

  @Override
  public void register(Routes routes) {
    routes
        .open("getDashboard", ctx -> send(ctx, ROOT + "index.html", "no-cache"))
        .open("getDashboardAsset", this::asset)
        .open("getDashboardChartLibrary", ctx -> send(ctx, chartLibrary, "public, max-age=86400"));
  }

  private void asset(RoutingContext ctx) {
    String name = ctx.pathParam("asset");
    if (name == null || !ASSET.matcher(name).matches()) {
      ctx.fail(ProblemException.notFound("asset"));
      return;
    }
    send(ctx, ROOT + name, "no-cache");
  }

  private void send(RoutingContext ctx, String path, String cache) {
    vertx.fileSystem().readFile(path).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(new ProblemException(
            ErrorCode.NOT_FOUND, "No such file: " + ctx.request().path()));
        return;
      }
      ctx.response()
          .putHeader("Content-Type", contentType(path))
          .putHeader("Cache-Control", cache)
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
          .putHeader("Referrer-Policy", "no-referrer")
          .end(ar.result());
    });
  }

  static String contentType(String name) {
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (name.endsWith(".svg")) {
      return "image/svg+xml";
    }
    return "text/html; charset=utf-8";
  }

  private static String echartsVersion() {
    try (InputStream in = DashboardEndpoint.class
        .getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(new IOException("echarts webjar not on the classpath", e));
    }
  }
}
