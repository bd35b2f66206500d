package com.researchassistant.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.researchassistant.config.BreakerConfig;
import com.researchassistant.config.RoutingConfig;
import com.researchassistant.config.TaskModelConfig;
import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RoutedTaskModelsTest {

    private static final List<ChatMessage> PROMPT = List.of(ChatMessage.user("hi"));
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Per model: a queue of outcomes (text answers or failures); an empty queue answers "ok". */
    private static final class ScriptedLlm implements LlmClient {
        final Map<String, Deque<Object>> scripts = new ConcurrentHashMap<>();
        final List<LlmRequest> calls = new CopyOnWriteArrayList<>();

        ScriptedLlm then(String model, Object outcome) {
            scripts.computeIfAbsent(model, m -> new ArrayDeque<>()).add(outcome);
            return this;
        }

        private Object next(LlmRequest request) {
            calls.add(request);
            Deque<Object> queue = scripts.get(request.model());
            Object outcome = queue == null || queue.isEmpty() ? "ok" : queue.poll();
            if (outcome instanceof RuntimeException e) {
                throw e;
            }
            return outcome;
        }

        @Override
        public void stream(LlmRequest request, Consumer<LlmEvent> sink) {
            Object outcome = next(request);
            if (outcome instanceof TokenThenFail(String token, LlmException failure)) {
                sink.accept(new LlmEvent.Token(token));
                throw failure;
            }
            sink.accept(new LlmEvent.Token((String) outcome));
            sink.accept(new LlmEvent.Finished("stop", Usage.UNKNOWN));
        }

        @Override
        public LlmResponse complete(LlmRequest request) {
            return new LlmResponse((String) next(request), "stop", Usage.UNKNOWN);
        }
    }

    private record TokenThenFail(String token, LlmException failure) {}

    private final ScriptedLlm llm = new ScriptedLlm();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private RoutedTaskModels models(Optional<String> fallback) {
        TaskModelConfig synth = new TaskModelConfig("big", fallback, 0.3, 1000);
        RoutingConfig config = new RoutingConfig(
                new TaskModelConfig("small", Optional.empty(), 0.0, 40),
                new TaskModelConfig("small", Optional.empty(), 0.1, 300),
                synth,
                new TaskModelConfig("guard", Optional.empty(), 0.0, 200),
                new BreakerConfig(2, Duration.ofSeconds(30), Duration.ofSeconds(1)),
                TIMEOUT,
                TIMEOUT,
                TIMEOUT);
        return new RoutedTaskModels(llm, config, true, clock);
    }

    private static LlmException unavailable() {
        return new LlmException.Retryable(LlmException.Kind.UNAVAILABLE, 503, "loading", null, null);
    }

    @Test
    void each_task_uses_its_own_model_and_parameters() {
        RoutedTaskModels models = models(Optional.empty());

        models.complete(Task.CLASSIFY, PROMPT, TIMEOUT);
        models.complete(Task.SAFETY, PROMPT, TIMEOUT);
        models.stream(Task.SYNTHESIZE, PROMPT, 800, TIMEOUT, e -> {});

        assertThat(llm.calls).extracting(LlmRequest::model).containsExactly("small", "guard", "big");
        assertThat(llm.calls).extracting(LlmRequest::maxTokens).containsExactly(40, 200, 800);
        assertThat(llm.calls.get(2).temperature()).isEqualTo(0.3);
    }

    @Test
    void falls_back_to_the_tasks_fallback_model_when_its_model_fails() {
        // given
        llm.then("big", unavailable());
        List<String> tokens = new ArrayList<>();

        // when
        TaskModels.Routed routed = models(Optional.of("spare")).stream(
                Task.SYNTHESIZE, PROMPT, 100, TIMEOUT, e -> tokens.add(e.toString()));

        // then
        assertThat(routed).isEqualTo(new TaskModels.Routed("spare", true));
        assertThat(llm.calls).extracting(LlmRequest::model).containsExactly("big", "spare");
    }

    @Test
    void the_circuit_opens_after_consecutive_failures_and_skips_the_model_until_the_cooldown_ends() {
        // given: two failures open the circuit of "big"
        RoutedTaskModels models = models(Optional.of("spare"));
        llm.then("big", unavailable()).then("big", unavailable());
        models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT);
        models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT);
        llm.calls.clear();

        // when: while open, "big" is not called at all
        TaskModels.Completion skipped = models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT);
        clock.advance(Duration.ofSeconds(31));
        TaskModels.Completion trial = models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT);

        // then
        assertThat(skipped.routed()).isEqualTo(new TaskModels.Routed("spare", true));
        assertThat(trial.routed()).isEqualTo(new TaskModels.Routed("big", false));
        assertThat(llm.calls).extracting(LlmRequest::model).containsExactly("spare", "big");
        assertThat(models.circuitOpenings()).containsEntry("big", 1L);
    }

    @Test
    void an_open_circuit_without_fallback_fails_fast_as_unavailable_with_the_time_left() {
        RoutedTaskModels models = models(Optional.empty());
        llm.then("big", unavailable()).then("big", unavailable());
        assertThatThrownBy(() -> models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT))
                .isInstanceOf(LlmException.class);
        assertThatThrownBy(() -> models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT))
                .isInstanceOf(LlmException.class);
        llm.calls.clear();

        LlmException refused =
                catchThrowableOfType(LlmException.class, () -> models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT));

        assertThat(refused.kind()).isEqualTo(LlmException.Kind.UNAVAILABLE);
        assertThat(refused.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
        assertThat(llm.calls).isEmpty();
    }

    @Test
    void a_failed_half_open_trial_opens_the_circuit_again() {
        RoutedTaskModels models = models(Optional.empty());
        llm.then("big", unavailable()).then("big", unavailable()).then("big", unavailable());
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT));
        }
        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT));
        llm.calls.clear();

        assertThatThrownBy(() -> models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT))
                .isInstanceOf(LlmException.class);

        assertThat(llm.calls).isEmpty();
        assertThat(models.circuitOpenings()).containsEntry("big", 2L);
    }

    @Test
    void our_own_bad_requests_do_not_trip_the_breaker() {
        RoutedTaskModels models = models(Optional.empty());
        for (int i = 0; i < 5; i++) {
            llm.then("big", new LlmException.NonRetryable(LlmException.Kind.BAD_REQUEST, 422, "template", null));
            assertThatThrownBy(() -> models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT));
        }

        assertThat(models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT).text()).isEqualTo("ok");
        assertThat(models.circuitOpenings()).containsEntry("big", 0L);
    }

    @Test
    void never_falls_back_once_a_token_reached_the_client() {
        llm.then("big", new TokenThenFail("Half", unavailable()));

        assertThatThrownBy(() -> models(Optional.of("spare")).stream(Task.SYNTHESIZE, PROMPT, 100, TIMEOUT, e -> {}))
                .isInstanceOf(LlmException.class);

        assertThat(llm.calls).extracting(LlmRequest::model).containsExactly("big");
    }

    @Test
    void a_client_leaving_propagates_unchanged_and_says_nothing_about_the_model() {
        // given
        RoutedTaskModels models = models(Optional.of("spare"));
        IllegalStateException gone = new IllegalStateException("client left");

        // when
        for (int i = 0; i < 3; i++) {
            Throwable thrown = catchThrowableOfType(
                    IllegalStateException.class,
                    () -> models.stream(Task.SYNTHESIZE, PROMPT, 100, TIMEOUT, e -> {
                        throw gone;
                    }));
            assertThat(thrown).isSameAs(gone);
        }

        // then
        assertThat(models.circuitOpenings()).containsEntry("big", 0L);
        assertThat(llm.calls).extracting(LlmRequest::model).containsOnly("big");
    }

    @Test
    void a_trial_call_that_crashes_frees_the_half_open_circuit_for_the_next_trial() {
        // given: the circuit of "big" is open, then half-open after the cooldown
        RoutedTaskModels models = models(Optional.empty());
        llm.then("big", unavailable()).then("big", unavailable());
        for (int i = 0; i < 2; i++) {
            catchThrowableOfType(LlmException.class, () -> models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT));
        }
        clock.advance(Duration.ofSeconds(31));
        llm.then("big", new IllegalStateException("a bug in the client"));

        // when: the trial crashes with something that is not a model failure
        Throwable crash = catchThrowableOfType(
                IllegalStateException.class, () -> models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT));
        TaskModels.Completion next = models.complete(Task.SYNTHESIZE, PROMPT, TIMEOUT);

        // then the next call is the new trial instead of being refused for a trial that never ends
        assertThat(crash).hasMessage("a bug in the client");
        assertThat(next.routed()).isEqualTo(new TaskModels.Routed("big", false));
    }

    @Test
    void without_a_model_every_call_fails_as_not_configured_and_nothing_is_sent() {
        RoutingConfig config = new RoutingConfig(
                new TaskModelConfig("m", Optional.empty(), 0, 1),
                new TaskModelConfig("m", Optional.empty(), 0, 1),
                new TaskModelConfig("m", Optional.empty(), 0, 1),
                new TaskModelConfig("m", Optional.empty(), 0, 1),
                new BreakerConfig(1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                TIMEOUT,
                TIMEOUT,
                TIMEOUT);
        RoutedTaskModels models = new RoutedTaskModels(llm, config, false, clock);

        LlmException failure =
                catchThrowableOfType(LlmException.class, () -> models.complete(Task.CLASSIFY, PROMPT, TIMEOUT));

        assertThat(models.available()).isFalse();
        assertThat(failure.kind()).isEqualTo(LlmException.Kind.NOT_CONFIGURED);
        assertThat(llm.calls).isEmpty();
    }
}
