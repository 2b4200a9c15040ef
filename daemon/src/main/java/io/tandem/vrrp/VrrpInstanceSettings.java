package io.tandem.vrrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The validated configuration of one {@code vrrp_instance}, in keepalived's words.
 *
 * @param name the instance name, for logs
 * @param virtualRouterId {@code virtual_router_id}, 1..255
 * @param priority {@code priority}, 1..255; 255 marks the address owner
 * @param advertisementInterval {@code advert_int}; whole seconds for v2, centiseconds for v3
 * @param version {@code vrrp_version}
 * @param preempt whether a better backup takes over from a worse live master; false is keepalived's
 *     no-preempt keyword
 * @param preemptDelay {@code preempt_delay}, 0..1000 s: how long after startup a higher-priority
 *     backup still accepts a lower-priority master
 * @param primaryAddress the source address of our adverts; compared in the tie-break
 * @param virtualAddresses {@code virtual_ipaddress}
 * @param initialState {@code state MASTER|BACKUP}: a hint only; everything but an owner starts in
 *     BACKUP (RFC 5798 §6.4.1)
 * @param authentication v2 {@code authentication} block; none for v3
 */
public record VrrpInstanceSettings(
        String name,
        int virtualRouterId,
        int priority,
        Duration advertisementInterval,
        VrrpVersion version,
        boolean preempt,
        Duration preemptDelay,
        InetAddress primaryAddress,
        List<InetAddress> virtualAddresses,
        VrrpState initialState,
        Authentication authentication) {

    private static final Duration MAX_PREEMPT_DELAY = Duration.ofSeconds(1000);

    public VrrpInstanceSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        virtualAddresses = List.copyOf(virtualAddresses);
        if (virtualRouterId < 1 || virtualRouterId > 255) {
            throw invalid(
                    name,
                    "virtual_router_id " + virtualRouterId + " out of range (expected 1..255)");
        }
        if (priority < 1 || priority > 255) {
            throw invalid(name, "priority " + priority + " out of range (expected 1..255)");
        }
        try {
            Advertisement.checkInterval(version, advertisementInterval);
            Advertisement.checkAddresses(version, virtualAddresses);
        } catch (IllegalArgumentException e) {
            throw invalid(name, String.valueOf(e.getMessage()));
        }
        if (preemptDelay.isNegative() || preemptDelay.compareTo(MAX_PREEMPT_DELAY) > 0) {
            throw invalid(
                    name, "preempt_delay " + preemptDelay + " out of range (expected 0..1000 s)");
        }
        if (version == VrrpVersion.V2 && !(primaryAddress instanceof Inet4Address)) {
            throw invalid(
                    name,
                    "VRRPv2 runs over IPv4, primary address is " + primaryAddress.getHostAddress());
        }
        if (!virtualAddresses.isEmpty()
                && (virtualAddresses.getFirst() instanceof Inet4Address)
                        != (primaryAddress instanceof Inet4Address)) {
            throw invalid(name, "virtual addresses and primary address are of different families");
        }
        if (initialState != VrrpState.MASTER && initialState != VrrpState.BACKUP) {
            throw invalid(name, "state " + initialState + " invalid (expected MASTER or BACKUP)");
        }
        if (authentication.type() == AuthType.AH) {
            throw invalid(name, "auth_type AH is not supported");
        }
        if (version == VrrpVersion.V3 && authentication.type() != AuthType.NONE) {
            throw invalid(name, "authentication is not allowed with vrrp_version 3 (RFC 5798 §9)");
        }
    }

    /** Whether this router owns the virtual addresses (priority 255, RFC 5798 §5.2.4). */
    public boolean addressOwner() {
        return priority == Advertisement.PRIORITY_OWNER;
    }

    private static IllegalArgumentException invalid(String name, String message) {
        return new IllegalArgumentException("vrrp_instance " + name + ": " + message);
    }
}
