package io.tandem.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class QuorumStateTest {

    @Test
    void hysteresisWidensTheBandAroundTheQuorum() {
        QuorumState q = new QuorumState(5, 1, 6);
        assertThat(q.up()).isTrue();
        assertThat(q.update(4)).as("4 is not below 5-1").isFalse();
        assertThat(q.update(3)).isTrue();
        assertThat(q.up()).isFalse();
        assertThat(q.update(5)).as("5 is below 5+1").isFalse();
        assertThat(q.update(6)).isTrue();
        assertThat(q.up()).isTrue();
    }

    @Test
    void withoutHysteresisItFlipsAtTheQuorum() {
        QuorumState q = new QuorumState(1, 0, 0);
        assertThat(q.up()).isFalse();
        assertThat(q.update(1)).isTrue();
        assertThat(q.update(0)).isTrue();
    }
}
