package io.tandem.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * keepalived's {@code enable_script_security}: when the daemon runs as root, a script it runs must
 * not be changeable by anyone else. Every component of the program's real path, from {@code /} to
 * the file, must be owned by root and writable neither by a non-root group nor by others; a
 * directory with the sticky bit (such as {@code /tmp}) may be world-writable, because others cannot
 * replace what root put there. When the daemon does not run as root there is nothing to protect and
 * every program is allowed.
 *
 * <p>Immutable and thread-safe; {@link #refusal} reads file attributes (blocking, cheap).
 */
public final class ScriptSecurity {

    private final boolean checking;

    private ScriptSecurity(boolean checking) {
        this.checking = checking;
    }

    /** The check above, when this process runs as root (effective uid 0). */
    public static ScriptSecurity enforcing() {
        return new ScriptSecurity(DaemonUser.isRoot());
    }

    /** No check: every program is allowed. */
    public static ScriptSecurity permissive() {
        return new ScriptSecurity(false);
    }

    /** The check above, whoever this process runs as; for tests. */
    static ScriptSecurity enforcingAsIfRoot() {
        return new ScriptSecurity(true);
    }

    /**
     * Whether running {@code program} is refused.
     *
     * @return empty when allowed; otherwise the reason, e.g. {@code "/tmp/x.sh is writable by group
     *     'staff'"} or {@code "/srv/x.sh does not exist"}
     */
    public Optional<String> refusal(Path program) {
        if (!checking) {
            return Optional.empty();
        }
        if (!program.isAbsolute()) {
            return Optional.of(
                    program + " is not an absolute path (script security needs one to check)");
        }
        Path real;
        try {
            real = program.toRealPath();
        } catch (IOException e) {
            return Optional.of(program + " does not exist or cannot be read (" + e + ")");
        }
        List<Path> chain = new ArrayList<>();
        for (Path p = real; p != null; p = p.getParent()) {
            chain.addFirst(p);
        }
        for (Path p : chain) {
            Optional<String> why = unsafe(p);
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> unsafe(Path path) {
        PosixFileAttributes attributes;
        int uid;
        int gid;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class);
            uid = (Integer) Files.getAttribute(path, "unix:uid");
            gid = (Integer) Files.getAttribute(path, "unix:gid");
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot read the permissions of " + path + " (" + e + ")");
        }
        String what = attributes.isDirectory() ? "directory " + path : path.toString();
        if (uid != 0) {
            return Optional.of(
                    what + " is owned by '" + attributes.owner().getName() + "', not root");
        }
        Set<PosixFilePermission> mode = attributes.permissions();
        boolean sticky = attributes.isDirectory() && isSticky(path);
        if (sticky) {
            return Optional.empty();
        }
        GroupPrincipal group = attributes.group();
        if (gid != 0 && mode.contains(PosixFilePermission.GROUP_WRITE)) {
            return Optional.of(what + " is writable by group '" + group.getName() + "'");
        }
        if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of(what + " is writable by everyone");
        }
        return Optional.empty();
    }

    private static boolean isSticky(Path directory) {
        try {
            int mode = (Integer) Files.getAttribute(directory, "unix:mode");
            return (mode & 01000) != 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
