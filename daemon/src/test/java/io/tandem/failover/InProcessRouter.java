package io.tandem.failover;

import io.tandem.config.ConfigLoader;
import io.tandem.config.TandemConfig;
import io.tandem.script.ScriptRunner;
import io.tandem.script.ScriptSecurity;
import java.nio.file.Path;

/**
 * Tandem's failover running inside this JVM, in one host of a {@link Lan}: sockets and runner
 * threads are created from the host's namespace thread, so they act there. Faster than a process
 * and lets a test read the runner's state and drop counters.
 */
final class InProcessRouter implements AutoCloseable {
    final Failover failover;

    private InProcessRouter(Failover failover) {
        this.failover = failover;
    }

    static InProcessRouter start(Lan lan, String host, String config) throws Exception {
        TandemConfig parsed = ConfigLoader.parse(config, Path.of(host + ".conf"));
        return new InProcessRouter(
                lan.inside(host)
                        .call(
                                () ->
                                        Failover.start(
                                                parsed.vrrp(),
                                                new ScriptRunner(ScriptSecurity.permissive()))));
    }

    VrrpRunner runner() {
        return failover.runners().getFirst();
    }

    @Override
    public void close() {
        failover.close();
    }
}
