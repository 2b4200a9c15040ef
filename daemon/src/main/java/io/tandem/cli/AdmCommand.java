package io.tandem.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code tandem adm}: ipvsadm 1.31's options and output against the running daemon, plus Tandem's
 * verbs as subcommands. Everything but {@code --socket} and the subcommand names goes, untouched,
 * to {@link IpvsadmParser}: ipvsadm's grammar is not picocli's.
 */
@Command(
        name = "adm",
        description = "ipvsadm-compatible administration of the running daemon (-h for options).",
        subcommands = {
            HealthCommand.class,
            DrainCommand.class,
            EnableCommand.class,
            VrrpCommand.class
        })
public final class AdmCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin SocketOption socket = new SocketOption();

    @Unmatched List<String> arguments = new ArrayList<>();

    private final InputStream stdin;

    public AdmCommand() {
        this(System.in);
    }

    /** With {@code stdin} as what {@code -R} reads (tests pass their rules here). */
    public AdmCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var run = new IpvsadmRun(socket.resolve(null), out, err, CliVersion.version());
        return run.run(
                arguments,
                new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
    }
}
