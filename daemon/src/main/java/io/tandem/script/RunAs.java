package io.tandem.script;

import org.jspecify.annotations.Nullable;

/**
 * Who a script runs as: keepalived's {@code user USER [GROUP]} and {@code script_user USER
 * [GROUP]}. Callers pass {@code null} instead of a RunAs to run as the daemon's own user.
 *
 * @param user a user name (or numeric uid) known to the system's user database
 * @param group a group name (or numeric gid); {@code null} means the user's primary group
 */
public record RunAs(String user, @Nullable String group) {

    public RunAs {
        if (user.isBlank()) {
            throw new IllegalArgumentException("script user must not be empty");
        }
        if (group != null && group.isBlank()) {
            throw new IllegalArgumentException("script group must not be empty");
        }
    }

    /** {@code nobody} or {@code nobody:nogroup}, for logs. */
    @Override
    public String toString() {
        return group == null ? user : user + ":" + group;
    }
}
