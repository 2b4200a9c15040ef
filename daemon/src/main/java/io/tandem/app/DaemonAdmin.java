package io.tandem.app;

import io.tandem.admin.AdminBackend;
import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminResult;
import io.tandem.admin.api.ConnectionEntry;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceProtocol;
import io.tandem.admin.api.VrrpInstanceStatus;
import io.tandem.common.HostPort;
import io.tandem.config.LvsTimeouts;
import io.tandem.config.RealServerConfig;
import io.tandem.config.TandemConfig;
import io.tandem.config.VrrpInstanceConfig;
import io.tandem.failover.Failover;
import io.tandem.failover.VrrpRunner;
import io.tandem.forward.ConnectionTimeouts;
import io.tandem.pool.RealServer;
import io.tandem.proxy.ProxiedConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The daemon's side of the admin protocol: every {@link AdminCommand} carried out on the control
 * thread, which owns the services, so a command returns once the next listing shows its effect.
 * Called from the admin transports' virtual threads; blocks until the control thread is done.
 * Listings of connections and VRRP read the data plane's and the VRRP threads' state as it is
 * (lock-free, possibly an event behind).
 */
final class DaemonAdmin implements AdminBackend {
    private final Daemon daemon;
    private final LiveServices live;
    private final ExecutorService control;
    private final AdminChanges changes;

    DaemonAdmin(Daemon daemon, LiveServices live, ExecutorService control) {
        this.daemon = daemon;
        this.live = live;
        this.control = control;
        this.changes = new AdminChanges(live);
    }

    @Override
    public AdminResult execute(AdminCommand command) throws AdminException, InterruptedException {
        if (command instanceof AdminCommand.Reload) {
            // The file is read here, off the control thread; only the apply runs there.
            try {
                TandemConfig next = daemon.reloader().load();
                AdminResult done =
                        onControl(() -> new AdminResult.Reloaded(daemon.reloader().apply(next)));
                daemon.reloadFinished(true);
                return done;
            } catch (AdminException e) {
                daemon.reloadFinished(false);
                throw e;
            }
        }
        if (command instanceof AdminCommand.ListVrrp) {
            return vrrp();
        }
        return onControl(() -> run(command));
    }

    private AdminResult run(AdminCommand command) throws AdminException {
        return switch (command) {
            case AdminCommand.ListServices l -> new AdminResult.Services(Listing.services(live));
            case AdminCommand.ListConnections l -> connections();
            case AdminCommand.AddService c -> changes.addService(c.service());
            case AdminCommand.EditService c -> changes.editService(c.service());
            case AdminCommand.DeleteService c -> changes.deleteService(c.service());
            case AdminCommand.AddRealServer c -> changes.addRealServer(c.service(), c.realServer());
            case AdminCommand.EditRealServer c ->
                    changes.editRealServer(c.service(), c.realServer());
            case AdminCommand.DeleteRealServer c ->
                    changes.deleteRealServer(c.service(), c.address(), c.port());
            case AdminCommand.Clear c -> changes.clear();
            case AdminCommand.Zero c -> changes.zero(c.service());
            case AdminCommand.Drain c -> changes.drain(c.service(), c.address(), c.port());
            case AdminCommand.Enable c -> changes.enable(c.service(), c.address(), c.port());
            case AdminCommand.ListVrrp l -> vrrp();
            case AdminCommand.Reload r -> throw new IllegalStateException("handled above");
            case AdminCommand.SetTimeouts t -> setTimeouts(t);
            case AdminCommand.ListTimeouts t -> timeouts();
        };
    }

    private AdminResult setTimeouts(AdminCommand.SetTimeouts t) throws AdminException {
        long max = LvsTimeouts.MAX_SECONDS;
        if (t.tcp() < 0 || t.tcpFin() < 0 || t.udp() < 0) {
            throw new AdminException("Invalid timeout value: timeouts must not be negative");
        }
        if (t.tcp() > max || t.tcpFin() > max || t.udp() > max) {
            throw new AdminException("Invalid timeout value: at most " + max + " s (31 days)");
        }
        daemon.packetTimeouts().set(t.tcp(), t.tcpFin(), t.udp());
        return new AdminResult.Done();
    }

    private AdminResult timeouts() {
        ConnectionTimeouts now = daemon.packetTimeouts().current();
        return new AdminResult.Timeouts(
                now.established().toSeconds(), now.finWait().toSeconds(), now.udp().toSeconds());
    }

    private AdminResult connections() {
        List<ConnectionEntry> out = new ArrayList<>();
        for (VirtualService s : live.all()) {
            for (ProxiedConnection c : s.forwarder().connections()) {
                var destination = c.destination();
                out.add(
                        new ConnectionEntry(
                                c.udp() ? ServiceProtocol.UDP : ServiceProtocol.TCP,
                                c.expires().toMillis(),
                                c.state(),
                                HostPort.of(c.client()).toString(),
                                HostPort.of(c.virtual()).toString(),
                                destination == null
                                        ? "0.0.0.0:0"
                                        : HostPort.of(destination).toString()));
            }
        }
        return new AdminResult.Connections(out);
    }

    private AdminResult vrrp() {
        Failover failover = daemon.failover();
        List<VrrpInstanceStatus> out = new ArrayList<>();
        if (failover != null) {
            for (VrrpRunner r : failover.runners()) {
                VrrpInstanceConfig c = failover.config(r.name());
                if (c == null) {
                    continue; // replaced by a reload just now
                }
                out.add(
                        new VrrpInstanceStatus(
                                r.name(),
                                c.interfaceName(),
                                c.virtualRouterId(),
                                c.version(),
                                r.state().name(),
                                c.priority(),
                                r.effectivePriority(),
                                c.virtualIpAddresses().stream()
                                        .map(
                                                v ->
                                                        v.address().getHostAddress()
                                                                + "/"
                                                                + v.prefixLength())
                                        .toList(),
                                r.transitions(),
                                r.since().toString(),
                                r.syncGroup()));
            }
        }
        return new AdminResult.Vrrp(out);
    }

    @FunctionalInterface
    private interface ControlTask {
        AdminResult run() throws AdminException;
    }

    private AdminResult onControl(ControlTask task) throws AdminException, InterruptedException {
        try {
            return control.submit(task::run).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AdminException refused) {
                throw new AdminException(refused.getMessage());
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("admin command failed: " + cause, cause);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new AdminException("the daemon is stopping");
        }
    }

    /** The service answering on {@code key}, or an error in ipvsadm's words. */
    static VirtualService service(LiveServices live, ServiceKey key) throws AdminException {
        VirtualService s = live.find(AdminValues.protocol(key), AdminValues.address(key));
        if (s == null) {
            throw new AdminException("No such service: " + AdminValues.describe(key));
        }
        return s;
    }

    /** The real server {@code address:port} of {@code service}, or an error. */
    static RealServer realServer(VirtualService service, ServiceKey key, String address, int port)
            throws AdminException {
        HostPort at = AdminValues.hostPort(address, port);
        RealServer server = service.realServer(at);
        if (server == null) {
            throw new AdminException(
                    "No such destination: " + at + " in " + AdminValues.describe(key));
        }
        return server;
    }

    static @Nullable RealServerConfig configOf(VirtualService service, RealServer server) {
        return service.health().configOf(server);
    }
}
