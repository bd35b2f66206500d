package com.researchassistant.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.BreakerConfig;
import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final Duration COOLDOWN = Duration.ofSeconds(30);
    private static final Duration HALF_OPEN_WAIT = Duration.ofMillis(2_500);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CircuitBreaker breaker = new CircuitBreaker(new BreakerConfig(2, COOLDOWN, HALF_OPEN_WAIT), clock);

    private void open() {
        breaker.refuse();
        breaker.failure();
        breaker.refuse();
        breaker.failure();
    }

    @Test
    void an_open_circuit_refuses_for_what_is_left_of_the_cooldown() {
        // given
        open();

        // when
        clock.advance(Duration.ofSeconds(10));

        // then
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.refuse()).contains(Duration.ofSeconds(20));
    }

    @Test
    void after_the_cooldown_one_trial_goes_through_and_the_others_are_told_the_half_open_wait() {
        // given
        open();
        clock.advance(COOLDOWN);

        // when
        var trial = breaker.refuse();
        var second = breaker.refuse();
        clock.advance(Duration.ofSeconds(5)); // a slow trial: the wait told stays the configured one
        var third = breaker.refuse();

        // then
        assertThat(trial).isEmpty();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(second).contains(HALF_OPEN_WAIT);
        assertThat(third).contains(HALF_OPEN_WAIT);
    }

    @Test
    void a_failed_trial_opens_the_circuit_for_a_whole_new_cooldown() {
        // given
        open();
        clock.advance(COOLDOWN);
        breaker.refuse();
        clock.advance(Duration.ofSeconds(4));

        // when
        breaker.failure();

        // then
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.refuse()).contains(COOLDOWN);
        assertThat(breaker.timesOpened()).isEqualTo(2);
    }

    @Test
    void a_successful_trial_closes_the_circuit() {
        // given
        open();
        clock.advance(COOLDOWN);
        breaker.refuse();

        // when
        breaker.success();

        // then
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.refuse()).isEmpty();
        assertThat(breaker.refuse()).isEmpty();
    }

    @Test
    void a_released_trial_lets_the_next_call_be_the_trial() {
        // given
        open();
        clock.advance(COOLDOWN);
        breaker.refuse();

        // when
        breaker.release();

        // then
        assertThat(breaker.refuse()).isEmpty();
        assertThat(breaker.refuse()).contains(HALF_OPEN_WAIT);
    }
}
