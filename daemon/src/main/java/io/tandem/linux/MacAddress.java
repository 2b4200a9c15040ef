package io.tandem.linux;

import java.util.HexFormat;

/**
 * A 48-bit Ethernet hardware address, held in the low 48 bits of {@code value} (first octet most
 * significant). Prints as {@code aa:bb:cc:dd:ee:ff}, like {@code ip link}.
 */
public record MacAddress(long value) {

    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");

    public MacAddress {
        if ((value >>> 48) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits: " + value);
        }
    }

    public static MacAddress of(byte[] octets) {
        if (octets.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 octets, got " + octets.length);
        }
        long value = 0;
        for (byte octet : octets) {
            value = (value << 8) | (octet & 0xff);
        }
        return new MacAddress(value);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (either case). */
    public static MacAddress parse(String text) {
        return of(COLONS.parseHex(text));
    }

    public byte[] octets() {
        byte[] octets = new byte[6];
        for (int i = 0; i < 6; i++) {
            octets[i] = (byte) (value >>> (40 - 8 * i));
        }
        return octets;
    }

    @Override
    public String toString() {
        return COLONS.formatHex(octets());
    }
}
