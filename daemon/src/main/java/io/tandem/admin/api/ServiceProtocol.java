package io.tandem.admin.api;

/** ipvsadm's {@code -t} and {@code -u}. */
public enum ServiceProtocol {
    TCP,
    UDP
}
