package io.tandem.vrrp;

/**
 * What the I/O side must do after a {@link VrrpInstance} step, in list order. The instance has
 * already changed its own state; these are the effects on the wire and on the interfaces.
 */
public sealed interface VrrpAction {

    /**
     * Send this advertisement to the VRRP group (multicast 224.0.0.18 or ff02::12, or unicast
     * peers).
     */
    record SendAdvertisement(Advertisement advertisement) implements VrrpAction {}

    /** Add the virtual addresses to the interface (entering MASTER). Must be idempotent. */
    record AcquireVips() implements VrrpAction {}

    /** Remove the virtual addresses from the interface (leaving MASTER). Must be idempotent. */
    record ReleaseVips() implements VrrpAction {}

    /**
     * Send gratuitous ARP for IPv4 and unsolicited Neighbor Advertisements for IPv6 virtual
     * addresses, so switches and hosts learn the new owner (RFC 5798 §6.4.2 "broadcast a gratuitous
     * ARP request").
     */
    record AnnounceVips() implements VrrpAction {}

    /** The instance moved from one state to another; for notify scripts, logs and metrics. */
    record StateChanged(VrrpState from, VrrpState to, TransitionReason reason)
            implements VrrpAction {}
}
