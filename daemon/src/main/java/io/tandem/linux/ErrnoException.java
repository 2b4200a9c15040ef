package io.tandem.linux;

import java.io.IOException;

/**
 * A system call, or a netlink request acknowledged with an error, failed with {@code errno}. The
 * message reads {@code "setsockopt(IP_ADD_MEMBERSHIP): No such device (errno 19)"}.
 */
public final class ErrnoException extends IOException {

    private final int errno;

    ErrnoException(String call, int errno) {
        super(call + ": " + Libc.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    /** The positive errno value, as in {@code errno(3)}. */
    public int errno() {
        return errno;
    }
}
