package com.fieldlead.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests: Debian's {@code chromium} and {@code chromium-driver} packages (or the
 * binaries named by {@code CHROME_BIN} and {@code CHROMEDRIVER}), driven through a driver service started here, so
 * Selenium Manager never looks anything up on the internet.
 */
final class Chromium {

  static final String MISSING =
      "Chromium and chromedriver are not installed (Debian: apt-get install -y chromium"
          + " chromium-driver; or set CHROME_BIN and CHROMEDRIVER): the dashboard's browser tests are skipped";

  private Chromium() {}

  /** The browser and driver binaries, when both are there. */
  record Binaries(Path browser, Path driver) {}

  static Optional<Binaries> find() {
    return find(
        Arrays.asList(
            System.getenv("CHROME_BIN"),
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome"),
        Arrays.asList(
            System.getenv("CHROMEDRIVER"),
            "/usr/bin/chromedriver",
            "/usr/lib/chromium/chromedriver"));
  }

  /** The first executable of each list (null and blank entries skipped), when both lists have one. */
  static Optional<Binaries> find(List<String> browsers, List<String> drivers) {
    Optional<Path> browser = first(browsers);
    Optional<Path> driver = first(drivers);
    return browser.isPresent() && driver.isPresent()
        ? Optional.of(new Binaries(browser.get(), driver.get()))
        : Optional.empty();
  }

  private static Optional<Path> first(List<String> candidates) {
    for (String c : candidates) {
      if (c != null && !c.isBlank() && Files.isExecutable(Path.of(c))) {
        return Optional.of(Path.of(c));
      }
    }
    return Optional.empty();
  }

  /** A headless browser of a desktop's window size, saving downloads into {@code downloads}. */
  static ChromeDriver start(Binaries bin, Path downloads) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(bin.browser().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // the CI container runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--lang=en-GB",
        "--window-size=1280,1000");
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toAbsolutePath().toString(),
            "download.prompt_for_download",
            false,
            "intl.accept_languages",
            "en-GB"));
    options.setExperimentalOption("excludeSwitches", List.of("enable-automation"));
    // the page's console, for the message of a failed wait
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(bin.driver().toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    driver.manage().window().setSize(new Dimension(1280, 1000));
    return driver;
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("fieldlead-downloads");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
