package com.researchassistant.llm;

import com.researchassistant.config.RoutingConfig;
import com.researchassistant.config.TaskModelConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each task to its configured model, and to the task's fallback model when the first one
 * fails or its circuit is open. One circuit breaker per model id, shared by every task using it.
 * Streams fall back only before their first token; a sink that throws (the client left) says
 * nothing about the model and never trips a breaker.
 */
public final class RoutedTaskModels implements TaskModels {

    private static final Logger log = LoggerFactory.getLogger(RoutedTaskModels.class);

    private final LlmClient llm;
    private final RoutingConfig config;
    private final boolean available;
    private final Clock clock;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public RoutedTaskModels(LlmClient llm, RoutingConfig config, boolean available, Clock clock) {
        this.llm = llm;
        this.config = config;
        this.available = available;
        this.clock = clock;
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public Completion complete(Task task, List<ChatMessage> messages, Duration timeout) {
        TaskModelConfig taskConfig = taskConfig(task);
        return route(
                task,
                taskConfig,
                (model, fallback) -> {
                    LlmResponse r = llm.complete(
                            new LlmRequest(model, messages, taskConfig.maxTokens(), taskConfig.temperature(), timeout));
                    return new Completion(r.text(), new Routed(model, fallback), r.usage());
                },
                () -> false);
    }

    @Override
    public Routed stream(
            Task task, List<ChatMessage> messages, int maxTokens, Duration timeout, Consumer<LlmEvent> sink) {
        TaskModelConfig taskConfig = taskConfig(task);
        AtomicBoolean streamed = new AtomicBoolean();
        return route(
                task,
                taskConfig,
                (model, fallback) -> {
                    llm.stream(new LlmRequest(model, messages, maxTokens, taskConfig.temperature(), timeout), event -> {
                        if (event instanceof LlmEvent.Token) {
                            streamed.set(true);
                        }
                        try {
                            sink.accept(event);
                        } catch (RuntimeException e) {
                            throw new SinkFailed(e);
                        }
                    });
                    return new Routed(model, fallback);
                },
                streamed::get);
    }

    /** One call to one model. */
    private interface Attempt<T> {
        T call(String model, boolean fallback);
    }

    /** Wraps what the caller's sink threw, so it is told apart from the model's failures. */
    private static final class SinkFailed extends RuntimeException {
        SinkFailed(RuntimeException cause) {
            super(cause);
        }
    }

    private <T> T route(Task task, TaskModelConfig taskConfig, Attempt<T> attempt, BooleanSupplier committed) {
        if (!available) {
            throw new LlmException.NonRetryable(LlmException.Kind.NOT_CONFIGURED, 0, "no model is configured", null);
        }
        List<String> models = new ArrayList<>(List.of(taskConfig.model()));
        taskConfig.fallbackModel().filter(f -> !f.equals(taskConfig.model())).ifPresent(models::add);
        LlmException last = null;
        for (int i = 0; i < models.size(); i++) {
            String model = models.get(i);
            CircuitBreaker breaker = breaker(model);
            Optional<Duration> refused = breaker.refuse();
            if (refused.isPresent()) {
                log.info("task {}: circuit of model {} is open; skipping it", task, model);
                last = new LlmException.Retryable(
                        LlmException.Kind.UNAVAILABLE,
                        0,
                        "the model is failing and is paused for a moment",
                        refused.get(),
                        last);
                continue;
            }
            try {
                T result = attempt.call(model, i > 0);
                breaker.success();
                return result;
            } catch (SinkFailed e) {
                breaker.release();
                throw (RuntimeException) e.getCause();
            } catch (LlmException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // The web layer interrupts an answer whose client left: nothing to learn about the model.
                    breaker.release();
                    throw e;
                }
                recordFailure(breaker, e);
                last = e;
                if (committed.getAsBoolean()) {
                    throw e;
                }
                log.info(
                        "task {}: model {} failed ({}); {}",
                        task,
                        model,
                        e.kind(),
                        i + 1 < models.size() ? "trying the fallback" : "no fallback left");
            } catch (RuntimeException e) {
                // a bug of ours says nothing about the model, but must not hold a half-open trial forever
                breaker.release();
                throw e;
            }
        }
        throw last;
    }

    /** Failures of our own request or of the account say nothing about the model's health. */
    private static void recordFailure(CircuitBreaker breaker, LlmException e) {
        switch (e.kind()) {
            case BAD_REQUEST, AUTH, PAYMENT_REQUIRED, NOT_CONFIGURED -> breaker.release();
            case MODEL_NOT_FOUND, RATE_LIMITED, UNAVAILABLE, UPSTREAM_ERROR, TIMEOUT, NETWORK, PROTOCOL ->
                breaker.failure();
        }
    }

    private CircuitBreaker breaker(String model) {
        return breakers.computeIfAbsent(model, m -> new CircuitBreaker(config.breaker(), clock));
    }

    /** How many times each model's circuit opened, for metrics. */
    public Map<String, Long> circuitOpenings() {
        Map<String, Long> counts = new TreeMap<>();
        breakers.forEach((model, breaker) -> counts.put(model, breaker.timesOpened()));
        return counts;
    }

    private TaskModelConfig taskConfig(Task task) {
        return switch (task) {
            case CLASSIFY -> config.classify();
            case SUMMARIZE -> config.summarize();
            case SYNTHESIZE -> config.synthesize();
            case SAFETY -> config.safety();
        };
    }
}
