package com.researchassistant.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(2));

    @Test
    void doubles_the_backoff_up_to_the_cap() {
        // when / then
        assertThat(policy.delayAfter(1, Optional.empty())).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.delayAfter(2, Optional.empty())).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delayAfter(3, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(4, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(5, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(1_000, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void takes_the_upstream_hint_over_the_backoff() {
        // when
        Duration delay = policy.delayAfter(1, Optional.of(Duration.ofSeconds(20)));

        // then
        assertThat(delay).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void refuses_fewer_than_one_attempt() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
