package io.tandem.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tandem}: the daemon and its tools behind one command. */
@Command(
        name = "tandem",
        mixinStandardHelpOptions = true,
        versionProvider = TandemVersion.class,
        description = "High-availability load balancer speaking keepalived.conf.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
