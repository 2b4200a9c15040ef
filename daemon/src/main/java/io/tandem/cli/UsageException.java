package io.tandem.cli;

/**
 * Arguments {@code tandem adm} cannot make sense of, with ipvsadm's wording where it has one; the
 * command exits 2 without contacting the daemon.
 */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    @Override
    @SuppressWarnings("NullAway") // the only constructor takes a non-null message
    public String getMessage() {
        return super.getMessage();
    }
}
