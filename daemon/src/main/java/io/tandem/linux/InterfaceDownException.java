package io.tandem.linux;

import java.io.IOException;

/**
 * A packet ring's interface went down or away: its socket reported a pending error (ENETDOWN, read
 * and so cleared with SO_ERROR), or a transmit found the device down (ENETDOWN) or gone (ENXIO).
 * The ring itself is intact; {@link PacketRing#interfaceStatus} tells which of the two happened.
 * The message reads {@code "packet ring on eth0: Network is down (errno 100)"}.
 */
public final class InterfaceDownException extends IOException {

    private final int errno;

    InterfaceDownException(String interfaceName, int errno) {
        super(
                "packet ring on "
                        + interfaceName
                        + ": "
                        + Libc.strerror(errno)
                        + " (errno "
                        + errno
                        + ")");
        this.errno = errno;
    }

    /** The positive errno value, as in {@code errno(3)}. */
    public int errno() {
        return errno;
    }
}
