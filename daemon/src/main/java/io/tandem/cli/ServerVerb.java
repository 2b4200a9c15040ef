package io.tandem.cli;

import io.tandem.admin.api.AdminCommand;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/** What drain and enable share: resolve the target, send one command, say nothing on success. */
final class ServerVerb {
    private ServerVerb() {}

    static int run(
            CommandSpec spec,
            Path socket,
            ServerTarget target,
            Function<ServerTarget.Resolved, AdminCommand> command) {
        var err = spec.commandLine().getErr();
        ServerTarget.Resolved resolved;
        try {
            resolved = target.resolve();
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        String program = "tandem adm " + spec.name();
        return OneShot.send(socket, command.apply(resolved), err, program) == null ? 1 : 0;
    }
}
