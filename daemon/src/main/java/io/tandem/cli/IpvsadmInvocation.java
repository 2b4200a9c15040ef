package io.tandem.cli;

import io.tandem.admin.api.Forwarding;
import io.tandem.admin.api.ServiceKey;
import org.jspecify.annotations.Nullable;

/**
 * One parsed {@code tandem adm} command line (or {@code -R} input line), before it is checked
 * against the daemon.
 *
 * @param persistenceSeconds {@code -p [timeout]}; null when absent (ipvsadm's default timeout 300)
 * @param realPort 0 when {@code -r} had no port: the service's port, as ipvsadm does
 * @param forwarding null when none of -m/-g/-i was given (ipvsadm's default is -g)
 * @param timeouts {@code --set}'s three values; null for other commands
 * @param listTimeouts {@code -L --timeout}: the timeouts instead of the services
 */
record IpvsadmInvocation(
        Verb verb,
        @Nullable ServiceKey service,
        @Nullable String scheduler,
        @Nullable Integer persistenceSeconds,
        @Nullable String netmask,
        @Nullable String realAddress,
        int realPort,
        @Nullable Forwarding forwarding,
        @Nullable Integer weight,
        @Nullable Integer upperThreshold,
        @Nullable Integer lowerThreshold,
        IpvsadmFormat format,
        @Nullable Timeouts timeouts,
        boolean listTimeouts) {

    /** {@code --set tcp tcpfin udp} in seconds; 0 leaves one unchanged. */
    record Timeouts(long tcp, long tcpFin, long udp) {}

    /** ipvsadm's commands, named as its error messages name them. */
    enum Verb {
        ADD_SERVICE("add-service"),
        EDIT_SERVICE("edit-service"),
        DELETE_SERVICE("delete-service"),
        ADD_SERVER("add-server"),
        EDIT_SERVER("edit-server"),
        DELETE_SERVER("delete-server"),
        FLUSH("flush"),
        ZERO("zero"),
        LIST("list"),
        SAVE("save"),
        RESTORE("restore"),
        SET("set"),
        HELP("help"),
        VERSION("version");

        final String ipvsadmName;

        Verb(String ipvsadmName) {
            this.ipvsadmName = ipvsadmName;
        }
    }
}
