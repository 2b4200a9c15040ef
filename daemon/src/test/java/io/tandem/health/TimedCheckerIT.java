package io.tandem.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.HostPort;
import io.tandem.config.SourcePosition;
import io.tandem.config.TcpCheckConfig;
import io.tandem.script.ScriptRunner;
import io.tandem.script.ScriptSecurity;
import io.tandem.testing.StubBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimedCheckerIT {

    record Probed(HostPort realServer, String check, boolean up, Duration took) {}

    @Test
    void everyProbeReportsHowLongItTook() throws Exception {
        List<Probed> seen = new CopyOnWriteArrayList<>();
        Checkers checkers =
                new Checkers(new ScriptRunner(ScriptSecurity.enforcing(), null))
                        .reportingTo(
                                (server, check, result, took) ->
                                        seen.add(new Probed(server, check, result.up(), took)));
        var config =
                new TcpCheckConfig(
                        NetworkCheckersIT.settings(), new SourcePosition(Path.of("t.conf"), 1, 1));
        try (StubBackend backend = StubBackend.start("a", StubBackend.IDENTITY)) {
            HealthChecker checker = checkers.create(config, backend.address());
            assertThat(checker.probe(Duration.ofSeconds(2)).up()).isTrue();
            assertThat(checker.describe()).startsWith("TCP_CHECK");
            assertThat(seen).hasSize(1);
            assertThat(seen.getFirst().realServer()).isEqualTo(backend.address());
            assertThat(seen.getFirst().check()).isEqualTo("TCP_CHECK");
            assertThat(seen.getFirst().up()).isTrue();
            assertThat(seen.getFirst().took()).isPositive().isLessThan(Duration.ofSeconds(2));
        }
    }
}
