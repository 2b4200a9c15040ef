package io.tandem.cli;

import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceProtocol;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code -t|-u VIP:PORT -r RIP:PORT} of drain and enable, read with ipvsadm's address rules. */
final class ServerTarget {

    static final class Service {
        @Option(
                names = {"-t", "--tcp-service"},
                paramLabel = "VIP:PORT",
                required = true)
        @Nullable String tcp;

        @Option(
                names = {"-u", "--udp-service"},
                paramLabel = "VIP:PORT",
                required = true)
        @Nullable String udp;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Service service = new Service();

    @Option(
            names = {"-r", "--real-server"},
            paramLabel = "RIP[:PORT]",
            required = true,
            description = "The real server; its port defaults to the service's.")
    String realServer = "";

    record Resolved(ServiceKey service, String address, int port) {}

    Resolved resolve() throws UsageException {
        String tcp = service.tcp;
        String text = tcp != null ? tcp : service.udp;
        ServiceProtocol protocol = tcp != null ? ServiceProtocol.TCP : ServiceProtocol.UDP;
        var vip =
                IpvsadmParser.AddressPort.parse(
                        text == null ? "" : text,
                        true,
                        "illegal virtual server address[:port] specified");
        var rip =
                IpvsadmParser.AddressPort.parse(
                        realServer, false, "illegal real server address[:port] specified");
        return new Resolved(
                new ServiceKey(protocol, vip.address(), vip.port()),
                rip.address(),
                rip.port() == 0 ? vip.port() : rip.port());
    }
}
