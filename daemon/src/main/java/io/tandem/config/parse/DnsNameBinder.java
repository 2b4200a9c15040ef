package io.tandem.config.parse;

import io.tandem.common.HostPort;
import io.tandem.common.Protocol;
import io.tandem.config.DnsNameConfig;
import io.tandem.config.VirtualServerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Reads {@code name LABEL virtual_server IP PORT [TCP|UDP]} and {@code name LABEL virtual_server
 * group NAME}, and checks that the virtual server exists. Without a protocol the TCP service is
 * meant when both exist, as a name usually fronts a TCP service.
 */
final class DnsNameBinder {
    private final OwnerNames owners;
    private final List<VirtualServerConfig> virtualServers;
    private final ValueReader values;

    DnsNameBinder(OwnerNames owners, List<VirtualServerConfig> virtualServers, ValueReader values) {
        this.owners = owners;
        this.virtualServers = virtualServers;
        this.values = values;
    }

    List<DnsNameConfig> bind(List<Statement> statements) {
        List<DnsNameConfig> out = new ArrayList<>();
        Map<Name, Statement> seen = new HashMap<>();
        for (Statement s : statements) {
            Optional<Name> owner = owners.inZone(s.name(), s.argument(0));
            Optional<DnsNameConfig> bound = owner.flatMap(o -> bind(s, o));
            if (bound.isEmpty()) {
                continue;
            }
            Statement first = seen.putIfAbsent(owner.get(), s);
            if (first != null) {
                values.error(
                        s.argument(0),
                        "duplicate name "
                                + owner.get()
                                + " in dns_service (first at "
                                + first.position()
                                + ")");
                continue;
            }
            out.add(bound.get());
        }
        return out;
    }

    private Optional<DnsNameConfig> bind(Statement s, Name owner) {
        Token kind = s.argument(1);
        if (!kind.text().equals("virtual_server")) {
            values.expected(s.name(), "'virtual_server' after the label", kind);
            return Optional.empty();
        }
        String vsName;
        Optional<Protocol> protocol = Optional.empty();
        if (s.argument(2).text().equals("group")) {
            if (s.arguments().size() != 4) {
                values.error(s.keyword(), "name: expected 'name LABEL virtual_server group NAME'");
                return Optional.empty();
            }
            vsName = "group " + s.argument(3).text();
        } else {
            Optional<HostPort> address = values.hostPort(s.name(), s.argument(2), s.argument(3));
            if (address.isEmpty()) {
                return Optional.empty();
            }
            vsName = address.get().toString();
            if (s.arguments().size() == 5) {
                protocol = protocol(s.argument(4));
                if (protocol.isEmpty()) {
                    return Optional.empty();
                }
            }
        }
        Optional<VirtualServerConfig> target = find(vsName, protocol);
        if (target.isEmpty()) {
            values.error(
                    s.argument(2),
                    "name "
                            + s.argument(0).text()
                            + ": no virtual_server "
                            + vsName
                            + protocol.map(p -> " (" + p + ")").orElse("")
                            + " is configured");
            return Optional.empty();
        }
        return Optional.of(
                new DnsNameConfig(
                        owner.toString(),
                        target.get().name(),
                        target.get().protocol(),
                        s.position()));
    }

    private Optional<Protocol> protocol(Token word) {
        switch (word.text().toUpperCase(Locale.ROOT)) {
            case "TCP" -> {
                return Optional.of(Protocol.TCP);
            }
            case "UDP" -> {
                return Optional.of(Protocol.UDP);
            }
            default -> {
                values.expected("name", "TCP or UDP", word);
                return Optional.empty();
            }
        }
    }

    private Optional<VirtualServerConfig> find(String name, Optional<Protocol> protocol) {
        Optional<VirtualServerConfig> tcp = Optional.empty();
        Optional<VirtualServerConfig> any = Optional.empty();
        for (VirtualServerConfig vs : virtualServers) {
            if (!vs.name().equals(name)) {
                continue;
            }
            if (protocol.isPresent()) {
                if (vs.protocol() == protocol.get()) {
                    return Optional.of(vs);
                }
                continue;
            }
            if (vs.protocol() == Protocol.TCP) {
                tcp = Optional.of(vs);
            }
            if (any.isEmpty()) {
                any = Optional.of(vs);
            }
        }
        return tcp.isPresent() ? tcp : any;
    }
}
