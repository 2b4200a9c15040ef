/**
 * Packet-level L4 forwarding, as IPVS does it but in user space: header views over frames in a
 * packet ring, checksum arithmetic, the NAT, DR and TUN rewrites, the IPVS-style connection table,
 * and the {@code PacketForwarder} that joins them to a {@code linux.PacketRing}. The fast path
 * allocates nothing per packet: headers are read and written in place through static accessors on
 * (segment, offset). IPv4 only for now.
 */
@NullMarked
package io.tandem.forward;

import org.jspecify.annotations.NullMarked;
