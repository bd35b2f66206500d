package com.researchassistant.browser;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver (never Selenium Manager, which
 * would download a browser), with a fresh profile, so each browser is a new visitor with its own
 * identity cookie. The viewport is emulated over CDP: a phone gets touch and a device pixel ratio
 * of 2, so its screenshots are sharp.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** The two sizes the web app is tested at. */
    enum Viewport {
        PHONE(390, 844, 2, true),
        DESKTOP(1280, 800, 1, false);

        final int width;
        final int height;
        final int scale;
        final boolean mobile;

        Viewport(int width, int height, int scale, boolean mobile) {
            this.width = width;
            this.height = height;
            this.scale = scale;
            this.mobile = mobile;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final ChromeDriver driver;
    private final Path profile;
    final Viewport viewport;

    private Browser(ChromeDriver driver, Path profile, Viewport viewport) {
        this.driver = driver;
        this.profile = profile;
        this.viewport = viewport;
    }

    /** Starts Chromium; fails (never skips) with a clear message when it is not installed. */
    static Browser open(Viewport viewport) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("Browser tests need Debian's Chromium at " + CHROMIUM + " and its driver at "
                    + CHROMEDRIVER + ": apt-get install chromium chromium-driver (.ci/run does this).");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        Path profile;
        try {
            profile = Files.createTempDirectory("ra-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-dev-shm-usage",
                "--mute-audio",
                "--no-default-browser-check",
                "--password-store=basic",
                "--window-size=" + viewport.width + "," + viewport.height,
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Browser browser = new Browser(driver, profile, viewport);
        browser.emulate();
        return browser;
    }

    private void emulate() {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width",
                        viewport.width,
                        "height",
                        viewport.height,
                        "deviceScaleFactor",
                        viewport.scale,
                        "mobile",
                        viewport.mobile));
        driver.executeCdpCommand(
                "Emulation.setTouchEmulationEnabled",
                Map.of("enabled", viewport.mobile, "maxTouchPoints", viewport.mobile ? 5 : 1));
    }

    ChromeDriver driver() {
        return driver;
    }

    void get(String url) {
        driver.get(url);
        waitUntil(
                Duration.ofSeconds(20),
                () -> "true".equals(js("return document.documentElement.dataset.ready || ''")),
                "the app to start");
    }

    void reload() {
        driver.navigate().refresh();
        waitUntil(
                Duration.ofSeconds(20),
                () -> "true".equals(js("return document.documentElement.dataset.ready || ''")),
                "the app to start after a reload");
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits for a visible element. */
    WebElement visible(String css) {
        return waitFor(
                Duration.ofSeconds(20),
                () -> {
                    List<WebElement> found = findAll(css);
                    return found.stream()
                            .filter(WebElement::isDisplayed)
                            .findFirst()
                            .orElse(null);
                },
                "a visible " + css);
    }

    void waitUntil(Duration max, Supplier<Boolean> condition, String what) {
        waitFor(max, () -> Boolean.TRUE.equals(condition.get()) ? Boolean.TRUE : null, what);
    }

    <T> T waitFor(Duration max, Supplier<T> value, String what) {
        try {
            return new WebDriverWait(driver, max, Duration.ofMillis(50))
                    .withMessage(() -> what + "\nbrowser log:\n" + String.join("\n", log()))
                    .until(d -> value.get());
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return waitFor(max, value, what);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw e;
        }
    }

    /** Takes away the network (the page sees navigator.onLine false and an offline event). */
    void offline(boolean offline) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand(
                "Network.emulateNetworkConditions",
                Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** Saves a screenshot of the viewport as target/screenshots/{name}-{viewport}.png. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + "-" + viewport.label() + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser console so far (each call drains it). */
    List<String> log() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::toString)
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp profile left behind is harmless
        }
    }
}
