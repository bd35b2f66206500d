package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ForegroundTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void is_busy_while_any_activity_runs_and_closing_twice_counts_once() {
        // given
        Foreground foreground = new Foreground(clock);
        Foreground.Activity first = foreground.begin();
        Foreground.Activity second = foreground.begin();

        // when
        first.close();
        first.close();

        // then
        assertThat(foreground.busy()).isTrue();
        second.close();
        assertThat(foreground.busy()).isFalse();
    }

    @Test
    void a_wait_for_idle_ends_when_the_last_activity_ends() throws Exception {
        // given
        Foreground foreground = new Foreground(clock);
        Foreground.Activity searching = foreground.begin();
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(
                () -> foreground.awaitIdle(Duration.ofSeconds(30)),
                runnable -> Thread.ofVirtual().start(runnable));

        // when
        searching.close();

        // then
        assertThat(waited.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(foreground.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void counts_as_active_for_a_while_after_the_last_activity_ends() {
        // given
        Foreground foreground = new Foreground(clock);
        foreground.begin().close();

        // when
        clock.advance(Duration.ofMillis(1500));
        boolean soonAfter = foreground.activeWithin(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(1));
        boolean later = foreground.activeWithin(Duration.ofSeconds(2));

        // then
        assertThat(soonAfter).isTrue();
        assertThat(later).isFalse();
        assertThat(new Foreground(clock).activeWithin(Duration.ofSeconds(2))).isFalse();
    }

    @Test
    void a_wait_for_idle_gives_up_after_its_limit_while_work_goes_on() {
        // given
        Foreground foreground = new Foreground(clock);

        Foreground.Activity answering = foreground.begin();

        // when
        boolean idle = foreground.awaitIdle(Duration.ofMillis(1));

        // then
        assertThat(idle).isFalse();
        answering.close();
    }
}
