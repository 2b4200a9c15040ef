package io.tandem.vrrp;

/**
 * The outcome of parsing bytes from the wire: the value, or why it was dropped. Returned instead of
 * thrown because bad packets are routine on a shared segment and must only be counted.
 *
 * @param <T> the decoded type
 */
public sealed interface DecodeResult<T> {

    /** The bytes were valid. */
    record Decoded<T>(T value) implements DecodeResult<T> {}

    /** The bytes were dropped, with a human-readable detail for the debug log. */
    record Rejected<T>(RejectReason reason, String message) implements DecodeResult<T> {}

    static <T> DecodeResult<T> rejected(RejectReason reason, String message) {
        return new Rejected<>(reason, message);
    }
}
