package io.tandem.vrrp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP advertisement (the only message type, RFC 5798 §5.2.2), validated on construction.
 *
 * @param version 2 or 3
 * @param virtualRouterId 1..255 (RFC 5798 §5.2.3)
 * @param priority 0..255; 0 means the master is stopping, 255 the address owner (§5.2.4)
 * @param advertisementInterval v2: whole seconds, 1..255 (RFC 3768 §5.3.7); v3: a multiple of 10
 *     ms, 10 ms..40.95 s, the 12-bit Max Adver Int in centiseconds (RFC 5798 §5.2.7)
 * @param addresses the virtual addresses, at most 255; v2 IPv4 only, v3 all of one family
 * @param authentication v2 only; always {@link Authentication#none()} for v3
 */
public record Advertisement(
        VrrpVersion version,
        int virtualRouterId,
        int priority,
        Duration advertisementInterval,
        List<InetAddress> addresses,
        Authentication authentication) {

    /** The only defined Type (RFC 5798 §5.2.2). */
    public static final int TYPE_ADVERTISEMENT = 1;

    /** Priority sent by a master that stops, to trigger fast takeover (RFC 5798 §5.2.4). */
    public static final int PRIORITY_STOP = 0;

    /** Priority of the router that owns the virtual addresses (RFC 5798 §5.2.4). */
    public static final int PRIORITY_OWNER = 255;

    public Advertisement {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(authentication, "authentication");
        addresses = List.copyOf(addresses);
        if (virtualRouterId < 1 || virtualRouterId > 255) {
            throw new IllegalArgumentException(
                    "virtual router id " + virtualRouterId + " out of range (expected 1..255)");
        }
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException(
                    "priority " + priority + " out of range (expected 0..255)");
        }
        if (addresses.size() > 255) {
            throw new IllegalArgumentException(
                    addresses.size()
                            + " addresses do not fit the 8-bit count (expected at most 255)");
        }
        checkInterval(version, advertisementInterval);
        checkAddresses(version, addresses);
        if (version == VrrpVersion.V3 && authentication.type() != AuthType.NONE) {
            throw new IllegalArgumentException("VRRPv3 has no authentication (RFC 5798 §9)");
        }
    }

    /** The interval as carried on the wire: seconds for v2, centiseconds for v3. */
    public int intervalField() {
        return version == VrrpVersion.V2
                ? (int) advertisementInterval.toSeconds()
                : (int) (advertisementInterval.toMillis() / 10);
    }

    /** The same advertisement with another priority; used for the priority-0 goodbye. */
    public Advertisement withPriority(int newPriority) {
        return new Advertisement(
                version,
                virtualRouterId,
                newPriority,
                advertisementInterval,
                addresses,
                authentication);
    }

    static void checkInterval(VrrpVersion version, Duration interval) {
        if (version == VrrpVersion.V2) {
            long seconds = interval.toSeconds();
            if (interval.toNanosPart() != 0 || seconds < 1 || seconds > 255) {
                throw new IllegalArgumentException(
                        "advertisement interval "
                                + interval
                                + " invalid for VRRPv2 (expected whole seconds 1..255)");
            }
        } else {
            boolean wholeCentiseconds = interval.toNanos() % 10_000_000L == 0;
            long centiseconds = interval.toMillis() / 10;
            if (!wholeCentiseconds || centiseconds < 1 || centiseconds > 0xFFF) {
                throw new IllegalArgumentException(
                        "advertisement interval "
                                + interval
                                + " invalid for VRRPv3 (expected centiseconds 1..4095)");
            }
        }
    }

    static void checkAddresses(VrrpVersion version, List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return;
        }
        boolean ipv4 = addresses.getFirst() instanceof Inet4Address;
        for (InetAddress address : addresses) {
            if (version == VrrpVersion.V2 && !(address instanceof Inet4Address)) {
                throw new IllegalArgumentException(
                        "VRRPv2 carries IPv4 addresses only, got " + address.getHostAddress());
            }
            if ((address instanceof Inet4Address) != ipv4
                    || (!ipv4 && !(address instanceof Inet6Address))) {
                throw new IllegalArgumentException(
                        "an advertisement carries one address family (RFC 5798 §5.2.9), got "
                                + address.getHostAddress());
            }
        }
    }
}
