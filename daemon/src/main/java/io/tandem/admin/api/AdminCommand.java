package io.tandem.admin.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;

/**
 * Every command the admin endpoint accepts. On the wire the record's {@code command} property names
 * it ({@code "add-service"}, ...), so a reply to an unknown command is a clear error rather than a
 * silent default.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "command")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AdminCommand.ListServices.class, name = "list-services"),
    @JsonSubTypes.Type(value = AdminCommand.AddService.class, name = "add-service"),
    @JsonSubTypes.Type(value = AdminCommand.EditService.class, name = "edit-service"),
    @JsonSubTypes.Type(value = AdminCommand.DeleteService.class, name = "delete-service"),
    @JsonSubTypes.Type(value = AdminCommand.AddRealServer.class, name = "add-real-server"),
    @JsonSubTypes.Type(value = AdminCommand.EditRealServer.class, name = "edit-real-server"),
    @JsonSubTypes.Type(value = AdminCommand.DeleteRealServer.class, name = "delete-real-server"),
    @JsonSubTypes.Type(value = AdminCommand.Clear.class, name = "clear"),
    @JsonSubTypes.Type(value = AdminCommand.Zero.class, name = "zero"),
    @JsonSubTypes.Type(value = AdminCommand.ListConnections.class, name = "list-connections"),
    @JsonSubTypes.Type(value = AdminCommand.Drain.class, name = "drain"),
    @JsonSubTypes.Type(value = AdminCommand.Enable.class, name = "enable"),
    @JsonSubTypes.Type(value = AdminCommand.ListVrrp.class, name = "list-vrrp"),
    @JsonSubTypes.Type(value = AdminCommand.Reload.class, name = "reload"),
    @JsonSubTypes.Type(value = AdminCommand.SetTimeouts.class, name = "set-timeouts"),
    @JsonSubTypes.Type(value = AdminCommand.ListTimeouts.class, name = "list-timeouts"),
})
public sealed interface AdminCommand {

    /** Whether the command changes anything; over HTTP those need the bearer token. */
    boolean changes();

    /** ipvsadm -L / -l (also what -S saves). */
    record ListServices() implements AdminCommand {
        @Override
        public boolean changes() {
            return false;
        }
    }

    /** ipvsadm -A. */
    record AddService(ServiceSpec service) implements AdminCommand {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** ipvsadm -E. */
    record EditService(ServiceSpec service) implements AdminCommand {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** ipvsadm -D. */
    record DeleteService(ServiceKey service) implements AdminCommand {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** ipvsadm -a. */
    record AddRealServer(ServiceKey service, RealServerSpec realServer) implements AdminCommand {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** ipvsadm -e. */
    record EditRealServer(ServiceKey service, RealServerSpec realServer) implements AdminCommand {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** ipvsadm -d. */
    record DeleteRealServer(ServiceKey service, String address, int port) implements AdminCommand {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** ipvsadm -C: every virtual service goes. */
    record Clear() implements AdminCommand {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** ipvsadm -Z: counters of one service, or of all when {@code service} is null. */
    record Zero(@Nullable ServiceKey service) implements AdminCommand {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** ipvsadm -L -c. */
    record ListConnections() implements AdminCommand {
        @Override
        public boolean changes() {
            return false;
        }
    }

    /**
     * Tandem's drain: weight 0 at once (no new connections), then the real server is removed once
     * its connections are gone.
     */
    record Drain(ServiceKey service, String address, int port) implements AdminCommand {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** Undoes a drain that has not finished: the configured weight comes back. */
    record Enable(ServiceKey service, String address, int port) implements AdminCommand {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** The VRRP instances and their states. */
    record ListVrrp() implements AdminCommand {
        @Override
        public boolean changes() {
            return false;
        }
    }

    /** Re-reads the config file the daemon was started with and applies the difference. */
    record Reload() implements AdminCommand {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /**
     * ipvsadm --set: the packet forwarders' connection timeouts in seconds (TCP established, TCP
     * FIN_WAIT, UDP); 0 leaves one unchanged.
     */
    record SetTimeouts(long tcp, long tcpFin, long udp) implements AdminCommand {
        @Override
        public boolean changes() {
            return true;
        }
    }

    /** ipvsadm -L --timeout. */
    record ListTimeouts() implements AdminCommand {
        @Override
        public boolean changes() {
            return false;
        }
    }
}
