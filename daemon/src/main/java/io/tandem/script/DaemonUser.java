package io.tandem.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user this process runs as, read from {@code /proc/self} (Java has no geteuid). */
final class DaemonUser {

    private DaemonUser() {}

    /** True when the effective uid is 0; false when it cannot be told. */
    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return false;
        }
    }
}
