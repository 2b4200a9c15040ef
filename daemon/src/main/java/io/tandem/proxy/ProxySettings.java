package io.tandem.proxy;

import java.time.Duration;

/**
 * Timeouts shared by the forwarders of one daemon.
 *
 * @param connectTimeout how long a TCP connect to a real server may take before it counts as failed
 *     (and is retried once on another server)
 * @param udpIdleTimeout how long a UDP session lives without a datagram either way; 300 s like
 *     IPVS's default {@code udp} timeout ({@code ipvsadm --set})
 * @param drainGrace how long open connections may finish when a virtual server is removed
 */
public record ProxySettings(Duration connectTimeout, Duration udpIdleTimeout, Duration drainGrace) {

    public static final ProxySettings DEFAULTS =
            new ProxySettings(
                    Duration.ofSeconds(5), Duration.ofSeconds(300), Duration.ofSeconds(30));

    public ProxySettings {
        requirePositive("connect timeout", connectTimeout);
        requirePositive("UDP idle timeout", udpIdleTimeout);
        if (drainGrace.isNegative()) {
            throw new IllegalArgumentException("negative drain grace " + drainGrace);
        }
    }

    public ProxySettings withConnectTimeout(Duration timeout) {
        return new ProxySettings(timeout, udpIdleTimeout, drainGrace);
    }

    public ProxySettings withUdpIdleTimeout(Duration timeout) {
        return new ProxySettings(connectTimeout, timeout, drainGrace);
    }

    private static void requirePositive(String what, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }
}
