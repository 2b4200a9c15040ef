package io.tandem.config;

/** The record types a {@code dns_service} may serve from its configuration. */
public enum StaticRecordType {
    A,
    AAAA,
    CNAME,
    TXT,
    SRV,
    NS
}
