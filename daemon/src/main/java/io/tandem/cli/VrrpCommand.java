package io.tandem.cli;

import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminResult;
import io.tandem.admin.api.VrrpInstanceStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tandem adm vrrp}: every VRRP instance, its state and since when. */
@Command(name = "vrrp", description = "VRRP instances: state, priority, virtual addresses.")
final class VrrpCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand @org.jspecify.annotations.Nullable AdmCommand parent;
    @Mixin SocketOption socket = new SocketOption();

    @Override
    public Integer call() {
        return OneShot.print(
                spec,
                socket.resolve(parent == null ? null : parent.socket),
                new AdminCommand.ListVrrp(),
                AdminResult.Vrrp.class,
                VrrpCommand::format);
    }

    /** Priority is configured/effective (after tracking); VIPs last as the list runs long. */
    static String format(AdminResult.Vrrp vrrp) {
        String row = "%-20s %-12s %-4s %-6s %-9s %-25s %s\n";
        StringBuilder text =
                new StringBuilder(
                        String.format(
                                row,
                                "Name",
                                "Interface",
                                "VRID",
                                "State",
                                "Priority",
                                "Since",
                                "VIPs"));
        for (VrrpInstanceStatus v : vrrp.instances()) {
            text.append(
                    String.format(
                            row,
                            v.name(),
                            v.interfaceName(),
                            v.virtualRouterId(),
                            v.state(),
                            v.priority() + "/" + v.effectivePriority(),
                            v.since(),
                            String.join(",", v.virtualAddresses())));
        }
        return text.toString();
    }
}
