package com.researchassistant.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.llm.ChatMessage;
import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import com.researchassistant.llm.TaskModels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 6: the safety review that runs beside the answer and never delays it. {@link #start}
 * returns at once: the rule checks of the message are instant, the model review runs on a virtual
 * thread, and {@link SafetyReview#finish} waits for it only as long as the caller allows.
 */
final class SafetyAgent {

    private static final Logger log = LoggerFactory.getLogger(SafetyAgent.class);

    static final String STEP = "safety";

    private static final String SYSTEM_PROMPT = """
            You review a user's message to a research assistant for safety concerns. Categories:
            medical, legal, financial, personal_data, unsafe_instructions. Severity: info or warning.
            Notes are caveats shown beside the answer; never refuse. Reply with JSON only:
            {"notes":[{"category":"<category>","severity":"<severity>","message":"<one sentence>"}]}
            Reply {"notes":[]} when nothing needs a caveat.""";

    /** Model notes longer than this are cut: they are shown beside the answer, not instead of it. */
    private static final int MAX_NOTE_CHARS = 300;

    /** What the model review produced. */
    sealed interface ModelReview permits Reviewed, Failed {}

    record Reviewed(List<SafetyNote> notes, TaskModels.Completion completion) implements ModelReview {
        Reviewed {
            notes = List.copyOf(notes);
        }
    }

    /** @param model the model that answered invalidly, or "" when none answered */
    record Failed(String reason, String model) implements ModelReview {}

    private final TaskModels models;
    private final Duration timeout;
    private final Clock clock;
    private final SafetyRules rules = new SafetyRules();

    SafetyAgent(TaskModels models, Duration timeout, Clock clock) {
        this.models = Objects.requireNonNull(models, "models");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts reviewing {@code message}; returns at once. */
    SafetyReview start(String message) {
        Objects.requireNonNull(message, "message");
        Instant started = clock.instant();
        List<SafetyNote> messageNotes = rules.check(message);
        if (!models.available()) {
            return new SafetyReview(started, messageNotes, Optional.empty(), rules, clock);
        }
        FutureTask<ModelReview> review = new FutureTask<>(() -> review(message));
        Thread.ofVirtual().name("safety-review").start(review);
        return new SafetyReview(started, messageNotes, Optional.of(review), rules, clock);
    }

    private ModelReview review(String message) {
        TaskModels.Completion completion;
        try {
            completion = models.complete(
                    Task.SAFETY, List.of(ChatMessage.system(SYSTEM_PROMPT), ChatMessage.user(message)), timeout);
        } catch (LlmException e) {
            log.warn("safety: model review failed ({}, status {}); rules only", e.kind(), e.status());
            return new Failed("model failed (" + e.kind() + ")", "");
        }
        Optional<JsonNode> json = ModelReply.firstObject(completion.text());
        JsonNode notes = json.map(j -> j.path("notes")).orElse(null);
        if (notes == null || !notes.isArray()) {
            log.warn(
                    "safety: model {} replied without a notes array; rules only",
                    completion.routed().model());
            return new Failed("model reply invalid", completion.routed().model());
        }
        List<SafetyNote> valid = new ArrayList<>();
        for (JsonNode note : notes) {
            note(note).ifPresent(valid::add);
        }
        if (valid.size() < notes.size()) {
            return new Failed(
                    "model reply had invalid notes", completion.routed().model());
        }
        return new Reviewed(valid, completion);
    }

    private static Optional<SafetyNote> note(JsonNode node) {
        String category = node.path("category").asText("").strip().toLowerCase(Locale.ROOT);
        String severity = node.path("severity").asText("").strip().toLowerCase(Locale.ROOT);
        String message = node.path("message").asText("").strip();
        if (!SafetyRules.CATEGORIES.contains(category)
                || !(severity.equals("info") || severity.equals("warning"))
                || message.isEmpty()) {
            return Optional.empty();
        }
        if (message.length() > MAX_NOTE_CHARS) {
            message = message.substring(0, MAX_NOTE_CHARS - 1).stripTrailing() + "…";
        }
        return Optional.of(new SafetyNote(category, severity, message));
    }
}
