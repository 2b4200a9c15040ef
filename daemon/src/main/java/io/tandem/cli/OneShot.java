package io.tandem.cli;

import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** One command, one connection: what every verb but ipvsadm's -R needs. Blocking. */
final class OneShot {
    private OneShot() {}

    /**
     * Sends {@code command}; on failure prints {@code "PROGRAM: why"} to {@code err}.
     *
     * @return the result, or null when the daemon refused or could not be reached
     */
    static @Nullable AdminResult send(
            Path socket, AdminCommand command, PrintWriter err, String program) {
        try (AdminClient client = AdminClient.connect(socket)) {
            return client.send(command);
        } catch (AdminException | IOException e) {
            err.println(program + ": " + e.getMessage());
            err.flush();
            return null;
        }
    }
}
