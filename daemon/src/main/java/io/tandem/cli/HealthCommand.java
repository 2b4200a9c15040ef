package io.tandem.cli;

import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminResult;
import io.tandem.admin.api.RealServerStatus;
import io.tandem.admin.api.ServiceStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tandem adm health}: each real server's health and its last check's result. */
@Command(name = "health", description = "Health and last check result of every real server.")
final class HealthCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand @org.jspecify.annotations.Nullable AdmCommand parent;
    @Mixin SocketOption socket = new SocketOption();

    @Override
    public Integer call() {
        return OneShot.print(
                spec,
                socket.resolve(parent == null ? null : parent.socket),
                new AdminCommand.ListServices(),
                AdminResult.Services.class,
                HealthCommand::format);
    }

    /** One line per real server; Weight is now/configured, so a drain shows as 0/N. */
    static String format(AdminResult.Services services) {
        StringBuilder text =
                new StringBuilder(
                        String.format(
                                "%-33s %-28s %-10s %-13s %s\n",
                                "Prot LocalAddress:Port",
                                "RemoteAddress:Port",
                                "Health",
                                "Weight",
                                "LastCheck"));
        for (ServiceStatus s : services.services()) {
            String service =
                    IpvsadmListing.protocolName(s.key().protocol())
                            + "  "
                            + IpvsadmListing.addressPort(s.key());
            for (RealServerStatus r : s.realServers()) {
                String last = r.lastCheck();
                text.append(
                        String.format(
                                "%-33s %-28s %-10s %-13s %s\n",
                                service,
                                IpvsadmListing.addressPort(r.address(), r.port()),
                                r.health(),
                                r.weight() + "/" + r.configuredWeight(),
                                last == null ? "-" : last));
            }
        }
        return text.toString();
    }
}
