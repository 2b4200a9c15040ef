package io.tandem.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one rtnetlink request: {@code nlmsghdr}, a fixed family header written field by field,
 * then route attributes. Written by hand because no Java netlink library exists; the layouts are
 * those of {@code linux/netlink.h} and {@code linux/rtnetlink.h}. Not thread-safe; use once.
 */
final class NetlinkRequest {

    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    static final int NLM_F_DUMP = 0x300;

    private final ByteBuffer buffer = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());

    NetlinkRequest(int type, int flags) {
        buffer.putInt(0); // nlmsg_len, set by finish
        buffer.putShort((short) type);
        buffer.putShort((short) flags);
        buffer.putInt(0); // nlmsg_seq, set by finish
        buffer.putInt(0); // nlmsg_pid: 0 lets the kernel fill in our port id
    }

    NetlinkRequest u8(int value) {
        buffer.put((byte) value);
        return this;
    }

    NetlinkRequest u16(int value) {
        buffer.putShort((short) value);
        return this;
    }

    NetlinkRequest u32(int value) {
        buffer.putInt(value);
        return this;
    }

    NetlinkRequest attribute(int type, byte[] value) {
        pad();
        buffer.putShort((short) (4 + value.length));
        buffer.putShort((short) type);
        buffer.put(value);
        pad();
        return this;
    }

    NetlinkRequest attribute(int type, int value) {
        return attribute(
                type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A NUL-terminated string attribute. */
    NetlinkRequest attribute(int type, String value) {
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        byte[] terminated = new byte[text.length + 1];
        System.arraycopy(text, 0, terminated, 0, text.length);
        return attribute(type, terminated);
    }

    private void pad() {
        while (buffer.position() % 4 != 0) {
            buffer.put((byte) 0);
        }
    }

    /** The finished message, stamped with {@code sequence}. */
    byte[] finish(int sequence) {
        pad();
        int length = buffer.position();
        buffer.putInt(0, length);
        buffer.putInt(8, sequence);
        return Arrays.copyOf(buffer.array(), length);
    }
}
