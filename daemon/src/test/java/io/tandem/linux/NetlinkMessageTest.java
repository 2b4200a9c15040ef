package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NetlinkMessageTest {

    @Test
    void requestLaysOutHeaderFixedPartAndPaddedAttributes() {
        byte[] bytes =
                new NetlinkRequest(20, NetlinkRequest.NLM_F_REQUEST | NetlinkRequest.NLM_F_ACK)
                        .u8(2)
                        .u8(24)
                        .u8(0)
                        .u8(0)
                        .u32(7)
                        .attribute(2, new byte[] {10, 99, 0, 10})
                        .attribute(3, "veth0:vip")
                        .finish(42);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());

        // 16 header + 8 ifaddrmsg + 8 IFA_LOCAL + align4(4 + 10) IFA_LABEL
        assertThat(bytes).hasSize(16 + 8 + 8 + 16);
        assertThat(in.getInt(0)).isEqualTo(bytes.length);
        assertThat(in.getShort(4)).isEqualTo((short) 20);
        assertThat(in.getShort(6)).isEqualTo((short) 0x5);
        assertThat(in.getInt(8)).isEqualTo(42);
        assertThat(in.getShort(32)).as("IFA_LABEL rta_len").isEqualTo((short) 14);
    }

    @Test
    void parsingARequestGivesBackItsFieldsAndAttributes() {
        byte[] bytes =
                new NetlinkRequest(20, NetlinkRequest.NLM_F_REQUEST)
                        .u8(2)
                        .u8(24)
                        .u8(0)
                        .u8(0)
                        .u32(7)
                        .attribute(2, new byte[] {10, 99, 0, 10})
                        .attribute(3, "veth0:vip")
                        .finish(9);

        List<NetlinkMessage> messages = NetlinkMessage.parseAll(ByteBuffer.wrap(bytes));

        assertThat(messages)
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.type()).isEqualTo(20);
                            assertThat(m.sequence()).isEqualTo(9);
                            assertThat(m.payload().getInt(4)).isEqualTo(7);
                            Map<Integer, ByteBuffer> attributes = m.attributes(8);
                            assertThat(NetlinkMessage.bytes(attributes.get(2)))
                                    .containsExactly(10, 99, 0, 10);
                            assertThat(NetlinkMessage.string(attributes.get(3)))
                                    .isEqualTo("veth0:vip");
                        });
    }

    @Test
    void aTruncatedTailIsIgnoredRatherThanMisread() {
        byte[] whole = new NetlinkRequest(3, 0).u32(0).finish(1);
        ByteBuffer twoAndAHalf = ByteBuffer.allocate(whole.length * 2 + 6);
        twoAndAHalf.put(whole).put(whole).put(new byte[] {1, 2, 3, 4, 5, 6}).flip();

        assertThat(NetlinkMessage.parseAll(twoAndAHalf)).hasSize(2);
    }

    @Test
    void macAddressRoundTripsThroughTextAndOctets() {
        MacAddress mac = MacAddress.parse("02:AB:cd:00:10:ff");

        assertThat(mac.toString()).isEqualTo("02:ab:cd:00:10:ff");
        assertThat(MacAddress.of(mac.octets())).isEqualTo(mac);
    }
}
