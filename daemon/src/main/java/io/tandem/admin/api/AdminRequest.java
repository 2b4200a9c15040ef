package io.tandem.admin.api;

/** A request on the wire: the protocol version the sender speaks and the command. */
public record AdminRequest(int version, AdminCommand command) {

    /** The version this build speaks; another version is refused with a clear error. */
    public static final int VERSION = 1;

    public static AdminRequest of(AdminCommand command) {
        return new AdminRequest(VERSION, command);
    }
}
