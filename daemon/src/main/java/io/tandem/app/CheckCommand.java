package io.tandem.app;

import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.config.TandemConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tandem check -f FILE}: validates a configuration like {@code keepalived -t}. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Validate a keepalived.conf without running it.",
            "Exit 0 when valid; otherwise exit 1 and print one line per error: FILE:LINE:COL: message."
        })
final class CheckCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConfigFileOption configFile;

    @Override
    public Integer call() {
        try {
            TandemConfig config = ConfigLoader.load(configFile.file);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: configuration is valid (%d virtual servers)%n",
                            configFile.file, config.virtualServers().size());
            return 0;
        } catch (ConfigException e) {
            spec.commandLine().getErr().print(e.report());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
