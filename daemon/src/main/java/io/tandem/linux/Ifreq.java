package io.tandem.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

/**
 * Interface look-ups by name through {@code struct ifreq} ioctls (netdevice(7)). The name is
 * resolved in the network namespace of the socket {@code fd}, not of the calling thread, which is
 * why this package prefers it to {@code if_nametoindex(3)} (that opens a socket of its own).
 */
final class Ifreq {

    /** {@code struct ifreq}: a 16-byte name then a 24-byte union. */
    static final StructLayout LAYOUT =
            MemoryLayout.structLayout(
                    MemoryLayout.sequenceLayout(Libc.IFNAMSIZ, JAVA_BYTE).withName("ifr_name"),
                    MemoryLayout.sequenceLayout(24, JAVA_BYTE).withName("ifr_ifru"));

    private static final long UNION = Libc.IFNAMSIZ;

    private Ifreq() {}

    static void checkName(String interfaceName) {
        int length = interfaceName.getBytes(StandardCharsets.US_ASCII).length;
        if (length == 0 || length >= Libc.IFNAMSIZ) {
            throw new IllegalArgumentException(
                    "interface name '" + interfaceName + "' must be 1 to 15 characters");
        }
    }

    private static MemorySegment named(Arena arena, String interfaceName) {
        checkName(interfaceName);
        MemorySegment request = arena.allocate(LAYOUT);
        byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(name, 0, request, JAVA_BYTE, 0, name.length);
        return request;
    }

    /** SIOCGIFINDEX: the interface index. */
    static int index(int fd, String interfaceName) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment request = named(arena, interfaceName);
            Libc.ioctl(fd, Libc.SIOCGIFINDEX, request, "SIOCGIFINDEX " + interfaceName);
            return request.get(JAVA_INT, UNION);
        }
    }

    /** SIOCGIFFLAGS: the interface flags ({@code IFF_UP} 0x1, {@code IFF_RUNNING} 0x40...). */
    static int flags(int fd, String interfaceName) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment request = named(arena, interfaceName);
            Libc.ioctl(fd, Libc.SIOCGIFFLAGS, request, "SIOCGIFFLAGS " + interfaceName);
            return Short.toUnsignedInt(request.get(JAVA_SHORT, UNION));
        }
    }

    /** SIOCGIFHWADDR: the six-byte hardware address (the union holds a struct sockaddr). */
    static MacAddress hardwareAddress(int fd, String interfaceName) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment request = named(arena, interfaceName);
            Libc.ioctl(fd, Libc.SIOCGIFHWADDR, request, "SIOCGIFHWADDR " + interfaceName);
            return MacAddress.of(request.asSlice(UNION + 2, 6).toArray(JAVA_BYTE));
        }
    }
}
