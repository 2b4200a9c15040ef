package io.tandem.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * An AF_PACKET socket bound to one interface, with a memory-mapped receive ring and a memory-mapped
 * transmit ring (packet(7), "PACKET_MMAP"). The fast path makes no allocation: received frames are
 * handed out as (ring, offset, length) inside the mapping, and frames to send are copied into the
 * next free transmit slot and go out together on {@link #flush}, one {@code sendto} per batch.
 *
 * <p>Both rings use TPACKET_V2 frames, not V3 blocks: a V3 block reaches user space only when it is
 * full or its retire timer (at least 1 ms) fires, which adds that delay to every packet of a quiet
 * connection; V2 hands over each frame as soon as it is written, which matters more to a balancer
 * than V3's fewer wake-ups under flood. V2 also gives the transmit ring the same frame format.
 *
 * <p>The socket ignores frames it sends itself (PACKET_IGNORE_OUTGOING, Linux 4.20) and, as a
 * second guard, skips PACKET_OUTGOING frames. It is confined to one thread: that thread calls
 * {@link #receive}, {@link #send}, {@link #flush} and, when its loop ends, {@link #close}. {@link
 * #receive} waits at most its timeout, so the loop can check a stop flag.
 *
 * <p>When the interface goes down or is deleted, the kernel unhooks the socket and leaves it a
 * pending ENETDOWN, which makes every {@code poll} return at once until someone reads it; {@link
 * #receive} reads it and throws {@link InterfaceDownException}, so the next call waits in {@code
 * poll} again, and {@link #interfaceStatus} tells the owner whether the ring can recover (the
 * kernel hooks it up again when the link is up) or must be replaced (the interface is gone).
 */
public final class PacketRing implements AutoCloseable {

    /** Frame flag: the L4 checksum is not filled in yet (TP_STATUS_CSUMNOTREADY, an offload). */
    public static final int CHECKSUM_PENDING = 1 << 3;

    /** The largest frame {@link #send} takes and {@link #receive} delivers whole. */
    public static final int MAX_FRAME = 2048 - 64;

    /** Called for each received frame; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface Receiver {
        /**
         * @param ring the mapping; the frame is {@code ring[offset, offset + length)}, Ethernet
         *     header first
         * @param status TP_STATUS bits, e.g. {@link #CHECKSUM_PENDING}
         */
        void frame(MemorySegment ring, long offset, int length, int status);
    }

    private static final int SOL_PACKET = 263;
    private static final int PACKET_RX_RING = 5;
    private static final int PACKET_VERSION = 10;
    private static final int PACKET_TX_RING = 13;
    private static final int PACKET_LOSS = 14;
    private static final int PACKET_IGNORE_OUTGOING = 23;
    private static final int TPACKET_V2 = 1;
    private static final int ETH_P_ALL = 0x0003;
    private static final int PACKET_OUTGOING = 4;
    private static final int IFF_UP = 0x1;

    private static final int TP_STATUS_KERNEL = 0;
    private static final int TP_STATUS_USER = 1;
    private static final int TP_STATUS_AVAILABLE = 0;
    private static final int TP_STATUS_SEND_REQUEST = 1;

    // struct tpacket2_hdr (linux/if_packet.h): status u32 @0, len u32 @4, snaplen u32 @8,
    // mac u16 @12, net u16 @14, sec, nsec, vlan tci/tpid, 4 bytes pad: 32 bytes.
    private static final long TP_LEN = 4;
    private static final long TP_SNAPLEN = 8;
    private static final long TP_MAC = 12;
    // TPACKET_ALIGN(sizeof(tpacket2_hdr)): the struct sockaddr_ll follows the header at 32.
    private static final long SLL = 32;
    private static final long SLL_PKTTYPE = SLL + 10;
    // A transmitted frame's data starts at TPACKET2_HDRLEN - sizeof(sockaddr_ll) = 52 - 20.
    private static final long TX_DATA = 32;

    private static final int FRAME_SIZE = 2048;
    private static final int BLOCK_SIZE = 1 << 16;
    private static final int FRAMES_PER_BLOCK = BLOCK_SIZE / FRAME_SIZE;

    // Acquire/release on tp_status: the kernel writes the frame, then the status, and so do we.
    private static final VarHandle STATUS = JAVA_INT.varHandle();

    private final int fd;
    private final String interfaceName;
    private final int interfaceIndex;
    private final MacAddress mac;
    private final MemorySegment mapping;
    private final MemorySegment rx;
    private final MemorySegment tx;
    private final int frames;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment pollfd = arena.allocate(8, 4);
    private final MemorySegment callState = Libc.callState(arena);
    private int rxNext;
    private int txNext;
    private int txPending;
    private long received;
    private long sent;
    private long sendRefused;
    private long truncated;
    private boolean closed;
    private long busyPollNanos;

    private PacketRing(
            int fd, String interfaceName, int interfaceIndex, MacAddress mac, MemorySegment map) {
        this.fd = fd;
        this.interfaceName = interfaceName;
        this.interfaceIndex = interfaceIndex;
        this.mac = mac;
        this.mapping = map;
        this.rx = map.asSlice(0, map.byteSize() / 2);
        this.tx = map.asSlice(map.byteSize() / 2);
        this.frames = (int) (rx.byteSize() / FRAME_SIZE);
    }

    /** Opens a ring of 512 frames each way on {@code interfaceName}; needs CAP_NET_RAW. */
    public static PacketRing open(String interfaceName) throws IOException {
        return open(interfaceName, 16);
    }

    /**
     * Opens rings of {@code blocks} x 32 frames of 2 KiB each way on {@code interfaceName}, in the
     * network namespace of the calling thread.
     */
    public static PacketRing open(String interfaceName, int blocks) throws IOException {
        if (blocks < 1 || blocks > 1024) {
            throw new IllegalArgumentException("ring blocks out of range (1..1024): " + blocks);
        }
        // Protocol 0 receives nothing until bind names the protocol and the interface, so no frame
        // from another interface slips into the ring while it is set up.
        int fd = Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
        MemorySegment map = null;
        try (Arena setup = Arena.ofConfined()) {
            int index = Ifreq.index(fd, interfaceName);
            MacAddress mac = Ifreq.hardwareAddress(fd, interfaceName);
            Libc.setsockopt(fd, SOL_PACKET, PACKET_VERSION, TPACKET_V2, "PACKET_VERSION");
            Libc.setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING");
            // A malformed transmit frame is skipped instead of stalling the ring.
            Libc.setsockopt(fd, SOL_PACKET, PACKET_LOSS, 1, "PACKET_LOSS");
            MemorySegment request = setup.allocate(16, 4); // struct tpacket_req
            request.set(JAVA_INT, 0, BLOCK_SIZE);
            request.set(JAVA_INT, 4, blocks);
            request.set(JAVA_INT, 8, FRAME_SIZE);
            request.set(JAVA_INT, 12, blocks * FRAMES_PER_BLOCK);
            Libc.setsockopt(fd, SOL_PACKET, PACKET_RX_RING, request, "PACKET_RX_RING");
            Libc.setsockopt(fd, SOL_PACKET, PACKET_TX_RING, request, "PACKET_TX_RING");
            // One mapping holds both rings, receive ring first (packet(7)).
            map = Libc.mmapShared(fd, 2L * blocks * BLOCK_SIZE);
            MemorySegment address = setup.allocate(Sockaddr.LL);
            address.set(JAVA_SHORT, 0, (short) Libc.AF_PACKET);
            address.set(JAVA_SHORT, 2, Short.reverseBytes((short) ETH_P_ALL)); // network order
            address.set(JAVA_INT, 4, index);
            Libc.bind(fd, address);
            return new PacketRing(fd, interfaceName, index, mac, map);
        } catch (IOException | RuntimeException e) {
            if (map != null) {
                Libc.munmap(map);
            }
            Libc.close(fd);
            throw new IOException("packet ring on " + interfaceName + ": " + e.getMessage(), e);
        }
    }

    public String interfaceName() {
        return interfaceName;
    }

    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** The interface's hardware address, read at open. */
    public MacAddress mac() {
        return mac;
    }

    /**
     * Hands up to {@code limit} received frames to {@code receiver}, each returned to the kernel
     * right after the call. When none is waiting, first waits up to {@code timeoutMillis}. Returns
     * how many frames were handed over (0 on timeout).
     *
     * @throws InterfaceDownException when the socket reported that its interface went down or away;
     *     the error is cleared, so the next call waits again (no frame is lost: the ring had none
     *     waiting)
     */
    public int receive(Receiver receiver, int limit, int timeoutMillis) throws IOException {
        if (!ready(rxNext) && !spinUntilReady()) {
            pollfd.set(JAVA_INT, 0, fd);
            pollfd.set(JAVA_SHORT, 4, Libc.POLLIN);
            pollfd.set(JAVA_SHORT, 6, (short) 0);
            if (Libc.poll(callState, pollfd, 1, timeoutMillis) > 0) {
                short revents = pollfd.get(JAVA_SHORT, 6);
                if ((revents & (Libc.POLLERR | Libc.POLLNVAL)) != 0) {
                    pendingError(revents);
                }
            }
        }
        int handed = 0;
        while (handed < limit && ready(rxNext)) {
            long base = (long) rxNext * FRAME_SIZE;
            try {
                int status = (int) STATUS.getAcquire(rx, base);
                int length = rx.get(JAVA_INT, base + TP_SNAPLEN);
                int mac = Short.toUnsignedInt(rx.get(JAVA_SHORT, base + TP_MAC));
                if (length != rx.get(JAVA_INT, base + TP_LEN)) {
                    truncated++; // longer than a ring frame (e.g. a GRO/GSO super-frame)
                } else if (rx.get(JAVA_BYTE, base + SLL_PKTTYPE) != PACKET_OUTGOING
                        && mac + length <= FRAME_SIZE) {
                    received++;
                    handed++;
                    receiver.frame(rx, base + mac, length, status);
                }
            } finally {
                STATUS.setRelease(rx, base, TP_STATUS_KERNEL);
                rxNext = (rxNext + 1) % frames;
            }
        }
        return handed;
    }

    private boolean spinUntilReady() {
        if (busyPollNanos <= 0) {
            return false;
        }
        long until = System.nanoTime() + busyPollNanos;
        do {
            Thread.onSpinWait();
            if (ready(rxNext)) {
                return true;
            }
        } while (System.nanoTime() - until < 0);
        return false;
    }

    /**
     * Makes {@link #receive} check the ring for up to {@code nanos} before it waits in poll: a
     * frame that lands meanwhile costs no wake-up (the kernel's IPI to this thread's core and the
     * scheduler's round trip), which under load is more than the rewrite itself. 0 waits at once.
     */
    public void busyPoll(long nanos) {
        this.busyPollNanos = nanos;
    }

    /** POLLERR: reads (and so clears) the socket's error, which poll reports until it is read. */
    private void pendingError(short revents) throws IOException {
        if ((revents & Libc.POLLNVAL) != 0) {
            throw new IOException("packet ring on " + interfaceName + ": socket closed");
        }
        int error = Libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_ERROR, "SO_ERROR");
        if (error != 0) {
            throw new InterfaceDownException(interfaceName, error);
        }
    }

    /**
     * Asks the kernel, through this ring's socket (so in its network namespace), what became of the
     * interface it was bound to. Two ioctls; for after an {@link InterfaceDownException}, not for
     * every batch.
     */
    public InterfaceStatus interfaceStatus() throws IOException {
        try {
            if (Ifreq.index(fd, interfaceName) != interfaceIndex) {
                return InterfaceStatus.GONE; // a new interface under the old name
            }
            return (Ifreq.flags(fd, interfaceName) & IFF_UP) != 0
                    ? InterfaceStatus.UP
                    : InterfaceStatus.DOWN;
        } catch (ErrnoException e) {
            if (e.errno() == Libc.ENODEV) {
                return InterfaceStatus.GONE;
            }
            throw e;
        }
    }

    private boolean ready(int frame) {
        int status = (int) STATUS.getAcquire(rx, (long) frame * FRAME_SIZE);
        return (status & TP_STATUS_USER) != 0;
    }

    /**
     * Copies {@code source[offset, offset + length)}, a whole Ethernet frame, into the next free
     * transmit slot; it leaves on the next {@link #flush}. Returns false, sending nothing, when the
     * frame is longer than {@link #MAX_FRAME} or every slot is still in flight.
     */
    public boolean send(MemorySegment source, long offset, int length) {
        long base = (long) txNext * FRAME_SIZE;
        if (length > MAX_FRAME || (int) STATUS.getAcquire(tx, base) != TP_STATUS_AVAILABLE) {
            sendRefused++;
            return false;
        }
        MemorySegment.copy(source, offset, tx, base + TX_DATA, length);
        tx.set(JAVA_INT, base + TP_LEN, length);
        STATUS.setRelease(tx, base, TP_STATUS_SEND_REQUEST);
        txNext = (txNext + 1) % frames;
        txPending++;
        return true;
    }

    /**
     * The offset in {@link #transmitRing} of the next free slot's data area ({@link #MAX_FRAME}
     * bytes) for building a frame in place, or -1 when that slot is still in flight; {@link
     * #commit} queues it. Saves {@link #send}'s copy for frames built from scratch.
     */
    public long claimOffset() {
        long base = (long) txNext * FRAME_SIZE;
        return (int) STATUS.getAcquire(tx, base) == TP_STATUS_AVAILABLE ? base + TX_DATA : -1;
    }

    /** The transmit ring, for writing a frame at {@link #claimOffset}. */
    public MemorySegment transmitRing() {
        return tx;
    }

    /** Queues the frame written at the claimed slot, {@code length} bytes long. */
    public void commit(int length) {
        if (length > MAX_FRAME) {
            throw new IllegalArgumentException("frame longer than " + MAX_FRAME + ": " + length);
        }
        long base = (long) txNext * FRAME_SIZE;
        tx.set(JAVA_INT, base + TP_LEN, length);
        STATUS.setRelease(tx, base, TP_STATUS_SEND_REQUEST);
        txNext = (txNext + 1) % frames;
        txPending++;
    }

    /**
     * Hands every queued frame to the driver with one {@code sendto}, without waiting for them to
     * leave. Returns how many frames it flushed (0 when none was queued or the kernel was busy;
     * those go with the next flush).
     *
     * @throws InterfaceDownException when the interface is down or gone; the frames stay queued
     */
    public int flush() throws IOException {
        if (txPending == 0) {
            return 0;
        }
        try {
            if (Libc.flush(callState, fd, Libc.MSG_DONTWAIT) < 0) {
                return 0;
            }
        } catch (ErrnoException e) {
            if (e.errno() == Libc.ENETDOWN || e.errno() == Libc.ENXIO) {
                throw new InterfaceDownException(interfaceName, e.errno());
            }
            throw e;
        }
        int flushed = txPending;
        sent += flushed;
        txPending = 0;
        return flushed;
    }

    /** Frames handed to receivers since open. */
    public long received() {
        return received;
    }

    /** Frames flushed to the driver since open. */
    public long sent() {
        return sent;
    }

    /** Frames {@link #send} refused (too long, or the ring full) since open. */
    public long sendRefused() {
        return sendRefused;
    }

    /** Frames dropped because they did not fit a ring frame, since open. */
    public long truncated() {
        return truncated;
    }

    /** Unmaps the rings and closes the socket. Idempotent; call it from the owning thread. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Libc.munmap(mapping);
        } finally {
            Libc.close(fd);
            arena.close();
        }
    }
}
