package io.tandem.cli;

import io.tandem.admin.api.AdminCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tandem adm enable}: undoes an unfinished drain, the configured weight comes back. */
@Command(name = "enable", description = "Give a draining real server its configured weight back.")
final class EnableCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand @org.jspecify.annotations.Nullable AdmCommand parent;
    @Mixin SocketOption socket = new SocketOption();
    @Mixin ServerTarget target = new ServerTarget();

    @Override
    public Integer call() {
        return ServerVerb.run(
                spec,
                socket.resolve(parent == null ? null : parent.socket),
                target,
                t -> new AdminCommand.Enable(t.service(), t.address(), t.port()));
    }
}
