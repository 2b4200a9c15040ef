package io.tandem.config;

/**
 * One checker block inside a {@code real_server}: a real server is up only while every one of its
 * checkers passes.
 */
public sealed interface CheckConfig
        permits TcpCheckConfig, HttpCheckConfig, PingCheckConfig, MiscCheckConfig {

    /** The keepalived keyword that opened the block: {@code TCP_CHECK}, {@code HTTP_GET}, ... */
    String keyword();

    CheckSettings settings();

    SourcePosition position();
}
