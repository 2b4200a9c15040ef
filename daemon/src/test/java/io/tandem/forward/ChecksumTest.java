package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ChecksumTest {

    @Test
    void fullChecksumOfTheCapturedHeaderIsTheOneOnTheWire() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = CapturedFrames.segment(arena, CapturedFrames.TCP_SYN);
            long ip = Ethernet.LENGTH;
            int onTheWire = Ipv4.checksum(s, ip);
            Ipv4.fillChecksum(s, ip);
            assertThat(Ipv4.checksum(s, ip)).isEqualTo(onTheWire).isEqualTo(0x8eac);
            assertThat(Ipv4.checksumValid(s, ip)).isTrue();
        }
    }

    @Test
    void incrementalUpdateMatchesRecomputationForEveryWordValue() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = CapturedFrames.segment(arena, CapturedFrames.TCP_SYN);
            long ip = Ethernet.LENGTH;
            // The identification word runs through all 65536 values, 0x0000 and 0xffff included.
            for (int id = 0; id <= 0xffff; id++) {
                int old = Bytes.u16(s, ip + 4);
                int incremental = Checksum.update16(Ipv4.checksum(s, ip), old, id);
                Bytes.u16(s, ip + 4, id);
                Bytes.u16(s, ip + Ipv4.CHECKSUM, 0);
                assertThat(incremental).as("id %04x", id).isEqualTo(Checksum.of(s, ip, 20));
                Bytes.u16(s, ip + Ipv4.CHECKSUM, incremental);
            }
        }
    }

    @Test
    void rfc1624ExampleGivesMinusZeroNotPlusZero() {
        // RFC 1624 section 4: HC 0xdd2f, m 0x5555 -> m' 0x3285 gives 0x0000, never 0xffff.
        assertThat(Checksum.update16(0xdd2f, 0x5555, 0x3285)).isEqualTo(0x0000);
    }
}
