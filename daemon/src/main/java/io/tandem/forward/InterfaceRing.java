package io.tandem.forward;

import io.tandem.common.HostPort;
import io.tandem.linux.InterfaceDownException;
import io.tandem.linux.InterfaceStatus;
import io.tandem.linux.PacketRing;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packet thread's ring on one interface, kept across the interface going down or away, so that
 * an admin who takes a link down or replaces an interface gets forwarding back without a restart:
 *
 * <ul>
 *   <li><b>Down</b> (the socket reports ENETDOWN and the interface still has its index): one WARN;
 *       the ring stays, the kernel delivers to it again once the link is up. The interface is
 *       looked at once a second (and when a frame arrives); one INFO when it is up again.
 *   <li><b>Gone</b> (its name no longer resolves, or names a new interface): one WARN; the ring
 *       closes, and a new one is tried on the same name once a second, logging nothing per try.
 *       When one opens, {@link Attachment#attached} re-reads the interface (its MAC and index may
 *       be new) and one INFO says the interface is back.
 * </ul>
 *
 * <p>On every way back to up {@link Runnable resumed} runs (the forwarder announces its VIPs with a
 * gratuitous ARP, as at start). The thread never spins: it waits in {@code poll} while a ring is
 * open (the pending error is read, so poll waits again) and in a timed sleep while none is.
 *
 * <p>Packet thread only, except {@link #status}. A new ring is opened from the packet thread, so in
 * the network namespace it was started in.
 */
final class InterfaceRing implements AutoCloseable {

    /** What the forwarder builds on a ring (own MAC, ARP answers, rewrites, neighbours). */
    @FunctionalInterface
    interface Attachment {
        /** Called with a new ring before it is used; an IOException closes it for another try. */
        void attached(PacketRing ring) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(InterfaceRing.class);
    private static final long LOOK_NANOS = Duration.ofSeconds(1).toNanos();

    private final String interfaceName;
    private final List<HostPort> listen;
    private final Attachment attachment;
    private final Runnable resumed;
    private @Nullable PacketRing ring;
    private volatile InterfaceStatus status = InterfaceStatus.UP;
    private long nextLook;
    private boolean attachFailureLogged;

    /**
     * @param ring open, with {@code attachment} already applied to it
     * @param listen the VIPs, for the log lines
     */
    InterfaceRing(PacketRing ring, List<HostPort> listen, Attachment attachment, Runnable resumed) {
        this.ring = ring;
        this.interfaceName = ring.interfaceName();
        this.listen = listen;
        this.attachment = attachment;
        this.resumed = resumed;
    }

    /** UP while frames can flow; any thread. */
    InterfaceStatus status() {
        return status;
    }

    /**
     * As {@link PacketRing#receive} while the ring is open; waits up to {@code timeoutMillis} in
     * every state, and follows the interface down, away and back.
     */
    int receive(PacketRing.Receiver receiver, int limit, int timeoutMillis) throws IOException {
        PacketRing r = ring;
        if (r == null) {
            reopen(timeoutMillis);
            return 0;
        }
        try {
            int handed = r.receive(receiver, limit, timeoutMillis);
            if (status == InterfaceStatus.DOWN
                    && (handed > 0 || System.nanoTime() - nextLook >= 0)) {
                look(r, false);
            }
            return handed;
        } catch (InterfaceDownException e) {
            look(r, true);
            return 0;
        }
    }

    /** As {@link PacketRing#flush} while the link is up; queued frames wait for it otherwise. */
    void flush() throws IOException {
        PacketRing r = ring;
        if (r == null || status != InterfaceStatus.UP) {
            return;
        }
        try {
            r.flush();
        } catch (InterfaceDownException e) {
            look(r, true);
        }
    }

    /** The open ring, or null while the interface is gone. */
    @Nullable PacketRing ring() {
        return ring;
    }

    /** What the interface is now; {@code reported}: the socket just said it went down. */
    private void look(PacketRing r, boolean reported) throws IOException {
        nextLook = System.nanoTime() + LOOK_NANOS;
        InterfaceStatus now = r.interfaceStatus();
        InterfaceStatus was = status;
        switch (now) {
            case UP -> {
                if (was == InterfaceStatus.DOWN) {
                    LOG.info(
                            "interface {} is up; packet forwarding for {} resumed",
                            interfaceName,
                            listen);
                } else if (reported) {
                    LOG.warn(
                            "interface {} went down and came back up; packet forwarding for {}"
                                    + " lost the frames in between",
                            interfaceName,
                            listen);
                } else {
                    return;
                }
                status = InterfaceStatus.UP;
                resumed.run();
            }
            case DOWN -> {
                if (was != InterfaceStatus.DOWN) {
                    LOG.warn(
                            "interface {} is down; packet forwarding for {} paused until it is up",
                            interfaceName,
                            listen);
                    status = InterfaceStatus.DOWN;
                }
            }
            case GONE -> {
                LOG.warn(
                        "interface {} is gone; packet forwarding for {} paused until it is back",
                        interfaceName,
                        listen);
                status = InterfaceStatus.GONE;
                ring = null;
                attachFailureLogged = false;
                nextLook = System.nanoTime(); // a replacement may be there already
                r.close();
            }
        }
    }

    /** Gone: tries a new ring on the name when a second has passed, else sleeps a while. */
    private void reopen(int timeoutMillis) throws IOException {
        long now = System.nanoTime();
        if (now - nextLook < 0) {
            sleep(Math.min(timeoutMillis, (nextLook - now) / 1_000_000 + 1));
            return;
        }
        nextLook = now + LOOK_NANOS;
        PacketRing r;
        try {
            r = PacketRing.open(interfaceName);
        } catch (IOException e) {
            LOG.debug("interface {} still gone: {}", interfaceName, e.getMessage());
            return;
        }
        try {
            attachment.attached(r);
        } catch (IOException | RuntimeException e) {
            r.close();
            if (!attachFailureLogged) {
                attachFailureLogged = true;
                LOG.warn(
                        "interface {} is back but packet forwarding for {} cannot use it yet: {}",
                        interfaceName,
                        listen,
                        e.getMessage());
            }
            return;
        }
        ring = r;
        if (r.interfaceStatus() == InterfaceStatus.UP) {
            status = InterfaceStatus.UP;
            LOG.info(
                    "interface {} is back; packet forwarding for {} resumed",
                    interfaceName,
                    listen);
            resumed.run();
        } else {
            // A new link starts down; the next look (or the bind's ENETDOWN) follows it up.
            status = InterfaceStatus.DOWN;
            LOG.info(
                    "interface {} is back but down; packet forwarding for {} paused until it is up",
                    interfaceName,
                    listen);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // The forwarder's loop, not an interrupt, decides when to stop; looping on with the
            // flag set would turn every later sleep into a spin.
        }
    }

    @Override
    public void close() throws IOException {
        PacketRing r = ring;
        ring = null;
        if (r != null) {
            r.close();
        }
    }
}
