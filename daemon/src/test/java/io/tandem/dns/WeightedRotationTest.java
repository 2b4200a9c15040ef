package io.tandem.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.IpLiteral;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WeightedRotationTest {
    private static final String A = "10.0.0.1";
    private static final String B = "10.0.0.2";
    private static final String C = "10.0.0.3";

    @Test
    void equalWeightsRotateOneStepPerQuery() {
        List<AnswerTarget> t = List.of(target(A, 1), target(B, 1), target(C, 1));

        assertThat(texts(WeightedRotation.order(t, 0, 8))).containsExactly(A, B, C);
        assertThat(texts(WeightedRotation.order(t, 1, 8))).containsExactly(B, C, A);
        assertThat(texts(WeightedRotation.order(t, 2, 8))).containsExactly(C, A, B);
        assertThat(texts(WeightedRotation.order(t, 3, 8))).containsExactly(A, B, C);
    }

    @Test
    void eachServerComesFirstAsOftenAsItsWeight() {
        List<AnswerTarget> t = List.of(target(A, 3), target(B, 1), target(C, 2));
        List<String> firsts = new ArrayList<>();
        for (long n = 0; n < 6; n++) {
            firsts.add(texts(WeightedRotation.order(t, n, 8)).getFirst());
        }

        assertThat(firsts).containsExactly(A, A, A, B, C, C);
        Map<String, Integer> over600 = new HashMap<>();
        for (long n = 0; n < 600; n++) {
            over600.merge(texts(WeightedRotation.order(t, n, 8)).getFirst(), 1, Integer::sum);
        }
        assertThat(over600).containsEntry(A, 300).containsEntry(B, 100).containsEntry(C, 200);
    }

    @Test
    void theRestFollowTheFirstInConfigurationOrder() {
        List<AnswerTarget> t = List.of(target(A, 3), target(B, 1), target(C, 2));

        assertThat(texts(WeightedRotation.order(t, 3, 8))).containsExactly(B, C, A);
        assertThat(texts(WeightedRotation.order(t, 4, 8))).containsExactly(C, A, B);
    }

    @Test
    void maxAnswersCapsTheListAfterRotating() {
        List<AnswerTarget> t = List.of(target(A, 1), target(B, 1), target(C, 1));

        assertThat(texts(WeightedRotation.order(t, 2, 2))).containsExactly(C, A);
    }

    @Test
    void weightZeroIsNeverAnswered() {
        List<AnswerTarget> t = List.of(target(A, 0), target(B, 1));

        for (long n = 0; n < 4; n++) {
            assertThat(texts(WeightedRotation.order(t, n, 8))).containsExactly(B);
        }
        assertThat(WeightedRotation.order(List.of(target(A, 0)), 0, 8)).isEmpty();
        assertThat(WeightedRotation.order(List.of(), 0, 8)).isEmpty();
    }

    @Test
    void aHugeQueryCountStillRotates() {
        List<AnswerTarget> t = List.of(target(A, 1), target(B, 1));

        assertThat(texts(WeightedRotation.order(t, Long.MAX_VALUE, 8))).containsExactly(B, A);
        assertThat(texts(WeightedRotation.order(t, Long.MIN_VALUE, 8))).containsExactly(A, B);
    }

    private static AnswerTarget target(String ip, int weight) {
        return new AnswerTarget(IpLiteral.parse(ip).orElseThrow(), weight);
    }

    private static List<String> texts(List<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).toList();
    }
}
