package io.tandem.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A socket that sends ICMP (or ICMPv6) echo requests and reads the replies, for PING_CHECK.
 *
 * <p>It is an unprivileged ping socket (SOCK_DGRAM with IPPROTO_ICMP/ICMPV6, icmp(7)) when the
 * kernel allows this process's group ({@code net.ipv4.ping_group_range}); the kernel then picks the
 * echo identifier and delivers only this socket's replies. Otherwise it is a raw socket (needs
 * CAP_NET_RAW), which sees every ICMP message; replies are matched by identifier, sequence and
 * source.
 *
 * <p>Non-blocking: {@link #receiveReply} returns at once, so that a virtual thread can sleep
 * between polls instead of pinning its carrier in {@code poll(2)} (a native call cannot unmount).
 * Not thread-safe: one probe opens, uses and closes it. It acts in the network namespace of the
 * thread that opened it.
 */
public final class IcmpEchoSocket implements AutoCloseable {

    /** How the socket was opened. */
    public enum Kind {
        DATAGRAM,
        RAW
    }

    private static final int ECHO_REQUEST_V4 = 8;
    private static final int ECHO_REPLY_V4 = 0;
    private static final int ECHO_REQUEST_V6 = 128;
    private static final int ECHO_REPLY_V6 = 129;

    private final int fd;
    private final boolean ipv6;
    private final Kind kind;
    private final int identifier;
    private boolean closed;

    private IcmpEchoSocket(int fd, boolean ipv6, Kind kind) {
        this.fd = fd;
        this.ipv6 = ipv6;
        this.kind = kind;
        this.identifier = ThreadLocalRandom.current().nextInt(1 << 16);
    }

    /** A ping socket when the kernel allows one, a raw socket otherwise. */
    public static IcmpEchoSocket open(boolean ipv6) throws IOException {
        try {
            return open(ipv6, Kind.DATAGRAM);
        } catch (ErrnoException datagramRefused) {
            try {
                return open(ipv6, Kind.RAW);
            } catch (ErrnoException rawRefused) {
                rawRefused.addSuppressed(datagramRefused);
                throw new IOException(
                        "cannot open an ICMP socket: unprivileged ping sockets are not allowed"
                                + " (net.ipv4.ping_group_range) and a raw socket needs"
                                + " CAP_NET_RAW: "
                                + rawRefused.getMessage(),
                        rawRefused);
            }
        }
    }

    public static IcmpEchoSocket open(boolean ipv6, Kind kind) throws IOException {
        int family = ipv6 ? Libc.AF_INET6 : Libc.AF_INET;
        int protocol = ipv6 ? Libc.IPPROTO_ICMPV6 : Libc.IPPROTO_ICMP;
        int type = (kind == Kind.DATAGRAM ? Libc.SOCK_DGRAM : Libc.SOCK_RAW);
        int fd = Libc.socket(family, type | Libc.SOCK_CLOEXEC | Libc.SOCK_NONBLOCK, protocol);
        return new IcmpEchoSocket(fd, ipv6, kind);
    }

    public Kind kind() {
        return kind;
    }

    /** Sends from {@code source} ({@code bind_to}). */
    public void bind(InetAddress source) throws IOException {
        checkFamily(source);
        try (Arena arena = Arena.ofConfined()) {
            Libc.bind(fd, Sockaddr.inet(arena, source));
        }
    }

    /** Sends one echo request with {@code sequence} (0..65535) and {@code payload}. */
    public void sendEcho(InetAddress destination, int sequence, byte[] payload) throws IOException {
        checkFamily(destination);
        byte[] message = new byte[8 + payload.length];
        message[0] = (byte) (ipv6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4);
        message[4] = (byte) (identifier >> 8);
        message[5] = (byte) identifier;
        message[6] = (byte) (sequence >> 8);
        message[7] = (byte) sequence;
        System.arraycopy(payload, 0, message, 8, payload.length);
        if (!ipv6) {
            // The kernel fills the ICMPv6 checksum (it covers a pseudo-header); ICMP's is ours.
            int sum = checksum(message);
            message[2] = (byte) (sum >> 8);
            message[3] = (byte) sum;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(message.length);
            MemorySegment.copy(message, 0, data, JAVA_BYTE, 0, message.length);
            Libc.sendto(fd, data, 0, Sockaddr.inet(arena, destination));
        }
    }

    /**
     * Reads what is queued, without waiting, until an echo reply from {@code from} with {@code
     * sequence} turns up; other ICMP messages are dropped. Empty when nothing matching is queued.
     */
    public Optional<EchoReply> receiveReply(InetAddress from, int sequence) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(1500);
            MemorySegment source = arena.allocate(Sockaddr.IN6);
            MemorySegment sourceLength = arena.allocate(JAVA_INT);
            while (true) {
                sourceLength.set(JAVA_INT, 0, (int) Sockaddr.IN6.byteSize());
                long n = Libc.recvfrom(fd, data, Libc.MSG_DONTWAIT, source, sourceLength);
                if (n < 0) {
                    return Optional.empty();
                }
                byte[] bytes = data.asSlice(0, n).toArray(JAVA_BYTE);
                InetAddress sender = Sockaddr.inet(source);
                if (sender.equals(from) && matches(bytes, sequence)) {
                    return Optional.of(new EchoReply(sender, sequence));
                }
            }
        }
    }

    private boolean matches(byte[] packet, int sequence) {
        // Raw IPv4 sockets deliver the IP header too; the others start at the ICMP header.
        int offset =
                !ipv6 && kind == Kind.RAW ? (packet.length > 0 ? (packet[0] & 0xf) * 4 : 0) : 0;
        if (packet.length < offset + 8) {
            return false;
        }
        int type = packet[offset] & 0xff;
        if (type != (ipv6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4)) {
            return false;
        }
        int id = ((packet[offset + 4] & 0xff) << 8) | (packet[offset + 5] & 0xff);
        int seq = ((packet[offset + 6] & 0xff) << 8) | (packet[offset + 7] & 0xff);
        // A ping socket's identifier is chosen by the kernel, which delivers only our replies.
        return seq == sequence && (kind == Kind.DATAGRAM || id == identifier);
    }

    private void checkFamily(InetAddress address) {
        if ((address instanceof Inet6Address) != ipv6) {
            throw new IllegalArgumentException(
                    address.getHostAddress() + " is not " + (ipv6 ? "IPv6" : "IPv4"));
        }
    }

    /** RFC 1071 Internet checksum; a few lines here because linux may not import vrrp's. */
    private static int checksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i + 1 < data.length; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if ((data.length & 1) != 0) {
            sum += (data[data.length - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
