package io.tandem.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tandem}: the daemon and its tools behind one command. */
@Command(
        name = "tandem",
        mixinStandardHelpOptions = true,
        versionProvider = TandemVersion.class,
        description = "High-availability load balancer speaking keepalived.conf.",
        subcommands = {
            RunCommand.class,
            CheckCommand.class,
            DemoCommand.class,
            GenhashCommand.class,
            io.tandem.cli.AdmCommand.class,
            io.tandem.cli.ReloadCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    private static final String NETTY_LEAK_DETECTION = "io.netty.leakDetection.level";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Netty samples one buffer allocation in 128 for leak tracking with a stack trace: 3 % of
        // the L7 proxy's CPU in a keep-alive profile. In-process tests keep sampling (they do not
        // start here); -Dio.netty.leakDetection.level=simple turns it back on for a daemon.
        if (System.getProperty(NETTY_LEAK_DETECTION) == null) {
            System.setProperty(NETTY_LEAK_DETECTION, "disabled");
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(
                        (e, cmd, parseResult) -> {
                            // An admin gets what went wrong, not a stack trace; TANDEM_DEBUG=1 adds
                            // it.
                            cmd.getErr()
                                    .println(
                                            "tandem "
                                                    + cmd.getCommandName()
                                                    + ": "
                                                    + e.getMessage());
                            if (System.getenv("TANDEM_DEBUG") != null) {
                                e.printStackTrace(cmd.getErr());
                            }
                            cmd.getErr().flush();
                            return 1;
                        });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "a command is needed: run, check, demo, genhash, adm or reload (see --help)");
    }
}
