package com.researchassistant.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StopSwitchTest {

    private final StopSwitch stop = new StopSwitch();
    private final AtomicInteger asked = new AtomicInteger();

    @Test
    void stop_between_calls_does_nothing_to_the_next_call() {
        // given
        stop.stop();

        // when
        String result = stop.run(asked::incrementAndGet, () -> "done");

        // then
        assertThat(result).isEqualTo("done");
        assertThat(asked).hasValue(0);
    }

    @Test
    void a_call_asked_to_end_that_then_fails_throws_stopped() {
        // when / then
        assertThatThrownBy(() -> stop.run(asked::incrementAndGet, () -> {
                    stop.stop();
                    throw new IllegalStateException("terminated");
                }))
                .isInstanceOf(EmbeddingStopped.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(asked).hasValue(1);
    }

    @Test
    void a_call_asked_to_end_once_only_however_often_stop_is_called() {
        // when
        String result = stop.run(asked::incrementAndGet, () -> {
            stop.stop();
            stop.stop();
            return "finished anyway";
        });

        // then: a call that finishes anyway keeps its result
        assertThat(result).isEqualTo("finished anyway");
        assertThat(asked).hasValue(1);
    }

    @Test
    void a_failure_without_a_stop_is_thrown_as_it_is() {
        assertThatThrownBy(() -> stop.run(asked::incrementAndGet, () -> {
                    throw new IllegalArgumentException("bad text");
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad text");
    }

    @Test
    void one_call_at_a_time() {
        assertThatThrownBy(() -> stop.run(asked::incrementAndGet, () -> stop.run(asked::incrementAndGet, () -> "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running");
    }
}
