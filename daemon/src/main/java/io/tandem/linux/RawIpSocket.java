package io.tandem.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An AF_INET SOCK_RAW socket for one IP protocol (raw(7)), e.g. 112 for VRRP. The kernel writes the
 * IPv4 header on send; receive returns the whole datagram, header included.
 *
 * <p>Threads: any thread may call any method; one thread usually sits in {@link #receive} while
 * another sends. {@link #close} from another thread wakes a pending receive, which then throws
 * {@link AsynchronousCloseException}; the descriptor is released when the last call in progress
 * returns, so a closed descriptor number is never reused under a running call. The socket acts in
 * the network namespace of the thread that opened it, whichever thread uses it later.
 */
public final class RawIpSocket implements AutoCloseable {

    /** VRRP's IP protocol number (RFC 5798 section 5.1.1.4). */
    public static final int VRRP = 112;

    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;
    private static final int IPPROTO_IP = 0;
    private static final int IP_TTL = 2;
    private static final int IP_MULTICAST_IF = 32;
    private static final int IP_MULTICAST_TTL = 33;
    private static final int IP_MULTICAST_LOOP = 34;
    private static final int IP_ADD_MEMBERSHIP = 35;
    private static final int IP_DROP_MEMBERSHIP = 36;

    private final int fd;
    private final int wakeup;
    private final Object lock = new Object();
    private boolean closed; // guarded by lock
    private int callsInProgress; // guarded by lock

    private RawIpSocket(int fd, int wakeup) {
        this.fd = fd;
        this.wakeup = wakeup;
    }

    /** Opens a raw socket for {@code ipProtocol}; needs CAP_NET_RAW. */
    public static RawIpSocket open(int ipProtocol) throws IOException {
        if (ipProtocol < 1 || ipProtocol > 254) {
            throw new IllegalArgumentException("IP protocol out of range (1..254): " + ipProtocol);
        }
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, ipProtocol);
        try {
            return new RawIpSocket(fd, Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK));
        } catch (IOException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** SO_BINDTODEVICE (socket(7)): send and receive only through {@code interfaceName}. */
    public void bindToDevice(String interfaceName) throws IOException {
        Ifreq.checkName(interfaceName);
        enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(interfaceName, StandardCharsets.US_ASCII);
            Libc.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, "SO_BINDTODEVICE");
        } finally {
            leave();
        }
    }

    /** Binds the local address, which becomes the source address of sent datagrams. */
    public void bindSource(Inet4Address source) throws IOException {
        enter();
        try (Arena arena = Arena.ofConfined()) {
            Libc.bind(fd, Sockaddr.inet4(arena, source));
        } finally {
            leave();
        }
    }

    /** IP_TTL for unicast datagrams; VRRP requires 255 (RFC 5798 section 5.1.1.3). */
    public void setUnicastTtl(int ttl) throws IOException {
        setInt(IP_TTL, checkTtl(ttl), "IP_TTL");
    }

    /** IP_MULTICAST_TTL; VRRP requires 255 (RFC 5798 section 5.1.1.3). */
    public void setMulticastTtl(int ttl) throws IOException {
        setInt(IP_MULTICAST_TTL, checkTtl(ttl), "IP_MULTICAST_TTL");
    }

    /** IP_MULTICAST_LOOP: whether this host's own sockets see the multicasts it sends. */
    public void setMulticastLoop(boolean loop) throws IOException {
        setInt(IP_MULTICAST_LOOP, loop ? 1 : 0, "IP_MULTICAST_LOOP");
    }

    /** IP_MULTICAST_IF with a {@code struct ip_mreqn} naming the outgoing interface by index. */
    public void setMulticastInterface(String interfaceName) throws IOException {
        membership(IP_MULTICAST_IF, null, interfaceName, "IP_MULTICAST_IF");
    }

    /** IP_ADD_MEMBERSHIP (ip(7)) on the interface, by index through {@code struct ip_mreqn}. */
    public void joinGroup(Inet4Address group, String interfaceName) throws IOException {
        membership(IP_ADD_MEMBERSHIP, group, interfaceName, "IP_ADD_MEMBERSHIP");
    }

    /** IP_DROP_MEMBERSHIP, the reverse of {@link #joinGroup}. */
    public void leaveGroup(Inet4Address group, String interfaceName) throws IOException {
        membership(IP_DROP_MEMBERSHIP, group, interfaceName, "IP_DROP_MEMBERSHIP");
    }

    /** Sends {@code payload} as one datagram; the kernel prepends the IPv4 header. */
    public void send(byte[] payload, Inet4Address destination) throws IOException {
        enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(1, payload.length));
            MemorySegment.copy(payload, 0, data, JAVA_BYTE, 0, payload.length);
            Libc.sendto(fd, data.asSlice(0, payload.length), 0, Sockaddr.inet4(arena, destination));
        } finally {
            leave();
        }
    }

    /**
     * Waits up to {@code timeout} for one datagram and copies it, IPv4 header first, into {@code
     * buffer}. Blocks the calling thread (use a platform thread for the VRRP receive loop); returns
     * empty when the timeout passes with nothing received.
     *
     * @throws AsynchronousCloseException when another thread closed the socket meanwhile
     */
    public Optional<RawDatagram> receive(byte[] buffer, Duration timeout) throws IOException {
        enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfds = arena.allocate(8L * 2);
            MemorySegment data = arena.allocate(Math.max(1, buffer.length));
            MemorySegment from = arena.allocate(Sockaddr.IN);
            MemorySegment fromLength = arena.allocate(JAVA_INT);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                pollfds.set(JAVA_INT, 0, fd);
                pollfds.set(JAVA_SHORT, 4, Libc.POLLIN);
                pollfds.set(JAVA_SHORT, 6, (short) 0);
                pollfds.set(JAVA_INT, 8, wakeup);
                pollfds.set(JAVA_SHORT, 12, Libc.POLLIN);
                pollfds.set(JAVA_SHORT, 14, (short) 0);
                long remaining = deadline - System.nanoTime();
                // Round up so a sub-millisecond remainder waits instead of spinning.
                int millis =
                        (int)
                                Math.min(
                                        Integer.MAX_VALUE,
                                        Math.max(0, (remaining + 999_999) / 1_000_000));
                int ready = Libc.poll(pollfds, 2, millis);
                if (pollfds.get(JAVA_SHORT, 14) != 0 || isClosed()) {
                    throw new AsynchronousCloseException();
                }
                if (ready > 0 && pollfds.get(JAVA_SHORT, 6) != 0) {
                    fromLength.set(JAVA_INT, 0, (int) Sockaddr.IN.byteSize());
                    // MSG_TRUNC makes recvfrom return the real length of a longer datagram.
                    long n =
                            Libc.recvfrom(
                                    fd,
                                    data.asSlice(0, buffer.length),
                                    Libc.MSG_DONTWAIT | Libc.MSG_TRUNC,
                                    from,
                                    fromLength);
                    if (n >= 0) {
                        int copied = (int) Math.min(n, buffer.length);
                        MemorySegment.copy(data, JAVA_BYTE, 0, buffer, 0, copied);
                        return Optional.of(
                                new RawDatagram(copied, Sockaddr.inet4(from), n > buffer.length));
                    }
                }
                if (deadline - System.nanoTime() <= 0) {
                    return Optional.empty();
                }
            }
        } finally {
            leave();
        }
    }

    /** Closes the socket, waking a thread blocked in {@link #receive}. Idempotent. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (callsInProgress > 0) {
                Libc.signal(wakeup);
                return; // the last call in progress releases the descriptors
            }
        }
        release();
    }

    private static int checkTtl(int ttl) {
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("TTL out of range (1..255): " + ttl);
        }
        return ttl;
    }

    private void setInt(int option, int value, String name) throws IOException {
        enter();
        try {
            Libc.setsockopt(fd, IPPROTO_IP, option, value, name);
        } finally {
            leave();
        }
    }

    private void membership(
            int option, @Nullable Inet4Address group, String interfaceName, String name)
            throws IOException {
        enter();
        try (Arena arena = Arena.ofConfined()) {
            // struct ip_mreqn { in_addr imr_multiaddr; in_addr imr_address; int imr_ifindex; }
            MemorySegment mreqn = arena.allocate(12);
            if (group != null) {
                MemorySegment.copy(group.getAddress(), 0, mreqn, JAVA_BYTE, 0, 4);
            }
            mreqn.set(JAVA_INT, 8, Ifreq.index(fd, interfaceName));
            Libc.setsockopt(fd, IPPROTO_IP, option, mreqn, name);
        } finally {
            leave();
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void enter() throws ClosedChannelException {
        synchronized (lock) {
            if (closed) {
                throw new ClosedChannelException();
            }
            callsInProgress++;
        }
    }

    private void leave() throws IOException {
        boolean last;
        synchronized (lock) {
            callsInProgress--;
            last = closed && callsInProgress == 0;
        }
        if (last) {
            release();
        }
    }

    private void release() throws IOException {
        try {
            Libc.close(fd);
        } finally {
            Libc.close(wakeup);
        }
    }
}
