package io.tandem.admin.api;

import org.jspecify.annotations.Nullable;

/**
 * A reply on the wire: either a {@code result} or an {@code error} saying what was wrong (for a
 * refused command, the {@link AdminException} message; for a malformed request, where it failed).
 */
public record AdminReply(int version, @Nullable AdminResult result, @Nullable String error) {

    public static AdminReply ok(AdminResult result) {
        return new AdminReply(AdminRequest.VERSION, result, null);
    }

    public static AdminReply failed(String error) {
        return new AdminReply(AdminRequest.VERSION, null, error);
    }
}
