package io.tandem.forward;

import java.lang.foreign.MemorySegment;

/**
 * Answers ARP requests (RFC 826) for the virtual addresses from the packet socket, so the VIP need
 * not be assigned to the interface: the kernel then neither answers for it nor resets connections
 * to ports only the forwarder serves (with IP forwarding off it drops packets for addresses it does
 * not hold, silently).
 */
final class ArpReply {

    static final int FRAME_LENGTH = 60; // the Ethernet minimum, padded
    private static final int ARP = Ethernet.LENGTH;
    private static final int REQUEST = 1;
    private static final int REPLY = 2;

    private ArpReply() {}

    /**
     * The target protocol address of the ARP request for IPv4 over Ethernet at {@code frame}, or 0
     * when the frame is not such a request.
     */
    static int requestedAddress(MemorySegment s, long frame, int length) {
        long arp = frame + ARP;
        if (length < Ethernet.LENGTH + 28
                || Bytes.u16(s, arp) != 1 // hardware type Ethernet
                || Bytes.u16(s, arp + 2) != Ethernet.IPV4
                || Bytes.u8(s, arp + 4) != 6
                || Bytes.u8(s, arp + 5) != 4
                || Bytes.u16(s, arp + 6) != REQUEST) {
            return 0;
        }
        return Bytes.u32(s, arp + 24);
    }

    /**
     * Writes at {@code out[at]} the reply to the request at {@code in[frame]}: {@code address} is
     * at {@code mac}.
     */
    static void write(
            MemorySegment in, long frame, MemorySegment out, long at, long mac, int address) {
        long requesterMac = Bytes.u48(in, frame + ARP + 8);
        int requesterAddress = Bytes.u32(in, frame + ARP + 14);
        out.asSlice(at, FRAME_LENGTH).fill((byte) 0);
        Ethernet.destination(out, at, requesterMac);
        Ethernet.source(out, at, mac);
        Ethernet.type(out, at, Ethernet.ARP);
        long arp = at + ARP;
        Bytes.u16(out, arp, 1);
        Bytes.u16(out, arp + 2, Ethernet.IPV4);
        Bytes.u8(out, arp + 4, 6);
        Bytes.u8(out, arp + 5, 4);
        Bytes.u16(out, arp + 6, REPLY);
        Bytes.u48(out, arp + 8, mac);
        Bytes.u32(out, arp + 14, address);
        Bytes.u48(out, arp + 18, requesterMac);
        Bytes.u32(out, arp + 24, requesterAddress);
    }
}
