package io.tandem.config;

/**
 * {@code hash_key header NAME} or {@code hash_key cookie NAME}: what {@code lb_algo sh} hashes in
 * an HTTP virtual server instead of the client's address, so that one user sticks to one server
 * behind a shared NAT. A request without it falls back to the client's address.
 *
 * @param name the header name (case-insensitive) or the cookie name (case-sensitive)
 */
public record HashKey(Source source, String name) {

    /** Where the key is read from. */
    public enum Source {
        HEADER,
        COOKIE
    }
}
