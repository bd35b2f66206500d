package com.researchassistant.chat;

import com.researchassistant.llm.LlmEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What accumulates while one answer is written: its text, the trace so far, when the first token
 * came, how the model's stream ended and who wrote it. Confined to the thread that answers.
 */
final class AnswerDraft {

    private final List<TraceStep> steps;
    private final StringBuilder text = new StringBuilder();
    private Optional<Duration> firstToken = Optional.empty();
    private Optional<LlmEvent.Finished> finished = Optional.empty();
    private String model = "";
    private ReasoningInput.Origin origin = ReasoningInput.Origin.MODEL;

    /** @param preparation the trace of the steps that ran before the answer started */
    AnswerDraft(List<TraceStep> preparation) {
        this.steps = new ArrayList<>(preparation);
    }

    void record(TraceStep step) {
        steps.add(Objects.requireNonNull(step, "step"));
    }

    /** Adds {@code token}, which came {@code elapsed} after the start of the answer. */
    void append(String token, Duration elapsed) {
        if (firstToken.isEmpty()) {
            firstToken = Optional.of(elapsed);
        }
        text.append(token);
    }

    /** Replaces the text once it is complete: the citation check removes markers that name no source. */
    void revise(String checked) {
        text.setLength(0);
        text.append(Objects.requireNonNull(checked, "checked"));
    }

    void finish(LlmEvent.Finished end) {
        finished = Optional.of(end);
    }

    void writtenBy(String model, ReasoningInput.Origin origin) {
        this.model = Objects.requireNonNull(model, "model");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    List<TraceStep> steps() {
        return List.copyOf(steps);
    }

    String text() {
        return text.toString();
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    int length() {
        return text.length();
    }

    Optional<Duration> firstToken() {
        return firstToken;
    }

    /** How the model's stream ended; empty when it ended without a finish event, or no model wrote. */
    Optional<LlmEvent.Finished> finished() {
        return finished;
    }

    /** The model that wrote the answer, or "" when none did (yet). */
    String model() {
        return model;
    }

    ReasoningInput.Origin origin() {
        return origin;
    }
}
