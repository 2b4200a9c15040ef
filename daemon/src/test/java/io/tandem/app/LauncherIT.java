package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.testing.FreePorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's first command, as a newcomer runs it: {@code ./tandem demo} starts, balances HTTP
 * over its three backends, and stops cleanly on SIGTERM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherIT {

    private static Path repositoryRoot() {
        String home = System.getenv("TANDEM_HOME");
        Path start = Path.of(home != null ? home : "").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("tandem")) && Files.exists(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root with ./tandem not found above " + start);
    }

    @Test
    void demoBalancesOverThreeBackendsAndStopsOnSigterm() throws Exception {
        int port = FreePorts.tcp();
        Process process =
                new ProcessBuilder("./tandem", "demo", "--port", String.valueOf(port))
                        .directory(repositoryRoot().toFile())
                        .redirectErrorStream(true)
                        .start();
        CopyOnWriteArrayList<String> output = new CopyOnWriteArrayList<>();
        Thread.ofVirtual()
                .start(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                r.lines().forEach(output::add);
                            } catch (Exception e) {
                                // process ended
                            }
                        });
        try {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> output.stream().anyMatch(l -> l.contains("Try it")));

            Set<String> backends = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                // A new client each time, so each request is a new connection, like curl's.
                try (HttpClient client = HttpClient.newHttpClient()) {
                    HttpResponse<String> response =
                            client.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:" + port + "/hello"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    backends.add(response.headers().firstValue("X-Backend").orElseThrow());
                }
            }
            assertThat(backends).hasSize(3);

            // SIGTERM through the handle: Process.destroy() would also close our end of the
            // child's output, and the shutdown log would be lost.
            process.toHandle().destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(output).anyMatch(l -> l.contains("stopped")));
        } finally {
            process.destroyForcibly();
        }
    }
}
