package io.tandem.health;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.config.ConfigLoader;
import io.tandem.config.VirtualServerConfig;
import io.tandem.pool.RealServer;
import io.tandem.script.ScriptRunner;
import io.tandem.script.ScriptSecurity;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@link HealthMonitor#watch} refuses before any probe runs. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HealthMonitorTest {

    private static void watch(String body) throws Exception {
        VirtualServerConfig vs =
                ConfigLoader.parse(
                                "virtual_server 10.0.0.1 80 {\n" + body + "}\n", Path.of("t.conf"))
                        .virtualServers()
                        .getFirst();
        try (HealthMonitor monitor =
                new HealthMonitor(
                        Runnable::run,
                        new Checkers(new ScriptRunner(ScriptSecurity.permissive())),
                        new RecordingHealthEvents(),
                        InstantSource.system(),
                        new SplittableRandom(1))) {
            monitor.watch(
                    vs,
                    vs.realServers().stream().map(r -> new RealServer(r.address(), 1)).toList(),
                    pool -> {});
        }
    }

    @Test
    void aMiscPathWithUnbalancedQuotesIsRefusedWithItsPosition() {
        assertThatThrownBy(
                        () ->
                                watch(
                                        """
                                          real_server 10.0.0.2 80 {
                                            MISC_CHECK {
                                              misc_path "/bin/check 'unbalanced"
                                            }
                                          }
                                        """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("t.conf:3:5: MISC_CHECK: ");
    }

    @Test
    void aNotifyScriptWithUnbalancedQuotesIsRefusedWithItsPosition() {
        assertThatThrownBy(
                        () ->
                                watch(
                                        """
                                          quorum_down "/bin/page 'ops"
                                          real_server 10.0.0.2 80
                                        """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("t.conf:2:3: quorum_down: ");
    }
}
