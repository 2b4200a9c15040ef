package io.tandem.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * Sends gratuitous ARP for addresses on one interface, as keepalived does when it becomes master:
 * an ARP request (RFC 826, RFC 5227 section 3 "ARP Announcement") broadcast to ff:ff:ff:ff:ff:ff
 * with sender IP = target IP = the address and sender MAC = the interface MAC; the target MAC is
 * ff:ff:ff:ff:ff:ff, keepalived's choice.
 *
 * <p>Uses an AF_PACKET SOCK_DGRAM socket (packet(7)), so the kernel writes the Ethernet header. The
 * interface's index and MAC are read once at {@link #open}; reopen after a MAC change. The socket
 * receives nothing (protocol 0). Thread-safe; {@link #send} does not block.
 */
public final class GratuitousArp implements AutoCloseable {

    private static final int ETH_P_ARP = 0x0806;
    private static final int ARPHRD_ETHER = 1;
    private static final int ETH_P_IP = 0x0800;
    private static final int ARPOP_REQUEST = 1;
    private static final byte[] BROADCAST = MacAddress.parse("ff:ff:ff:ff:ff:ff").octets();

    private final int fd;
    private final String interfaceName;
    private final int index;
    private final MacAddress senderMac;

    private GratuitousArp(int fd, String interfaceName, int index, MacAddress senderMac) {
        this.fd = fd;
        this.interfaceName = interfaceName;
        this.index = index;
        this.senderMac = senderMac;
    }

    /** Opens a packet socket for {@code interfaceName}; needs CAP_NET_RAW. */
    public static GratuitousArp open(String interfaceName) throws IOException {
        // Protocol 0: a socket that only sends, so the kernel queues no received frames on it.
        int fd = Libc.socket(Libc.AF_PACKET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        try {
            return new GratuitousArp(
                    fd,
                    interfaceName,
                    Ifreq.index(fd, interfaceName),
                    Ifreq.hardwareAddress(fd, interfaceName));
        } catch (IOException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** The MAC address announced as the owner of the addresses. */
    public MacAddress senderMac() {
        return senderMac;
    }

    /** Broadcasts one gratuitous ARP request announcing {@code address} at {@link #senderMac}. */
    public void send(Inet4Address address) throws IOException {
        byte[] ip = address.getAddress();
        byte[] arp =
                ByteBuffer.allocate(28) // network byte order, RFC 826 packet format
                        .putShort((short) ARPHRD_ETHER)
                        .putShort((short) ETH_P_IP)
                        .put((byte) 6) // hardware address length
                        .put((byte) 4) // protocol address length
                        .putShort((short) ARPOP_REQUEST)
                        .put(senderMac.octets())
                        .put(ip)
                        .put(BROADCAST)
                        .put(ip)
                        .array();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(arp.length);
            MemorySegment.copy(arp, 0, frame, JAVA_BYTE, 0, arp.length);
            MemorySegment to = Sockaddr.link(arena, index, ETH_P_ARP, BROADCAST);
            Libc.sendto(fd, frame, 0, to);
        } catch (ErrnoException e) {
            throw new IOException(
                    "gratuitous ARP for " + address.getHostAddress() + " on " + interfaceName, e);
        }
    }

    @Override
    public void close() throws IOException {
        Libc.close(fd);
    }
}
