package io.tandem.admin.api;

/**
 * ipvsadm {@code -a}/{@code -e}: a real server to add to or change in a virtual service.
 *
 * @param weight {@code -w}, 0 to 65535 (ipvsadm's default 1)
 * @param upperThreshold {@code -x}, 0 for none
 * @param lowerThreshold {@code -y}, 0 for none
 */
public record RealServerSpec(
        String address,
        int port,
        Forwarding forwarding,
        int weight,
        int upperThreshold,
        int lowerThreshold) {}
