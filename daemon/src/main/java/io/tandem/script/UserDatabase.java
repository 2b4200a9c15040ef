package io.tandem.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Looks users and groups up through {@code getent}, so that NSS (LDAP, sssd) counts as it does for
 * keepalived's getpwnam; Java has no getpwnam and the lookup is rare (once per RunAs, cached by the
 * caller). Blocking.
 */
final class UserDatabase {

    /** The numeric ids a script runs with. */
    record Ids(int uid, int gid) {}

    private UserDatabase() {}

    /**
     * Resolves a RunAs to numeric ids.
     *
     * @throws IllegalArgumentException naming the user or group that does not exist
     */
    static Ids resolve(RunAs runAs) throws InterruptedException {
        String[] user =
                entry("passwd", runAs.user())
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "user '" + runAs.user() + "' does not exist"));
        int uid = Integer.parseInt(user[2]);
        int gid = Integer.parseInt(user[3]);
        String groupName = runAs.group();
        if (groupName != null) {
            String[] group =
                    entry("group", groupName)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "group '" + groupName + "' does not exist"));
            gid = Integer.parseInt(group[2]);
        }
        return new Ids(uid, gid);
    }

    /** One {@code getent DATABASE KEY} line split on ':', or empty when there is no such entry. */
    private static Optional<String[]> entry(String database, String key)
            throws InterruptedException {
        if (key.startsWith("-")) {
            return Optional.empty();
        }
        try {
            Process getent =
                    new ProcessBuilder("getent", database, key)
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .redirectInput(
                                    ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                            .start();
            byte[] out = getent.getInputStream().readAllBytes();
            if (!getent.waitFor(10, TimeUnit.SECONDS)) {
                getent.destroyForcibly();
                throw new IllegalArgumentException(
                        "looking up " + database + " '" + key + "' hung");
            }
            if (getent.exitValue() != 0) {
                return Optional.empty();
            }
            String line = new String(out, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            String[] fields = line.split(":", -1);
            int needed = database.equals("passwd") ? 4 : 3;
            return fields.length >= needed ? Optional.of(fields) : Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot look up " + database + " '" + key + "': " + e.getMessage(), e);
        }
    }
}
