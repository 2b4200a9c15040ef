package io.tandem.health;

/**
 * What an HTTP check fetched.
 *
 * @param status the status code of the response line
 * @param bodyMd5 MD5 of the body (everything after the blank line ending the headers), 32
 *     lower-case hex digits: what keepalived's genhash prints and {@code digest} compares
 * @param bodyBytes the body's length
 */
public record HttpReply(int status, String bodyMd5, long bodyBytes) {}
