package io.tandem.testing;

import io.tandem.admin.AdminBackend;
import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminResult;
import io.tandem.admin.api.Counters;
import io.tandem.admin.api.Forwarding;
import io.tandem.admin.api.Rates;
import io.tandem.admin.api.RealServerStatus;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceProtocol;
import io.tandem.admin.api.ServiceStatus;
import io.tandem.admin.api.VrrpInstanceStatus;
import io.tandem.common.HostPort;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An admin backend for testing the HTTP endpoint, metrics and dashboard without the daemon: one TCP
 * virtual service whose real servers' health is a real TCP connect to each (like TCP_CHECK, done at
 * every listing), with drain and enable, and one VRRP instance that is MASTER. Thread-safe.
 */
public final class StubAdminBackend implements AdminBackend {
    public static final ServiceKey SERVICE = new ServiceKey(ServiceProtocol.TCP, "127.0.0.1", 80);

    private final List<HostPort> realServers = new CopyOnWriteArrayList<>();
    private final Set<HostPort> drained = ConcurrentHashMap.newKeySet();
    private final AtomicInteger changes = new AtomicInteger();

    public StubAdminBackend(List<HostPort> realServers) {
        this.realServers.addAll(realServers);
    }

    /** How many changing commands were carried out. */
    public int changes() {
        return changes.get();
    }

    public boolean drained(HostPort server) {
        return drained.contains(server);
    }

    /** Takes {@code server} out at run time, as {@code ipvsadm -d} would. */
    public void remove(HostPort server) {
        realServers.remove(server);
    }

    @Override
    public AdminResult execute(AdminCommand command) throws AdminException {
        return switch (command) {
            case AdminCommand.ListServices l -> new AdminResult.Services(List.of(status()));
            case AdminCommand.ListVrrp l ->
                    new AdminResult.Vrrp(
                            List.of(
                                    new VrrpInstanceStatus(
                                            "VI_1",
                                            "eth0",
                                            51,
                                            3,
                                            "MASTER",
                                            100,
                                            100,
                                            List.of("192.0.2.10/24"),
                                            2,
                                            "2026-12-01T21:00:00Z",
                                            null)));
            case AdminCommand.Drain d -> {
                drained.add(find(d.service(), d.address(), d.port()));
                changes.incrementAndGet();
                yield new AdminResult.Done();
            }
            case AdminCommand.Enable e -> {
                drained.remove(find(e.service(), e.address(), e.port()));
                changes.incrementAndGet();
                yield new AdminResult.Done();
            }
            default -> throw new AdminException("the stub backend does not do " + command);
        };
    }

    private HostPort find(ServiceKey service, String address, int port) throws AdminException {
        if (!service.equals(SERVICE)) {
            throw new AdminException("Service not defined");
        }
        for (HostPort r : realServers) {
            if (r.hostText().equals(address) && r.port() == port) {
                return r;
            }
        }
        throw new AdminException("No such destination");
    }

    private ServiceStatus status() {
        List<RealServerStatus> reals = realServers.stream().map(this::probe).toList();
        return new ServiceStatus(
                SERVICE,
                "web",
                "wlc",
                null,
                null,
                new Counters(7, 0, 0, 700, 1400),
                Rates.ZERO,
                reals,
                null);
    }

    private RealServerStatus probe(HostPort server) {
        String health;
        String lastCheck;
        try (Socket s = new Socket()) {
            s.connect(server.toSocketAddress(), 500);
            health = "up";
            lastCheck = "TCP_CHECK " + server + " connected";
        } catch (IOException e) {
            health = "down";
            lastCheck = "TCP_CHECK " + server + ": " + e.getMessage();
        }
        boolean drain = drained.contains(server);
        return new RealServerStatus(
                server.hostText(),
                server.port(),
                Forwarding.MASQ,
                drain ? 0 : 1,
                1,
                drain ? 0 : 3,
                1,
                0,
                0,
                0,
                new Counters(3, 0, 0, 300, 600),
                new Rates(1, 0, 0, 100, 200),
                drain ? "draining" : health,
                lastCheck);
    }
}
