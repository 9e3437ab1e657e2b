package com.fieldlead.notify;

import com.fieldlead.config.ConfigException;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.FieldleadConfig;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the push sender at start: the real Firebase SDK with service-account credentials; the real SDK pointed at
 * a fake FCM endpoint (dev/test, {@code FIELDLEAD_FCM_BASE_URL}); or, without credentials, the log sender. Blocking
 * (reads the credentials file): call it from a worker thread.
 */
final class FcmSetup {

  private static final Logger LOG = LoggerFactory.getLogger(FcmSetup.class);
  static final String FCM_HOST = "https://fcm.googleapis.com";

  private FcmSetup() {}

  static PushSender sender(FieldleadConfig.Push config) {
    return sender(config, false);
  }

  /** {@link #sender(FieldleadConfig.Push)}; in a demo run ({@code demo}) the log sender is expected, not a warning. */
  static PushSender sender(FieldleadConfig.Push config, boolean demo) {
    if (config.fakeBaseUrl().isPresent()) {
      String base = config.fakeBaseUrl().get();
      String project = config.projectId().orElse("fieldlead-dev");
      LOG.warn(
          "push goes to a FAKE FCM endpoint (dev/test only) [baseUrl={}, project={}]",
          base,
          project);
      FirebaseOptions options = FirebaseOptions.builder()
          .setCredentials(fakeCredentials())
          .setProjectId(project)
          .setHttpTransport(rewritingTransport(base))
          .setConnectTimeout((int) config.timeout().toMillis())
          .setReadTimeout((int) config.timeout().toMillis())
          .build();
      return new FcmSender(FirebaseApp.initializeApp(options, "fieldlead-" + UUID.randomUUID()));
    }
    if (config.credentialsFile().isEmpty()) {
      String what =
          "no FCM credentials (GOOGLE_APPLICATION_CREDENTIALS / FIELDLEAD_FCM_CREDENTIALS_FILE): pushes go to "
              + "the log sender, which logs and records what would have been sent";
      if (demo) {
        LOG.info("{} (demo run)", what);
      } else {
        LOG.warn(what);
      }
      return new LogSender();
    }
    Path file = config.credentialsFile().get();
    GoogleCredentials credentials;
    try (InputStream in = Files.newInputStream(file)) {
      credentials = GoogleCredentials.fromStream(in);
    } catch (IOException e) {
      throw new ConfigException(ConfigKey.FIELDLEAD_FCM_CREDENTIALS_FILE.name() + " / "
          + ConfigKey.GOOGLE_APPLICATION_CREDENTIALS.name() + ": cannot read service-account file "
          + file + ": "
          + e.getMessage());
    }
    Optional<String> project = config
        .projectId()
        .or(() -> credentials instanceof ServiceAccountCredentials sa
            ? Optional.ofNullable(sa.getProjectId())
            : Optional.empty());
    if (project.isEmpty()) {
      throw new ConfigException(ConfigKey.FIELDLEAD_FCM_PROJECT_ID.name()
          + " must be set: the credentials file " + file + " names no project_id");
    }
    FirebaseOptions options = FirebaseOptions.builder()
        .setCredentials(credentials)
        .setProjectId(project.get())
        .setConnectTimeout((int) config.timeout().toMillis())
        .setReadTimeout((int) config.timeout().toMillis())
        .build();
    LOG.info("push goes to FCM [project={}, credentials={}]", project.get(), file);
    return new FcmSender(FirebaseApp.initializeApp(options, "fieldlead-" + UUID.randomUUID()));
  }

  /** The SDK's own transport, with every FCM URL re-pointed at {@code base}; nothing else is contacted. */
  static NetHttpTransport rewritingTransport(String base) {
    return new NetHttpTransport.Builder()
        .setConnectionFactory(url -> {
          String s = url.toString();
          URL target =
              s.startsWith(FCM_HOST) ? new URL(base + s.substring(FCM_HOST.length())) : url;
          return (HttpURLConnection) target.openConnection();
        })
        .build();
  }

  /**
   * Credentials that never talk to Google: a fixed fake token, and a refresh (the SDK refreshes on 401) that answers
   * another fake token instead of throwing.
   */
  static GoogleCredentials fakeCredentials() {
    Date far = Date.from(Instant.now().plusSeconds(365L * 24 * 3600));
    return new GoogleCredentials(new AccessToken("fake-fcm-token", far)) {
      @Override
      public AccessToken refreshAccessToken() {
        return new AccessToken("fake-fcm-token-refreshed", far);
      }
    };
  }
}
