package io.tandem.failover;

import io.tandem.config.VrrpTrack;
import io.tandem.linux.AddressControl;
import io.tandem.linux.LinkState;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * keepalived's priority arithmetic for one instance. A tracked object with weight 0 (or none) puts
 * the instance in FAULT while it is down; with a negative weight it lowers the priority while down,
 * with a positive one it raises it while up. The result stays in 1..254, and an owner (priority
 * 255) is never adjusted. The instance's own interface is always tracked, as keepalived does unless
 * {@code dont_track_primary}. An interface is up when it is IFF_UP and IFF_RUNNING.
 */
final class Tracking {
    /** The fault flag and the priority to run with. */
    record Verdict(boolean fault, int priority, @Nullable String why) {}

    private final int basePriority;
    private final String interfaceName;
    private final List<VrrpTrack> interfaces;
    private final List<VrrpTrack> scripts;
    private final Map<String, ScriptTracker> trackers;
    private final AddressControl links;

    Tracking(
            int basePriority,
            String interfaceName,
            List<VrrpTrack> interfaces,
            List<VrrpTrack> scripts,
            Map<String, ScriptTracker> trackers,
            AddressControl links) {
        this.basePriority = basePriority;
        this.interfaceName = interfaceName;
        this.interfaces = List.copyOf(interfaces);
        this.scripts = List.copyOf(scripts);
        this.trackers = Map.copyOf(trackers);
        this.links = links;
    }

    /** Reads link states (rtnetlink, microseconds) and the script trackers' latest results. */
    Verdict evaluate() {
        if (!linkUp(interfaceName)) {
            return new Verdict(true, basePriority, "interface " + interfaceName + " is down");
        }
        int delta = 0;
        for (VrrpTrack t : interfaces) {
            boolean up = linkUp(t.name());
            Integer weight = t.weight();
            int w = weight == null ? 0 : weight;
            if (w == 0 && !up) {
                return new Verdict(true, basePriority, "track_interface " + t.name() + " is down");
            }
            delta += adjustment(w, up);
        }
        for (VrrpTrack t : scripts) {
            ScriptTracker tracker = trackers.get(t.name());
            if (tracker == null) {
                continue;
            }
            boolean up = tracker.up();
            Integer weight = t.weight();
            int w = weight != null ? weight : tracker.config().weight();
            if (w == 0 && !up) {
                return new Verdict(true, basePriority, "track_script " + t.name() + " is down");
            }
            delta += adjustment(w, up);
        }
        if (basePriority == 255) {
            return new Verdict(false, basePriority, null);
        }
        return new Verdict(false, Math.max(1, Math.min(254, basePriority + delta)), null);
    }

    private static int adjustment(int weight, boolean up) {
        if (weight > 0 && up) {
            return weight;
        }
        if (weight < 0 && !up) {
            return weight;
        }
        return 0;
    }

    private boolean linkUp(String name) {
        try {
            LinkState link = links.link(name);
            return link.up() && link.running();
        } catch (IOException e) {
            return false; // a missing interface is down
        }
    }
}
