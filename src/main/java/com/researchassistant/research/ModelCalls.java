package com.researchassistant.research;

import com.researchassistant.llm.ChatMessage;
import com.researchassistant.llm.LlmEvent;
import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import com.researchassistant.llm.TaskModels;
import com.researchassistant.llm.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The model calls of a research job, each granted by the job's {@link Meter} first and given the
 * time the job has left. Streams, so that sections reach the reader as they are written.
 */
final class ModelCalls {

    /** How a call went. */
    sealed interface Reply permits Answered, Skipped, Failed {}

    record Answered(String text, String model, Usage usage, boolean fallbackUsed, Duration took) implements Reply {}

    /** Not made: no model is configured, or the budget would not allow it ({@code limit} then says which). */
    record Skipped(String why, Meter.Limit limit) implements Reply {}

    /** Made, and failed; {@code partial} is what it wrote before failing. */
    record Failed(String why, String partial, Duration took) implements Reply {}

    private final TaskModels models;
    private final Clock clock;

    ModelCalls(TaskModels models, Clock clock) {
        this.models = Objects.requireNonNull(models, "models");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Calls the model with {@code prompt} for at most {@code wanted} tokens, handing each piece of
     * text to {@code tokens} as it comes.
     *
     * @throws InterruptedException when the job is being stopped
     */
    Reply call(Meter meter, List<ChatMessage> prompt, int wanted, Consumer<String> tokens) throws InterruptedException {
        if (!models.available()) {
            return new Skipped("no model is configured", null);
        }
        return switch (meter.modelCall(prompt, wanted)) {
            case Meter.Denied denied -> new Skipped(Meter.describe(denied.limit()) + " was spent", denied.limit());
            case Meter.Grant grant -> call(meter, grant, prompt, tokens);
        };
    }

    private Reply call(Meter meter, Meter.Grant grant, List<ChatMessage> prompt, Consumer<String> tokens)
            throws InterruptedException {
        Instant start = clock.instant();
        StringBuilder text = new StringBuilder();
        Usage[] usage = {Usage.UNKNOWN};
        try {
            TaskModels.Routed routed =
                    models.stream(Task.SYNTHESIZE, prompt, grant.completionTokens(), meter.remaining(), event -> {
                        switch (event) {
                            case LlmEvent.Token token -> {
                                text.append(token.text());
                                tokens.accept(token.text());
                            }
                            case LlmEvent.Finished finished -> usage[0] = finished.usage();
                        }
                    });
            return new Answered(text.toString(), routed.model(), usage[0], routed.fallbackUsed(), since(start));
        } catch (LlmException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("stopped during a model call");
            }
            return new Failed(
                    "the model failed (" + e.kind().name().toLowerCase(Locale.ROOT) + ")",
                    text.toString(),
                    since(start));
        } finally {
            meter.settle(grant, usage[0], text.toString());
        }
    }

    private Duration since(Instant start) {
        Duration took = Duration.between(start, clock.instant());
        return took.isNegative() ? Duration.ZERO : took;
    }
}
