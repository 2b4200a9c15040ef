package io.tandem.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.SchedulerKind;
import io.tandem.pool.PoolSnapshot;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SchedulersTest {

    @Test
    void everySchedulerKindHasExactlyOneFactoryWithItsName() {
        for (SchedulerKind kind : SchedulerKind.values()) {
            assertThat(Schedulers.all())
                    .filteredOn(f -> f.kind() == kind)
                    .singleElement()
                    .satisfies(f -> assertThat(f.name()).isEqualTo(kind.ipvsName()));
            assertThat(Schedulers.byName(kind.ipvsName()))
                    .get()
                    .extracting(f -> f.kind())
                    .isEqualTo(kind);
        }
        assertThat(Schedulers.all()).hasSize(SchedulerKind.values().length);
    }

    @Test
    void eachLookupGetsItsOwnFactorySoStatefulSchedulersAreNotShared() {
        assertThat(Schedulers.byKind(SchedulerKind.LBLC))
                .isNotSameAs(Schedulers.byKind(SchedulerKind.LBLC));
    }

    @Test
    void unknownNameHasNoScheduler() {
        assertThat(Schedulers.byName("lottery")).isEmpty();
    }

    @Test
    void everySchedulerReturnsNothingForAnEmptyPool() {
        for (SchedulerFactory f : Schedulers.all()) {
            assertThat(f.create(PoolSnapshot.EMPTY).pick(PoolFixture.flow("10.1.1.1")))
                    .as(f.name())
                    .isNull();
        }
    }
}
