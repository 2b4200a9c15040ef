package io.tandem.failover;

import io.tandem.config.VrrpScriptConfig;
import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptResult;
import io.tandem.script.ScriptRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code vrrp_script} every {@code interval} on a virtual thread and keeps its up/down
 * state with keepalived's rise/fall counting: {@code fall} failures in a row take it down, {@code
 * rise} successes bring it back. Starts up (keepalived's default without {@code init_fail}). Shared
 * by every instance that tracks it; {@link #up()} may be read from any thread.
 */
final class ScriptTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScriptTracker.class);

    private final VrrpScriptConfig config;
    private final ScriptCommand command;
    private final ScriptRunner runner;
    private volatile boolean up = true;
    private volatile boolean closed;
    private int successes;
    private int failures;
    private Thread thread = Thread.ofVirtual().unstarted(() -> {});

    ScriptTracker(VrrpScriptConfig config, ScriptCommand command, ScriptRunner runner) {
        this.config = config;
        this.command = command;
        this.runner = runner;
    }

    VrrpScriptConfig config() {
        return config;
    }

    boolean up() {
        return up;
    }

    void start() {
        thread = Thread.ofVirtual().name("vrrp_script-" + config.name()).start(this::loop);
    }

    private void loop() {
        try {
            while (!closed) {
                ScriptResult result = runner.run(command, config.timeout(), null);
                record(result);
                Thread.sleep(config.interval());
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void record(ScriptResult result) {
        if (result.succeeded()) {
            failures = 0;
            if (!up && ++successes >= config.rise()) {
                up = true;
                log.info("vrrp_script {} succeeded {} times: up", config.name(), successes);
            }
        } else {
            successes = 0;
            if (up && ++failures >= config.fall()) {
                up = false;
                log.warn(
                        "vrrp_script {} failed {} times ({}): down",
                        config.name(),
                        failures,
                        result.describe());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
