package com.researchassistant.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static RetryPolicy policy(double share) {
        return new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(2), LlmFixtures.drawing(share));
    }

    @Test
    void doubles_the_backoff_up_to_the_cap() {
        // given a draw that waits the whole ceiling
        RetryPolicy policy = policy(1.0);

        // when / then
        assertThat(policy.delayAfter(1, Optional.empty())).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.delayAfter(2, Optional.empty())).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delayAfter(3, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(4, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(5, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(1_000, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.ceilingAfter(3)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a_quarter_draw_waits_a_quarter_of_the_ceiling() {
        // when / then
        assertThat(policy(0.25).delayAfter(3, Optional.empty())).isEqualTo(Duration.ofMillis(250));
        assertThat(policy(0.25).delayAfter(1_000, Optional.empty())).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void jittered_waits_stay_within_the_ceiling_and_spread_over_it() {
        // given
        RetryPolicy policy =
                new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(2), new SplittableRandom(42));

        for (int attempt = 1; attempt <= 5; attempt++) {
            // when
            long ceiling = policy.ceilingAfter(attempt).toMillis();
            List<Long> waits = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                waits.add(policy.delayAfter(attempt, Optional.empty()).toMillis());
            }

            // then
            assertThat(waits)
                    .as("attempt %d", attempt)
                    .allSatisfy(w -> assertThat(w).isBetween(0L, ceiling));
            assertThat(waits)
                    .as("attempt %d", attempt)
                    .anySatisfy(w -> assertThat(w).isLessThan(ceiling / 4))
                    .anySatisfy(w -> assertThat(w).isGreaterThan(ceiling * 3 / 4));
            assertThat(waits.stream().mapToLong(Long::longValue).average().orElseThrow())
                    .as("attempt %d", attempt)
                    .isBetween(ceiling * 0.4, ceiling * 0.6);
        }
    }

    @Test
    void takes_the_upstream_hint_as_it_is() {
        // when
        Duration delay = policy(0.25).delayAfter(1, Optional.of(Duration.ofSeconds(20)));

        // then
        assertThat(delay).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void refuses_fewer_than_one_attempt() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
