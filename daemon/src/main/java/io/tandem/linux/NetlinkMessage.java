package io.tandem.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One netlink message received from the kernel (netlink(7)): the {@code nlmsghdr} fields and the
 * payload after the 16-byte header, in host byte order.
 */
record NetlinkMessage(int type, int flags, int sequence, ByteBuffer payload) {

    static final int HEADER_LENGTH = 16;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    private static final int NLA_TYPE_MASK = 0x3fff;

    /** Splits one {@code recv} worth of bytes into messages (NLMSG_ALIGN'ed, 4 bytes). */
    static List<NetlinkMessage> parseAll(ByteBuffer bytes) {
        ByteBuffer in = bytes.duplicate().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> messages = new ArrayList<>();
        while (in.remaining() >= HEADER_LENGTH) {
            int start = in.position();
            int length = in.getInt(start);
            if (length < HEADER_LENGTH || length > in.remaining()) {
                break; // malformed tail: the kernel never sends one, so stop rather than guess
            }
            int type = Short.toUnsignedInt(in.getShort(start + 4));
            int flags = Short.toUnsignedInt(in.getShort(start + 6));
            int sequence = in.getInt(start + 8);
            ByteBuffer payload =
                    in.slice(start + HEADER_LENGTH, length - HEADER_LENGTH)
                            .order(ByteOrder.nativeOrder());
            messages.add(new NetlinkMessage(type, flags, sequence, payload));
            in.position(Math.min(in.limit(), start + align(length)));
        }
        return messages;
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    /**
     * The route attributes ({@code struct rtattr}, rtnetlink(7)) that follow a fixed header of
     * {@code fixedLength} bytes, by type; values are views of the payload.
     */
    Map<Integer, ByteBuffer> attributes(int fixedLength) {
        Map<Integer, ByteBuffer> attributes = new HashMap<>();
        int at = align(fixedLength);
        while (at + 4 <= payload.limit()) {
            int length = Short.toUnsignedInt(payload.getShort(at));
            int type = Short.toUnsignedInt(payload.getShort(at + 2)) & NLA_TYPE_MASK;
            if (length < 4 || at + length > payload.limit()) {
                break;
            }
            attributes.put(type, payload.slice(at + 4, length - 4).order(ByteOrder.nativeOrder()));
            at += align(length);
        }
        return attributes;
    }

    static byte[] bytes(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return bytes;
    }

    /** A NUL-terminated string attribute such as IFA_LABEL or IFLA_IFNAME. */
    static String string(ByteBuffer value) {
        byte[] bytes = bytes(value);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }
}
