package com.researchassistant.chat;

import com.researchassistant.chat.TraceStep.Outcome;
import com.researchassistant.llm.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A safety review in progress; {@link #finish} once the answer is complete. */
final class SafetyReview {

    private final Instant started;
    private final List<SafetyNote> messageNotes;
    private final Optional<FutureTask<SafetyAgent.ModelReview>> modelReview;
    private final SafetyRules rules;
    private final Clock clock;

    SafetyReview(
            Instant started,
            List<SafetyNote> messageNotes,
            Optional<FutureTask<SafetyAgent.ModelReview>> modelReview,
            SafetyRules rules,
            Clock clock) {
        this.started = Objects.requireNonNull(started, "started");
        this.messageNotes = List.copyOf(messageNotes);
        this.modelReview = Objects.requireNonNull(modelReview, "modelReview");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** When the review started, with the answer. */
    Instant started() {
        return started;
    }

    /**
     * Adds the rule checks of {@code answer} and waits at most {@code grace} for the model review.
     * Never throws for model trouble: without the model's notes the rule notes stand alone.
     */
    StepResult<List<SafetyNote>> finish(String answer, Duration grace) {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(grace, "grace");
        List<SafetyNote> notes = new ArrayList<>(messageNotes);
        notes.addAll(rules.check(answer));
        if (modelReview.isEmpty()) {
            return result(notes, withoutModel(Outcome.OK, "rules: no model configured"));
        }
        FutureTask<SafetyAgent.ModelReview> review = modelReview.get();
        SafetyAgent.ModelReview reviewed;
        try {
            reviewed = review.get(Math.max(0, grace.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // The model may still be thinking; its answer would come too late to show, so stop it.
            review.cancel(true);
            return result(
                    notes,
                    withoutModel(
                            Outcome.FALLBACK, "rules only: model review not done within " + grace.toMillis() + " ms"));
        } catch (ExecutionException e) {
            return result(
                    notes,
                    withoutModel(
                            Outcome.FALLBACK,
                            "rules only: model review crashed ("
                                    + e.getCause().getClass().getSimpleName() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            review.cancel(true);
            return result(notes, withoutModel(Outcome.FALLBACK, "rules only: interrupted"));
        }
        return switch (reviewed) {
            case SafetyAgent.Reviewed(List<SafetyNote> modelNotes, var completion) -> {
                notes.addAll(modelNotes);
                boolean fallbackModel = completion.routed().fallbackUsed();
                yield result(
                        notes,
                        withModel(
                                completion.routed().model(),
                                completion.usage(),
                                fallbackModel ? Outcome.FALLBACK : Outcome.OK,
                                (fallbackModel ? "rules and fallback model: " : "rules and model: ") + modelNotes.size()
                                        + " model notes"));
            }
            case SafetyAgent.Failed(String reason, String model) ->
                result(notes, withModel(model, Usage.UNKNOWN, Outcome.FALLBACK, "rules only: " + reason));
        };
    }

    /** One note per category: the first one found, raised to the highest severity seen. */
    static List<SafetyNote> deduplicate(List<SafetyNote> notes) {
        Map<String, SafetyNote> byCategory = new LinkedHashMap<>();
        for (SafetyNote note : notes) {
            byCategory.merge(
                    note.category(),
                    note,
                    (kept, next) ->
                            kept.severity().equals("info") && next.severity().equals("warning")
                                    ? new SafetyNote(kept.category(), "warning", kept.message())
                                    : kept);
        }
        return List.copyOf(byCategory.values());
    }

    private static StepResult<List<SafetyNote>> result(List<SafetyNote> notes, TraceStep trace) {
        return new StepResult<>(deduplicate(notes), trace);
    }

    private TraceStep withoutModel(Outcome outcome, String detail) {
        return TraceStep.withoutModel(SafetyAgent.STEP, Duration.between(started, clock.instant()), outcome, detail);
    }

    private TraceStep withModel(String model, Usage usage, Outcome outcome, String detail) {
        return TraceStep.withModel(
                SafetyAgent.STEP, Duration.between(started, clock.instant()), model, usage, outcome, detail);
    }
}
