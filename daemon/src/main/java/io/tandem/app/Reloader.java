package io.tandem.app;

import io.tandem.admin.api.AdminException;
import io.tandem.config.ConfigDiff;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.config.RealServerChange;
import io.tandem.config.RealServerConfig;
import io.tandem.config.TandemConfig;
import io.tandem.config.VirtualServerChange;
import io.tandem.config.VirtualServerConfig;
import io.tandem.config.VrrpInstanceConfig;
import io.tandem.failover.Failover;
import io.tandem.pool.RealServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: reads the config file again and applies the {@link ConfigDiff} between the config
 * last loaded and the new one, on the control thread. Unchanged virtual servers keep their
 * listeners, connections, balancer state and health checks; a changed one is changed in place (the
 * scheduler swapped, real servers added, removed or changed one by one); only added and removed
 * ones bind or close.
 *
 * <p>Runtime changes (ipvsadm -a/-e/-d) and reload: only the difference between the old and the new
 * file is applied, so a change made at run time to something the file did not change survives (an
 * added real server stays, an edited weight stays). Where the file changed a thing, the file wins:
 * a real server the new file adds but that was added at run time takes the file's settings.
 * Removing something that is already gone is no error.
 *
 * <p>VRRP: instances outside sync groups that changed are restarted, added ones started, removed
 * ones stopped (a master hands over first); unchanged ones keep running and keep their role. A
 * change to a vrrp_script, a vrrp_sync_group or to an instance in a group restarts every instance
 * (the group's state is shared). global_defs and dns_service changes take effect on restart only,
 * and the reload says so.
 *
 * <p>{@link #load} may block on file reads (caller's thread); {@link #apply}: control thread only.
 */
final class Reloader {
    private static final Logger log = LoggerFactory.getLogger(Reloader.class);

    private final LiveServices live;
    private final Daemon daemon;
    private TandemConfig current;
    private long reloads;

    Reloader(TandemConfig initial, LiveServices live, Daemon daemon) {
        this.current = initial;
        this.live = live;
        this.daemon = daemon;
    }

    /** The file the daemon was started with and reloads read; any thread. */
    Path source() {
        return current.source();
    }

    /**
     * Reads and validates the file. A file that does not load changes nothing; the reason goes to
     * the log and into the exception, one {@code FILE:LINE:COL: message} per line.
     */
    TandemConfig load() throws AdminException {
        try {
            return ConfigLoader.load(source());
        } catch (ConfigException e) {
            String report = e.report().strip();
            log.error("reload of {} refused, the running config stays:\n{}", source(), report);
            throw new AdminException("reload refused, the running config stays: " + report);
        }
    }

    /** Control thread: applies the difference; returns one line per change. */
    List<String> apply(TandemConfig next) throws AdminException {
        ConfigDiff diff = ConfigDiff.between(current, next);
        // Before services are added: a new packet forwarder starts on standby under VRRP.
        daemon.packetVips().configure(next);
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (VirtualServerConfig vs : diff.removedVirtualServers()) {
            VirtualService s = live.find(vs);
            if (s != null) {
                live.delete(s);
                done.add("removed virtual_server " + vs.name());
            }
        }
        for (VirtualServerChange change : diff.changedVirtualServers()) {
            VirtualService s = live.find(change.after());
            if (s == null) {
                add(change.after(), done, failed);
            } else {
                applyChange(s, change, done, failed);
            }
        }
        for (VirtualServerConfig vs : diff.addedVirtualServers()) {
            VirtualService s = live.find(vs);
            if (s == null) {
                add(vs, done, failed);
            } else {
                // Added at run time with the same addresses: the file's settings take over.
                converge(s, vs, done, failed);
            }
        }
        applyVrrp(diff, next, done, failed);
        diff.notApplied()
                .forEach(section -> done.add(section + " changed: takes effect on restart"));
        current = next;
        reloads++;
        if (done.isEmpty()) {
            done.add("no changes");
        }
        done.forEach(line -> log.info("reload: {}", line));
        if (!failed.isEmpty()) {
            failed.forEach(line -> log.error("reload: {}", line));
            throw new AdminException(
                    "reload applied except: "
                            + String.join("; ", failed)
                            + " (applied: "
                            + String.join("; ", done)
                            + ")");
        }
        return done;
    }

    /** Reloads applied since start. */
    long reloads() {
        return reloads;
    }

    private void add(VirtualServerConfig vs, List<String> done, List<String> failed) {
        try {
            live.add(vs);
            done.add("added virtual_server " + vs.name());
        } catch (IOException | IllegalArgumentException e) {
            failed.add(vs.position() + ": " + e.getMessage());
        }
    }

    private void applyChange(
            VirtualService s, VirtualServerChange change, List<String> done, List<String> failed) {
        String name = change.after().name();
        if (change.httpChanged()) {
            // The HTTP forwarder reads routes, groups and limits once, when it starts.
            String note =
                    "virtual_server "
                            + name
                            + ": HTTP routes, groups or limits changed; they apply at the next"
                            + " restart";
            log.warn(note);
            done.add(note);
        }
        if (s.config().forwardingMethod() != change.after().forwardingMethod()
                || !Objects.equals(s.config().packet(), change.after().packet())) {
            // The forwarder (proxy or packet) is chosen once, when the service starts.
            String note =
                    "virtual_server "
                            + name
                            + ": lb_kind or packet settings (interface, snat_clients,"
                            + " packet_busy_poll) changed; they apply at the next restart";
            log.warn(note);
            done.add(note);
        }
        if (change.settingsChanged()) {
            live.edit(s, change.after());
            done.add(
                    "virtual_server "
                            + name
                            + ": settings changed (lb_algo "
                            + change.after().scheduler().ipvsName()
                            + ")");
        }
        for (RealServerConfig rs : change.removedRealServers()) {
            RealServer server = s.realServer(rs.address());
            if (server != null) {
                live.deleteRealServer(s, server);
                done.add("virtual_server " + name + ": removed real_server " + rs.address());
            }
        }
        for (RealServerChange c : change.changedRealServers()) {
            putRealServer(s, c.after(), c.checksChanged(), name, done, failed);
        }
        for (RealServerConfig rs : change.addedRealServers()) {
            putRealServer(s, rs, true, name, done, failed);
        }
    }

    private void converge(
            VirtualService s, VirtualServerConfig vs, List<String> done, List<String> failed) {
        live.edit(s, vs);
        done.add("virtual_server " + vs.name() + ": settings from the file");
        for (RealServerConfig rs : vs.realServers()) {
            putRealServer(s, rs, true, vs.name(), done, failed);
        }
    }

    /** Adds the real server, or changes it when it is there (added at run time, or changed). */
    private void putRealServer(
            VirtualService s,
            RealServerConfig rs,
            boolean checksChanged,
            String name,
            List<String> done,
            List<String> failed) {
        try {
            RealServer server = s.realServer(rs.address());
            if (server == null) {
                live.addRealServer(s, rs);
                done.add("virtual_server " + name + ": added real_server " + rs.address());
            } else {
                live.editRealServer(s, server, rs, checksChanged);
                done.add(
                        "virtual_server "
                                + name
                                + ": changed real_server "
                                + rs.address()
                                + (checksChanged ? " (checks restarted)" : ""));
            }
        } catch (IllegalArgumentException e) {
            failed.add(rs.position() + ": " + e.getMessage());
        }
    }

    private void applyVrrp(
            ConfigDiff diff, TandemConfig next, List<String> done, List<String> failed) {
        List<VrrpInstanceConfig> stopped = new ArrayList<>(diff.removedVrrpInstances());
        List<VrrpInstanceConfig> started = new ArrayList<>(diff.addedVrrpInstances());
        for (List<VrrpInstanceConfig> pair : diff.changedVrrpInstances()) {
            stopped.add(pair.get(0));
            started.add(pair.get(1));
        }
        if (stopped.isEmpty() && started.isEmpty() && !diff.vrrpScriptsOrGroupsChanged()) {
            return;
        }
        Set<String> grouped = new java.util.HashSet<>();
        current.vrrp().syncGroups().forEach(g -> grouped.addAll(g.instances()));
        next.vrrp().syncGroups().forEach(g -> grouped.addAll(g.instances()));
        boolean touchesGroup =
                stopped.stream().anyMatch(i -> grouped.contains(i.name()))
                        || started.stream().anyMatch(i -> grouped.contains(i.name()));
        Failover running = daemon.failover();
        try {
            if (running == null || diff.vrrpScriptsOrGroupsChanged() || touchesGroup) {
                if (running != null) {
                    running.close();
                    daemon.failover(null);
                }
                if (!next.vrrp().instances().isEmpty()) {
                    daemon.failover(daemon.startFailover(next.vrrp()));
                }
                done.add("VRRP restarted (" + next.vrrp().instances().size() + " instances)");
                return;
            }
            running.replace(stopped, started);
            diff.removedVrrpInstances().forEach(i -> done.add("stopped vrrp_instance " + i.name()));
            diff.addedVrrpInstances().forEach(i -> done.add("started vrrp_instance " + i.name()));
            diff.changedVrrpInstances()
                    .forEach(p -> done.add("restarted vrrp_instance " + p.get(1).name()));
        } catch (IOException | RuntimeException e) {
            failed.add("VRRP: " + e.getMessage());
        }
    }
}
