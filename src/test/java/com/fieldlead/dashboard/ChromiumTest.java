package com.fieldlead.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the browser tests look for Chromium, and what they say when it is not there. */
class ChromiumTest {

  @Test
  void withoutABrowserOrADriverNothingIsFoundAndTheSkipMessageSaysWhatToInstall() {
    assertEquals(
        Optional.empty(),
        Chromium.find(Arrays.asList(null, "", "/nonexistent/chromium"), List.of("/bin/sh")));
    assertEquals(
        Optional.empty(), Chromium.find(List.of("/bin/sh"), List.of("/nonexistent/chromedriver")));
    assertTrue(Chromium.MISSING.contains("apt-get install -y chromium chromium-driver"));
    assertTrue(Chromium.MISSING.contains("skipped"));
  }

  @Test
  void theFirstExecutableOfEachListIsUsed() {
    assertEquals(
        Optional.of(new Chromium.Binaries(Path.of("/bin/sh"), Path.of("/bin/sh"))),
        Chromium.find(List.of("/nonexistent/chromium", "/bin/sh"), List.of("/bin/sh")));
  }
}
