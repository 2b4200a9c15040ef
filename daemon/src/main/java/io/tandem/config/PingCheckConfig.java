package io.tandem.config;

/** {@code PING_CHECK { ... }}: up when an ICMP (or ICMPv6) echo is answered in time. */
public record PingCheckConfig(CheckSettings settings, SourcePosition position)
        implements CheckConfig {

    @Override
    public String keyword() {
        return "PING_CHECK";
    }
}
