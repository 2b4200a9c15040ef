package io.tandem.cli;

import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;

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

    /**
     * Sends {@code command} for the {@code tandem adm} verb {@code spec} and prints its answer, as
     * {@code format} lays it out, to the verb's output.
     *
     * @return the exit code: 0, or 1 when the daemon refused, was unreachable or answered with
     *     another kind of result
     */
    static <R extends AdminResult> int print(
            CommandSpec spec,
            Path socket,
            AdminCommand command,
            Class<R> kind,
            Function<R, String> format) {
        AdminResult result =
                send(socket, command, spec.commandLine().getErr(), "tandem adm " + spec.name());
        if (!kind.isInstance(result)) {
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(format.apply(kind.cast(result)));
        out.flush();
        return 0;
    }
}
