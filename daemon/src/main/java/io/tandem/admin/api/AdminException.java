package io.tandem.admin.api;

/**
 * A command the daemon refused, with the reason an admin reads (ipvsadm's wording where it has
 * one).
 */
public final class AdminException extends Exception {
    private static final long serialVersionUID = 1L;

    public AdminException(String message) {
        super(message);
    }

    /** Never null: every refusal says why. */
    @Override
    @SuppressWarnings("NullAway") // the only constructor takes a non-null message
    public String getMessage() {
        return super.getMessage();
    }
}
