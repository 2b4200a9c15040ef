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

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
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
