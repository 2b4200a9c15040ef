package io.tandem.app;

import io.tandem.admin.api.AdminException;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.config.TandemConfig;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tandem run -f FILE}: the daemon in the foreground until SIGINT or SIGTERM. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the load balancer in the foreground with a keepalived.conf.",
            "SIGINT or SIGTERM stop it cleanly: listeners close, open connections get"
                    + " --drain-seconds to finish. SIGHUP reloads the config file."
        })
final class RunCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConfigFileOption configFile;

    @Mixin DaemonOptions options;

    @Override
    public Integer call() throws InterruptedException {
        TandemConfig config;
        try {
            config = ConfigLoader.load(configFile.file);
        } catch (ConfigException e) {
            spec.commandLine().getErr().print(e.report());
            spec.commandLine().getErr().flush();
            return 1;
        }
        Daemon daemon;
        try {
            daemon = Daemon.start(config, options);
        } catch (IOException e) {
            spec.commandLine().getErr().println("tandem: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        HangupSignal.onHangup(
                () -> {
                    try {
                        daemon.reload();
                    } catch (AdminException e) {
                        // Reloader logged why; the running config stays.
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        daemon.awaitStopped();
        return 0;
    }
}
