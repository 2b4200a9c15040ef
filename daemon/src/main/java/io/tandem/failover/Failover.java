package io.tandem.failover;

import io.tandem.config.VirtualIpAddress;
import io.tandem.config.VrrpConfig;
import io.tandem.config.VrrpInstanceConfig;
import io.tandem.config.VrrpScriptConfig;
import io.tandem.config.VrrpSyncGroupConfig;
import io.tandem.config.VrrpTrack;
import io.tandem.linux.AddressControl;
import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptRunner;
import io.tandem.vrrp.VrrpInstance;
import io.tandem.vrrp.VrrpInstanceSettings;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every configured VRRP instance running: one {@link VrrpRunner} each, the {@code vrrp_script}
 * trackers they share, and their sync groups. Start and stop from the daemon's startup or shutdown
 * thread; opens its sockets in the calling thread's network namespace.
 */
public final class Failover implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Failover.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    // Copy-on-write: a reload replaces single runners while the admin endpoint lists them.
    private final List<VrrpRunner> runners;
    private final List<ScriptTracker> trackers;
    private final AddressControl addresses;
    private final Map<String, ScriptTracker> trackerByName;
    private final ScriptRunner scripts;
    private final FailoverEvents events;
    private final Predicate<InetAddress> forwarded;
    private final Map<String, VrrpInstanceConfig> configs =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Failover(
            List<VrrpRunner> runners,
            List<ScriptTracker> trackers,
            AddressControl addresses,
            Map<String, ScriptTracker> trackerByName,
            ScriptRunner scripts,
            FailoverEvents events,
            Predicate<InetAddress> forwarded,
            List<VrrpInstanceConfig> configs) {
        this.runners = new java.util.concurrent.CopyOnWriteArrayList<>(runners);
        this.trackers = List.copyOf(trackers);
        this.addresses = addresses;
        this.trackerByName = Map.copyOf(trackerByName);
        this.scripts = scripts;
        this.events = events;
        this.forwarded = forwarded;
        configs.forEach(c -> this.configs.put(c.name(), c));
    }

    /** Opens every instance's sockets, then starts them; on an error nothing is left running. */
    public static Failover start(VrrpConfig config, ScriptRunner scripts) throws IOException {
        return start(config, scripts, FailoverEvents.NONE);
    }

    /** As {@link #start(VrrpConfig, ScriptRunner)}, reporting state changes to {@code events}. */
    public static Failover start(VrrpConfig config, ScriptRunner scripts, FailoverEvents events)
            throws IOException {
        return start(config, scripts, events, address -> false);
    }

    /**
     * As {@link #start(VrrpConfig, ScriptRunner, FailoverEvents)}; a virtual address that {@code
     * forwarded} accepts is announced on MASTER but never assigned to the interface: a packet
     * forwarder answers ARP for it, and the kernel must not deliver (and RST) its packets locally.
     * Read at every acquire, from the instance's thread.
     */
    public static Failover start(
            VrrpConfig config,
            ScriptRunner scripts,
            FailoverEvents events,
            Predicate<InetAddress> forwarded)
            throws IOException {
        AddressControl addresses = AddressControl.open();
        List<VrrpRunner> runners = new ArrayList<>();
        List<ScriptTracker> trackers = new ArrayList<>();
        Map<String, ScriptTracker> byName = new HashMap<>();
        try {
            for (VrrpScriptConfig s : config.scripts()) {
                ScriptTracker t = new ScriptTracker(s, command(s.script(), s.position()), scripts);
                byName.put(s.name(), t);
                trackers.add(t);
            }
            Map<String, SyncGroup> groupOf = new HashMap<>();
            for (VrrpSyncGroupConfig g : config.syncGroups()) {
                NotifyScripts notify;
                try {
                    notify = NotifyScripts.group(g.name(), g.notifyScripts(), scripts);
                } catch (IllegalArgumentException e) {
                    throw new IOException(
                            g.position()
                                    + ": vrrp_sync_group "
                                    + g.name()
                                    + ": notify: "
                                    + e.getMessage(),
                            e);
                }
                SyncGroup group = new SyncGroup(g.name(), g.instances(), notify);
                g.instances().forEach(i -> groupOf.put(i, group));
            }
            for (VrrpInstanceConfig i : config.instances()) {
                runners.add(
                        runner(
                                i,
                                addresses,
                                byName,
                                groupOf.get(i.name()),
                                scripts,
                                events,
                                forwarded));
            }
        } catch (IOException | RuntimeException e) {
            addresses.close();
            throw e;
        }
        trackers.forEach(ScriptTracker::start);
        runners.forEach(VrrpRunner::start);
        for (VrrpInstanceConfig i : config.instances()) {
            log.info(
                    "VRRP_Instance({}) started: VRRPv{} vrid {} on {}, priority {}, advert_int {}"
                            + " ms",
                    i.name(),
                    i.version(),
                    i.virtualRouterId(),
                    i.interfaceName(),
                    i.priority(),
                    i.advertInterval().toMillis());
        }
        return new Failover(
                runners,
                trackers,
                addresses,
                byName,
                scripts,
                events,
                forwarded,
                config.instances());
    }

    /**
     * A reload: stops the instances in {@code stopped} (gracefully: a master hands over with a
     * priority-0 advert and releases its addresses), then starts {@code started} with the scripts
     * already tracked. Every other instance runs on untouched and keeps its role. Only for
     * instances outside sync groups: a group's members are restarted together by restarting all.
     *
     * @throws IOException when a new instance cannot open its sockets (the stopped ones stay
     *     stopped; the others run on)
     */
    public void replace(List<VrrpInstanceConfig> stopped, List<VrrpInstanceConfig> started)
            throws IOException {
        for (VrrpInstanceConfig c : stopped) {
            for (VrrpRunner r : List.copyOf(runners)) {
                if (r.name().equals(c.name())) {
                    r.stop(STOP_TIMEOUT);
                    runners.remove(r);
                    configs.remove(c.name());
                }
            }
        }
        for (VrrpInstanceConfig c : started) {
            VrrpRunner r = runner(c, addresses, trackerByName, null, scripts, events, forwarded);
            runners.add(r);
            configs.put(c.name(), c);
            r.start();
            log.info("VRRP_Instance({}) started by reload", c.name());
        }
    }

    /** The config an instance runs with, or null when there is no such instance. */
    public @Nullable VrrpInstanceConfig config(String instance) {
        return configs.get(instance);
    }

    private static VrrpRunner runner(
            VrrpInstanceConfig config,
            AddressControl addresses,
            Map<String, ScriptTracker> trackers,
            @Nullable SyncGroup group,
            ScriptRunner scripts,
            FailoverEvents events,
            Predicate<InetAddress> forwarded)
            throws IOException {
        Inet4Address primary = InstanceSettings.primaryAddress(config, addresses);
        VrrpInstanceSettings settings;
        try {
            settings = InstanceSettings.of(config, primary);
        } catch (IllegalArgumentException e) {
            throw new IOException(config.position() + ": " + e.getMessage(), e);
        }
        List<Inet4Address> peers = new ArrayList<>();
        for (InetAddress peer : config.unicastPeers()) {
            if (!(peer instanceof Inet4Address v4)) {
                throw new IOException(
                        config.position()
                                + ": vrrp_instance "
                                + config.name()
                                + ": IPv6 unicast_peer is not supported yet");
            }
            peers.add(v4);
        }
        Map<String, ScriptTracker> tracked = new HashMap<>();
        for (VrrpTrack t : config.trackScripts()) {
            ScriptTracker tracker = trackers.get(t.name());
            if (tracker != null) {
                tracked.put(t.name(), tracker);
            }
        }
        NotifyScripts notify;
        try {
            notify = new NotifyScripts(config.name(), config.notifyScripts(), scripts, events);
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    config.position()
                            + ": vrrp_instance "
                            + config.name()
                            + ": notify: "
                            + e.getMessage(),
                    e);
        }
        List<VirtualIpAddress> vips =
                Stream.concat(
                                config.virtualIpAddresses().stream(),
                                config.excludedIpAddresses().stream())
                        .toList();
        VrrpChannel channel =
                RawVrrpChannel.open(
                        config.interfaceName(),
                        primary,
                        peers,
                        settings.version(),
                        settings.authentication());
        return new VrrpRunner(
                new VrrpInstance(settings),
                channel,
                new NetlinkVipOwner(addresses, config.interfaceName(), vips, forwarded),
                new GarpSchedule(
                        config.garpMasterDelay(),
                        config.garpMasterRepeat(),
                        config.garpMasterRefresh(),
                        config.garpMasterRefreshRepeat()),
                new Tracking(
                        config.priority(),
                        config.interfaceName(),
                        config.trackInterfaces(),
                        group == null ? config.trackScripts() : unweighted(config.trackScripts()),
                        tracked,
                        addresses),
                group,
                notify,
                new MonotonicClock());
    }

    /**
     * keepalived.conf(5): "when instances are grouped, any track scripts/files configured against
     * member VRRP instances will have their tracking weights automatically set to zero", so a
     * failing script is a FAULT (which the group shares) instead of a priority that splits it.
     */
    private static List<VrrpTrack> unweighted(List<VrrpTrack> tracks) {
        return tracks.stream().map(t -> new VrrpTrack(t.name(), 0, t.position())).toList();
    }

    private static ScriptCommand command(String line, Object position) throws IOException {
        try {
            return ScriptCommand.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IOException(position + ": vrrp_script: " + e.getMessage(), e);
        }
    }

    public List<VrrpRunner> runners() {
        return runners;
    }

    /** Stops every instance gracefully (priority-0 adverts, addresses removed), then trackers. */
    @Override
    public void close() {
        runners.forEach(r -> r.stopAsync());
        runners.forEach(r -> r.stop(STOP_TIMEOUT));
        trackers.forEach(ScriptTracker::close);
        try {
            addresses.close();
        } catch (IOException e) {
            log.debug("closing rtnetlink: {}", e.toString());
        }
    }
}
