package io.tandem.admin.api;

/**
 * Per-second rates as ipvsadm {@code --rate} shows them, averaged over a few seconds like the
 * kernel's estimator: connections, packets in and out, bytes in and out.
 */
public record Rates(long cps, long inPps, long outPps, long inBps, long outBps) {

    public static final Rates ZERO = new Rates(0, 0, 0, 0, 0);
}
