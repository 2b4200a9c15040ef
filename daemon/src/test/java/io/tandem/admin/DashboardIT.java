package io.tandem.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.common.HostPort;
import io.tandem.testing.HostSupport;
import io.tandem.testing.StubAdminBackend;
import io.tandem.testing.StubBackend;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real headless browser (Debian's chromium and chromium-driver; the driver path
 * is given, so Selenium Manager never downloads anything): a real server is listed, goes down when
 * its backend stops, and the drain button drains it with the bearer token typed into the prompt.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "dashboard-token";

    private @Nullable StubBackend real;
    private @Nullable AdminHttpServer server;
    private @Nullable WebDriver browser;

    @BeforeEach
    void needsChromium() {
        HostSupport.require(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "needs apt packages chromium and chromium-driver (/usr/bin/chromium,"
                        + " /usr/bin/chromedriver)");
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (real != null) {
            real.close();
        }
    }

    private static WebDriver headlessChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        // The driver named here is used as is: Selenium Manager is never asked to fetch one.
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        return new ChromeDriver(options);
    }

    private static String text(WebDriver browser, String css) {
        try {
            return browser.findElement(By.cssSelector(css)).getText();
        } catch (NoSuchElementException | StaleElementReferenceException e) {
            return ""; // between two polls the table is being replaced
        }
    }

    @Test
    void aRealServerGoesDownWhenItsBackendStopsAndIsDrainedFromThePage() throws Exception {
        real = StubBackend.start("web-1", StubBackend.IDENTITY);
        HostPort address = real.address();
        var backend = new StubAdminBackend(List.of(address));
        server =
                AdminHttpServer.start(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        TOKEN,
                        new AdminDispatcher(backend),
                        null);
        WebDriver page = headlessChromium();
        browser = page;
        page.get("http://127.0.0.1:" + server.address().getPort() + "/");

        String row = "tr[data-real-server='" + address + "']";
        await().atMost(Duration.ofSeconds(20))
                .until(() -> text(page, row + " .health").equals("up"));
        assertThat(text(page, "#vrrp tr[data-instance='VI_1']")).contains("MASTER");
        assertThat(text(page, "#services .service h3")).contains("web");

        Objects.requireNonNull(real).close();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> text(page, row + " .health").equals("down"));
        assertThat(text(page, row + " .why")).contains("TCP_CHECK").contains("refused");

        clickDrain(page, row);
        var prompt = page.switchTo().alert();
        prompt.sendKeys(TOKEN);
        prompt.accept();
        await().atMost(Duration.ofSeconds(20)).until(() -> backend.drained(address));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> text(page, row + " .health").equals("draining"));
        assertThat(text(page, row + " .weight")).isEqualTo("0 (1)");
        assertThat(text(page, "#message")).isEmpty();
    }

    /** Clicks the row's drain button, retrying when a poll replaced it under the click. */
    private static void clickDrain(WebDriver page, String row) {
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(
                        () -> {
                            WebElement button =
                                    page.findElement(By.cssSelector(row + " button.drain"));
                            button.click();
                            return true;
                        });
    }
}
