package io.tandem.linux;

/** What became of the interface a {@link PacketRing} was bound to, as its socket sees it. */
public enum InterfaceStatus {
    /** Administratively up (IFF_UP): the kernel delivers frames to the ring. */
    UP,
    /** Still there under its index, but down: the ring gets frames again once it is up. */
    DOWN,
    /**
     * Deleted, or its name now belongs to another interface (a new index): the ring is bound to
     * nothing and never gets a frame again; only a new ring on the name can.
     */
    GONE
}
