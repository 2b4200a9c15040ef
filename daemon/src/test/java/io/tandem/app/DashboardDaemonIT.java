package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.config.ConfigLoader;
import io.tandem.testing.FreePorts;
import io.tandem.testing.HostSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard of a real daemon in Debian's headless chromium: {@code admin_http} with a token
 * file, a virtual server whose real server has a TCP_CHECK; the page shows it up, then down with
 * the check's reason once its backend stops, and the drain button drains it (the daemon removes a
 * drained server without connections, so its row goes).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardDaemonIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "daemon-dashboard-token";

    @TempDir Path dir;
    private @Nullable Daemon daemon;
    private @Nullable RestartableBackend backend;
    private @Nullable WebDriver browser;

    @BeforeEach
    void needsChromium() {
        HostSupport.require(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "needs apt packages chromium and chromium-driver");
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (daemon != null) {
            daemon.stop();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static String text(WebDriver page, String css) {
        try {
            return page.findElement(By.cssSelector(css)).getText();
        } catch (NoSuchElementException | StaleElementReferenceException e) {
            return "";
        }
    }

    private static boolean absent(WebDriver page, String css) {
        return page.findElements(By.cssSelector(css)).isEmpty();
    }

    @Test
    void theDashboardShowsARealServerGoDownAndDrainsIt() throws Exception {
        RestartableBackend real = RestartableBackend.start("a");
        backend = real;
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        int adminPort = FreePorts.tcp();
        String config =
                "global_defs {\n  admin_http 127.0.0.1:"
                        + adminPort
                        + "\n  admin_token_file "
                        + tokenFile
                        + "\n}\nvirtual_server 127.0.0.1 "
                        + FreePorts.tcp()
                        + " {\n  lb_algo rr\n  real_server 127.0.0.1 "
                        + real.port()
                        + " {\n    TCP_CHECK {\n      delay_loop 0.2\n      connect_timeout 1\n"
                        + "      retry 0\n      delay_before_retry 0.2\n    }\n  }\n}\n";
        DaemonOptions options = new DaemonOptions();
        options.threads = 2;
        options.drainSeconds = 1;
        daemon = Daemon.start(ConfigLoader.parse(config, Path.of("dashboard-it.conf")), options);
        URI base = URI.create("http://127.0.0.1:" + adminPort + "/");

        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> metrics =
                    client.send(
                            HttpRequest.newBuilder(base.resolve("metrics")).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("tandem_real_server_up{")
                    .contains("real_server=\"127.0.0.1:" + real.port() + "\"");
        }

        ChromeOptions chrome = new ChromeOptions();
        chrome.setBinary(CHROMIUM.toFile());
        chrome.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        WebDriver page = new ChromeDriver(chrome);
        browser = page;
        page.get(base.toString());

        String row = "tr[data-real-server='127.0.0.1:" + real.port() + "']";
        await().atMost(Duration.ofSeconds(20))
                .until(() -> text(page, row + " .health").equals("up"));
        real.kill();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> text(page, row + " .health").equals("down"));
        assertThat(text(page, row + " .why")).contains("TCP_CHECK").contains("refused");

        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(
                        () -> {
                            WebElement drain =
                                    page.findElement(By.cssSelector(row + " button.drain"));
                            drain.click();
                            return true;
                        });
        var prompt = page.switchTo().alert();
        prompt.sendKeys(TOKEN);
        prompt.accept();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> absent(page, row) || text(page, row + " .health").equals("draining"));
        assertThat(text(page, "#message")).isEmpty();
    }
}
