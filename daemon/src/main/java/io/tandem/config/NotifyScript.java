package io.tandem.config;

import org.jspecify.annotations.Nullable;

/**
 * A script line such as {@code notify_up "/bin/page ops" [USER [GROUP]]}, kept as written; the
 * script package splits it into words when it runs.
 *
 * @param command the program and its arguments, one keepalived string
 * @param user who runs it, or null for the daemon's user
 * @param group the group for {@code user}, or null for the user's own
 */
public record NotifyScript(
        String command, @Nullable String user, @Nullable String group, SourcePosition position) {}
