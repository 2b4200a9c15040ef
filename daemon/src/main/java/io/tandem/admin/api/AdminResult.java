package io.tandem.admin.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** What a command returns; the {@code result} property names the kind on the wire. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "result")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AdminResult.Done.class, name = "done"),
    @JsonSubTypes.Type(value = AdminResult.Services.class, name = "services"),
    @JsonSubTypes.Type(value = AdminResult.Connections.class, name = "connections"),
    @JsonSubTypes.Type(value = AdminResult.Vrrp.class, name = "vrrp"),
    @JsonSubTypes.Type(value = AdminResult.Reloaded.class, name = "reloaded"),
    @JsonSubTypes.Type(value = AdminResult.Timeouts.class, name = "timeouts"),
})
public sealed interface AdminResult {

    /** A change that took effect. */
    record Done() implements AdminResult {}

    /** The virtual services, in configuration order then in the order they were added. */
    record Services(List<ServiceStatus> services) implements AdminResult {
        public Services {
            services = List.copyOf(services);
        }
    }

    record Connections(List<ConnectionEntry> connections) implements AdminResult {
        public Connections {
            connections = List.copyOf(connections);
        }
    }

    record Vrrp(List<VrrpInstanceStatus> instances) implements AdminResult {
        public Vrrp {
            instances = List.copyOf(instances);
        }
    }

    /** A reload that was applied; {@code changes} says what, one line each. */
    record Reloaded(List<String> changes) implements AdminResult {
        public Reloaded {
            changes = List.copyOf(changes);
        }
    }

    /** The packet forwarders' connection timeouts in seconds, as ipvsadm -L --timeout. */
    record Timeouts(long tcp, long tcpFin, long udp) implements AdminResult {}
}
