package io.tandem.admin;

import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminJson;
import io.tandem.admin.api.AdminReply;
import io.tandem.admin.api.AdminRequest;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one JSON request into one JSON reply, whatever the transport. A malformed request, a
 * version this build does not speak, a refused command or a bug in the backend all become an error
 * reply: nothing an admin sends can take the daemon down. Thread-safe.
 */
public final class AdminDispatcher {
    private static final Logger log = LoggerFactory.getLogger(AdminDispatcher.class);

    private final AdminBackend backend;

    public AdminDispatcher(AdminBackend backend) {
        this.backend = backend;
    }

    /** Handles a request from a transport where every command is allowed (the 0600 socket). */
    public String handle(String requestJson) throws InterruptedException {
        return handle(requestJson, request -> true);
    }

    /**
     * Handles a request; {@code allowed} decides whether this caller may run the command (over
     * HTTP, changes need the bearer token).
     */
    public String handle(String requestJson, Predicate<AdminRequest> allowed)
            throws InterruptedException {
        AdminRequest request;
        try {
            request = AdminJson.read(requestJson, AdminRequest.class);
        } catch (AdminException e) {
            return AdminJson.write(AdminReply.failed(e.getMessage()));
        }
        if (request.version() != AdminRequest.VERSION) {
            return AdminJson.write(
                    AdminReply.failed(
                            "admin protocol version "
                                    + request.version()
                                    + " is not spoken here (this daemon speaks "
                                    + AdminRequest.VERSION
                                    + ")"));
        }
        if (!allowed.test(request)) {
            return AdminJson.write(
                    AdminReply.failed(
                            "not allowed: changing anything needs the admin_token as a bearer"
                                    + " token"));
        }
        try {
            return AdminJson.write(AdminReply.ok(backend.execute(request.command())));
        } catch (AdminException e) {
            return AdminJson.write(AdminReply.failed(e.getMessage()));
        } catch (RuntimeException e) {
            log.error("admin command {} failed", request.command(), e);
            return AdminJson.write(AdminReply.failed("internal error: " + e));
        }
    }
}
