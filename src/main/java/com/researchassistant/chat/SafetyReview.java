package com.researchassistant.chat;

import java.time.Duration;
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
import java.util.function.LongSupplier;

/** A safety review in progress; {@link #finish} once the answer is complete. */
final class SafetyReview {

    private final long started;
    private final List<SafetyNote> messageNotes;
    private final Optional<FutureTask<SafetyAgent.ModelReview>> modelReview;
    private final SafetyRules rules;
    private final LongSupplier nanoClock;

    SafetyReview(long started, List<SafetyNote> messageNotes, Optional<FutureTask<SafetyAgent.ModelReview>> modelReview,
            SafetyRules rules, LongSupplier nanoClock) {
        this.started = started;
        this.messageNotes = List.copyOf(messageNotes);
        this.modelReview = Objects.requireNonNull(modelReview, "modelReview");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
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
            return result(notes, "", -1, -1, false, "ok", "rules: no model configured");
        }
        FutureTask<SafetyAgent.ModelReview> review = modelReview.get();
        SafetyAgent.ModelReview outcome;
        try {
            outcome = review.get(Math.max(0, grace.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // The model may still be thinking; its answer would come too late to show, so stop it.
            review.cancel(true);
            return result(notes, "", -1, -1, true, "fallback",
                    "rules only: model review not done within " + grace.toMillis() + " ms");
        } catch (ExecutionException e) {
            return result(notes, "", -1, -1, true, "fallback",
                    "rules only: model review crashed (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            review.cancel(true);
            return result(notes, "", -1, -1, true, "fallback", "rules only: interrupted");
        }
        return switch (outcome) {
            case SafetyAgent.Reviewed(List<SafetyNote> modelNotes, var completion) -> {
                notes.addAll(modelNotes);
                boolean fallbackModel = completion.routed().fallbackUsed();
                yield result(notes, completion.routed().model(), completion.usage().promptTokens(),
                        completion.usage().completionTokens(), fallbackModel, fallbackModel ? "fallback" : "ok",
                        (fallbackModel ? "rules and fallback model: " : "rules and model: ")
                                + modelNotes.size() + " model notes");
            }
            case SafetyAgent.Failed(String reason, String model) ->
                    result(notes, model, -1, -1, true, "fallback", "rules only: " + reason);
        };
    }

    /** One note per category: the first one found, raised to the highest severity seen. */
    static List<SafetyNote> deduplicate(List<SafetyNote> notes) {
        Map<String, SafetyNote> byCategory = new LinkedHashMap<>();
        for (SafetyNote note : notes) {
            byCategory.merge(note.category(), note, (kept, next) -> kept.severity().equals("info")
                            && next.severity().equals("warning")
                    ? new SafetyNote(kept.category(), "warning", kept.message())
                    : kept);
        }
        return List.copyOf(byCategory.values());
    }

    private StepResult<List<SafetyNote>> result(List<SafetyNote> notes, String model, int prompt, int generated,
            boolean fallback, String outcome, String detail) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - started);
        return new StepResult<>(deduplicate(notes),
                new TraceStep(SafetyAgent.STEP, millis, model, prompt, generated, fallback, outcome, detail));
    }
}
