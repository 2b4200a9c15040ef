package io.tandem.failover;

import io.tandem.linux.RawDatagram;
import io.tandem.linux.RawIpSocket;
import io.tandem.vrrp.Advertisement;
import io.tandem.vrrp.AdvertisementCodec;
import io.tandem.vrrp.Authentication;
import io.tandem.vrrp.DecodeResult;
import io.tandem.vrrp.Ipv4Header;
import io.tandem.vrrp.RejectReason;
import io.tandem.vrrp.VrrpVersion;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * VRRP over IPv4 raw sockets (IP protocol 112), as keepalived does it: one socket sends, bound to
 * the primary address so adverts always carry it as source, with TTL 255 and multicast loop off;
 * another receives, joined to 224.0.0.18 (an address-bound raw socket would only see unicast to
 * that address). Both are bound to the interface. The sockets act in the network namespace of the
 * thread that opened them.
 */
final class RawVrrpChannel implements VrrpChannel {
    static final Inet4Address VRRP_GROUP = ipv4("224.0.0.18");

    private final RawIpSocket sender;
    private final RawIpSocket receiver;
    private final AdvertisementCodec codec;
    private final Inet4Address source;
    private final List<Inet4Address> destinations;
    private final byte[] buffer = new byte[65536];

    private RawVrrpChannel(
            RawIpSocket sender,
            RawIpSocket receiver,
            AdvertisementCodec codec,
            Inet4Address source,
            List<Inet4Address> destinations) {
        this.sender = sender;
        this.receiver = receiver;
        this.codec = codec;
        this.source = source;
        this.destinations = destinations;
    }

    /**
     * @param unicastPeers when not empty, adverts go to each of them instead of the group
     */
    static RawVrrpChannel open(
            String interfaceName,
            Inet4Address source,
            List<Inet4Address> unicastPeers,
            VrrpVersion version,
            Authentication authentication)
            throws IOException {
        RawIpSocket sender = RawIpSocket.open(RawIpSocket.VRRP);
        RawIpSocket receiver = null;
        try {
            sender.bindToDevice(interfaceName);
            sender.bindSource(source);
            sender.setMulticastInterface(interfaceName);
            sender.setMulticastTtl(Ipv4Header.REQUIRED_TTL);
            sender.setUnicastTtl(Ipv4Header.REQUIRED_TTL);
            sender.setMulticastLoop(false);
            receiver = RawIpSocket.open(RawIpSocket.VRRP);
            receiver.bindToDevice(interfaceName);
            receiver.joinGroup(VRRP_GROUP, interfaceName);
            return new RawVrrpChannel(
                    sender,
                    receiver,
                    new AdvertisementCodec(version, authentication),
                    source,
                    unicastPeers.isEmpty() ? List.of(VRRP_GROUP) : List.copyOf(unicastPeers));
        } catch (IOException | RuntimeException e) {
            sender.close();
            if (receiver != null) {
                receiver.close();
            }
            throw e;
        }
    }

    @Override
    public void send(Advertisement advertisement) throws IOException {
        for (Inet4Address destination : destinations) {
            // v3 checksums cover the destination (pseudo-header), so encode per peer.
            sender.send(codec.encode(advertisement, source, destination), destination);
        }
    }

    @Override
    public Reception receive(Duration timeout) throws IOException {
        Optional<RawDatagram> received = receiver.receive(buffer, timeout);
        if (received.isEmpty()) {
            return new Reception.Silence();
        }
        RawDatagram datagram = received.get();
        if (datagram.truncated()) {
            return new Reception.Dropped(RejectReason.TRUNCATED, "longer than 64 KiB");
        }
        return switch (Ipv4Header.parse(buffer, datagram.length())) {
            case DecodeResult.Rejected<Ipv4Header> r ->
                    new Reception.Dropped(r.reason(), r.message() + " from " + datagram.source());
            case DecodeResult.Decoded<Ipv4Header> d -> decode(d.value());
        };
    }

    private Reception decode(Ipv4Header header) {
        int length = header.totalLength() - header.headerLength();
        return switch (codec.decode(
                buffer, header.headerLength(), length, header.source(), header.destination())) {
            case DecodeResult.Rejected<Advertisement> r ->
                    new Reception.Dropped(
                            r.reason(), r.message() + " from " + header.source().getHostAddress());
            case DecodeResult.Decoded<Advertisement> d ->
                    new Reception.Heard(d.value(), header.source());
        };
    }

    @Override
    public void close() {
        try {
            receiver.close();
        } catch (IOException ignored) {
            // closing a raw socket fails only on a bad descriptor; nothing to do
        }
        try {
            sender.close();
        } catch (IOException ignored) {
            // as above
        }
    }

    private static Inet4Address ipv4(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
