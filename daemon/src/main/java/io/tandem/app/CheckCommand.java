package io.tandem.app;

import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.config.TandemConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Option(
            names = {"-f", "--use-file"},
            required = true,
            paramLabel = "FILE",
            description = "The configuration file (keepalived.conf syntax).")
    Path file;

    @Override
    public Integer call() {
        try {
            TandemConfig config = ConfigLoader.load(file);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: configuration is valid (%d virtual servers)%n",
                            file, config.virtualServers().size());
            return 0;
        } catch (ConfigException e) {
            spec.commandLine().getErr().print(e.report());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
