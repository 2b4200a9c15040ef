package io.tandem.admin;

import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminResult;

/**
 * What the admin endpoint asks of the running daemon. Implemented by the composition root, which
 * runs each command on the control thread and returns once it has taken effect (the next listing
 * shows it). Called from virtual threads; may block.
 */
public interface AdminBackend {

    /**
     * Carries out {@code command}.
     *
     * @throws AdminException when the command cannot be applied (unknown service, duplicate real
     *     server, bad scheduler...), with a message an admin can act on; nothing has changed then
     */
    AdminResult execute(AdminCommand command) throws AdminException, InterruptedException;
}
