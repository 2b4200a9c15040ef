package io.tandem.config;

import org.jspecify.annotations.Nullable;

/**
 * Who scripts run as: keepalived's {@code script_user USER [GROUP]} (and a script's own {@code user
 * USER [GROUP]}). Names are checked against the system when a script runs, not at parse time, so
 * that a config can be checked on another host.
 *
 * @param user a user name or numeric uid
 * @param group a group name or numeric gid; null means the user's primary group
 */
public record ScriptUser(String user, @Nullable String group) {}
