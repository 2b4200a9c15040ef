package io.tandem.cli;

import io.tandem.admin.api.AdminCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tandem adm drain}: weight 0 now, removed once its connections are gone. */
@Command(
        name = "drain",
        description =
                "Stop sending new connections to a real server and remove it once its"
                        + " connections are gone.")
final class DrainCommand implements Callable<Integer> {
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
                t -> new AdminCommand.Drain(t.service(), t.address(), t.port()));
    }
}
