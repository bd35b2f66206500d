package com.researchassistant.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.researchassistant.config.LimitsConfig;
import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every {@link IdentityLimits} must do; subclasses build one on {@link #clock}. */
abstract class IdentityLimitsContract {

    static final String ALICE = "alice";
    static final String BOB = "bob";

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));

    /** A fresh set of limits (no earlier messages) reading time from {@link #clock}. */
    protected abstract IdentityLimits limits(LimitsConfig config);

    @Test
    void allows_the_rate_then_refuses_until_the_oldest_message_is_a_minute_old() {
        // given
        IdentityLimits limits = limits(new LimitsConfig(3, 0));
        for (int i = 0; i < 3; i++) {
            limits.acquire(ALICE).close();
            clock.advance(Duration.ofSeconds(1));
        }

        // when
        LimitExceeded refused = catchThrowableOfType(LimitExceeded.class, () -> limits.acquire(ALICE));
        clock.advance(Duration.ofSeconds(20));
        LimitExceeded stillRefused = catchThrowableOfType(LimitExceeded.class, () -> limits.acquire(ALICE));
        clock.advance(Duration.ofSeconds(37));

        // then
        assertThat(refused.kind()).isEqualTo(LimitExceeded.Kind.RATE);
        assertThat(refused.limit()).isEqualTo(3);
        assertThat(refused.retryAfterSeconds()).isEqualTo(57);
        assertThat(stillRefused.retryAfterSeconds()).isEqualTo(37);
        limits.acquire(ALICE).close();
    }

    @Test
    void each_identity_has_its_own_rate() {
        // given
        IdentityLimits limits = limits(new LimitsConfig(1, 0));
        limits.acquire(ALICE).close();

        // when / then
        assertThatThrownBy(() -> limits.acquire(ALICE)).isInstanceOf(LimitExceeded.class);
        limits.acquire(BOB).close();
    }

    @Test
    void caps_answers_in_progress_and_frees_a_slot_when_one_ends() {
        // given
        IdentityLimits limits = limits(new LimitsConfig(0, 2));
        IdentityLimits.Permit first = limits.acquire(ALICE);
        limits.acquire(ALICE);

        // when
        LimitExceeded refused = catchThrowableOfType(LimitExceeded.class, () -> limits.acquire(ALICE));
        first.close();

        // then
        assertThat(refused.kind()).isEqualTo(LimitExceeded.Kind.ANSWERS);
        assertThat(refused.retryAfterSeconds()).isPositive();
        limits.acquire(ALICE);
        limits.acquire(BOB);
    }

    @Test
    void closing_a_permit_twice_frees_one_slot() {
        // given
        IdentityLimits limits = limits(new LimitsConfig(0, 2));
        IdentityLimits.Permit first = limits.acquire(ALICE);
        limits.acquire(ALICE);

        // when
        first.close();
        first.close();
        limits.acquire(ALICE);

        // then
        assertThatThrownBy(() -> limits.acquire(ALICE)).isInstanceOf(LimitExceeded.class);
    }

    @Test
    void a_refused_message_does_not_count_against_the_rate() {
        // given
        IdentityLimits limits = limits(new LimitsConfig(2, 1));
        IdentityLimits.Permit running = limits.acquire(ALICE);
        assertThatThrownBy(() -> limits.acquire(ALICE)).isInstanceOf(LimitExceeded.class);
        running.close();

        // when
        limits.acquire(ALICE).close();

        // then
        LimitExceeded refused = catchThrowableOfType(LimitExceeded.class, () -> limits.acquire(ALICE));
        assertThat(refused.kind()).isEqualTo(LimitExceeded.Kind.RATE);
    }

    @Test
    void zero_means_no_limit() {
        // given
        IdentityLimits limits = limits(new LimitsConfig(0, 0));

        // when / then
        assertThat(IntStream.range(0, 200).mapToObj(i -> limits.acquire(ALICE)).toList())
                .hasSize(200);
    }
}
