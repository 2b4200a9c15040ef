package io.tandem.cli;

import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tandem reload}: the daemon re-reads its config and applies the difference. Prints each
 * change, or why the config was refused (the running one is untouched then) and exits 1.
 */
@Command(
        name = "reload",
        description = "Re-read the running daemon's config and apply what changed.")
public final class ReloadCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin SocketOption socket = new SocketOption();

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        AdminResult result =
                OneShot.send(
                        socket.resolve(null),
                        new AdminCommand.Reload(),
                        spec.commandLine().getErr(),
                        "tandem reload");
        if (!(result instanceof AdminResult.Reloaded reloaded)) {
            return 1;
        }
        if (reloaded.changes().isEmpty()) {
            out.println("no changes");
        }
        reloaded.changes().forEach(out::println);
        out.flush();
        return 0;
    }
}
