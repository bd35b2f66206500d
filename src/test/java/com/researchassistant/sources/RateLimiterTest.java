package com.researchassistant.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void a_burst_goes_at_once_then_calls_are_spaced_by_the_interval() {
        // given
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(1), 2, clock);

        // when
        var first = limiter.reserve(Duration.ofMinutes(1));
        var second = limiter.reserve(Duration.ofMinutes(1));
        var third = limiter.reserve(Duration.ofMinutes(1));
        var fourth = limiter.reserve(Duration.ofMinutes(1));

        // then
        assertThat(first).contains(Duration.ZERO);
        assertThat(second).contains(Duration.ZERO);
        assertThat(third).contains(Duration.ofSeconds(1));
        assertThat(fourth).contains(Duration.ofSeconds(2));
    }

    @Test
    void arxiv_pace_allows_one_call_every_three_seconds() {
        // given
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(3), 1, clock);
        limiter.reserve(Duration.ZERO);

        // when
        clock.advance(Duration.ofSeconds(1));
        var early = limiter.reserve(Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(10));
        var later = limiter.reserve(Duration.ofMinutes(1));

        // then
        assertThat(early).contains(Duration.ofSeconds(2));
        assertThat(later).contains(Duration.ZERO);
    }

    @Test
    void a_wait_longer_than_the_caller_allows_reserves_nothing() {
        // given
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(3), 1, clock);
        limiter.reserve(Duration.ZERO);

        // when
        var refused = limiter.reserve(Duration.ofSeconds(1));
        var accepted = limiter.reserve(Duration.ofSeconds(5));

        // then: the refused caller took no turn, so the next one waits only the one interval
        assertThat(refused).isEmpty();
        assertThat(accepted).contains(Duration.ofSeconds(3));
    }

    @Test
    void idle_time_saves_up_no_more_than_the_burst() {
        // given
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(1), 3, clock);
        for (int i = 0; i < 3; i++) {
            limiter.reserve(Duration.ZERO);
        }

        // when
        clock.advance(Duration.ofHours(1));

        // then
        assertThat(limiter.reserve(Duration.ZERO)).contains(Duration.ZERO);
        assertThat(limiter.reserve(Duration.ZERO)).contains(Duration.ZERO);
        assertThat(limiter.reserve(Duration.ZERO)).contains(Duration.ZERO);
        assertThat(limiter.reserve(Duration.ZERO)).isEmpty();
        assertThat(limiter.nextWait()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a_hold_off_after_a_429_closes_the_bucket_for_every_caller() {
        // given
        RateLimiter limiter = RateLimiter.perSecond(5, 2, clock);

        // when
        limiter.holdOff(Duration.ofSeconds(30));

        // then
        assertThat(limiter.reserve(Duration.ofSeconds(10))).isEmpty();
        assertThat(limiter.nextWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(limiter.reserve(Duration.ofMinutes(1))).contains(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.reserve(Duration.ofMinutes(1))).contains(Duration.ofMillis(200));
    }
}
