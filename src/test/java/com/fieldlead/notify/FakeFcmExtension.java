package com.fieldlead.notify;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link FakeFcm} of a test class: started before the test server that sends to it (give it the lower
 * {@code @Order}), closed after that server stopped.
 */
final class FakeFcmExtension implements BeforeAllCallback, AfterAllCallback {

  private FakeFcm fcm;

  /** The running fake; only from the test server's start on. */
  FakeFcm get() {
    if (fcm == null) {
      throw new IllegalStateException(
          "the fake FCM is not running: register it with a lower @Order than the server");
    }
    return fcm;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (fcm == null) {
      fcm = FakeFcm.start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (fcm != null) {
      fcm.close();
      fcm = null;
    }
  }
}
