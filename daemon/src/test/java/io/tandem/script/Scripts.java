package io.tandem.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes little shell scripts for the tests. */
final class Scripts {

    private Scripts() {}

    /** {@code dir/name} containing {@code #!/bin/sh} and {@code body}, mode 0755. */
    static Path write(Path dir, String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    static ScriptCommand command(Path script, String... args) {
        return new ScriptCommand(
                java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(script.toString()),
                                java.util.Arrays.stream(args))
                        .toList());
    }
}
