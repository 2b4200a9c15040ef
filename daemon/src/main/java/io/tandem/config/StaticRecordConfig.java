package io.tandem.config;

/**
 * One {@code record OWNER TYPE DATA...} line of {@code dns_service}, already checked by parsing it.
 *
 * @param owner the absolute owner name, lower case with the trailing dot
 * @param type A, AAAA, CNAME, TXT, SRV or NS
 * @param data the record data in master-file form, names absolute ({@code 10 5 80
 *     www.example.com.})
 * @param position where the line starts
 */
public record StaticRecordConfig(
        String owner, StaticRecordType type, String data, SourcePosition position) {}
