package io.tandem.config;

/** {@code TCP_CHECK { ... }}: up when a TCP connection opens within {@code connect_timeout}. */
public record TcpCheckConfig(CheckSettings settings, SourcePosition position)
        implements CheckConfig {

    @Override
    public String keyword() {
        return "TCP_CHECK";
    }
}
