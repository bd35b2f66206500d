package com.researchassistant.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.researchassistant.chat.TraceStep.Outcome;
import com.researchassistant.llm.ChatMessage;
import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import com.researchassistant.llm.TaskModels;
import com.researchassistant.llm.Usage;
import com.researchassistant.text.Sentences;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 2 (the summary part): folds the turns older than the verbatim window into a running
 * summary. The SUMMARIZE model writes it when one is configured; model summaries are cached per
 * session and last folded turn, so the next message of the same session does not pay for it again.
 * Without a model, or when it fails, the summary is extractive: the first sentence of each turn.
 */
final class ContextAgent {

    private static final Logger log = LoggerFactory.getLogger(ContextAgent.class);

    static final String STEP = "context";

    /** Roughly six characters per English word, spaces included. */
    private static final int CHARS_PER_WORD = 6;

    private record Key(String sessionId, String lastTurnId, int maxChars) {}

    private record Summary(String text, String model) {}

    private final TaskModels models;
    private final Duration timeout;
    private final int maxTranscriptChars;
    private final Clock clock;
    private final Cache<Key, Summary> cache;

    /**
     * @param maxTranscriptChars the most characters of older turns sent to the model; the newest win
     * @param cacheSize how many session summaries to keep
     */
    ContextAgent(TaskModels models, Duration timeout, int maxTranscriptChars, int cacheSize, Clock clock) {
        this.models = Objects.requireNonNull(models, "models");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxTranscriptChars < 1 || cacheSize < 1) {
            throw new IllegalArgumentException(
                    "maxTranscriptChars and cacheSize must be positive: " + maxTranscriptChars + ", " + cacheSize);
        }
        this.maxTranscriptChars = maxTranscriptChars;
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    StepResult<String> summarize(String sessionId, List<Turn> olderTurns, int maxChars) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        Instant started = clock.instant();
        List<Turn> turns =
                olderTurns.stream().filter(ContextAgent::conversational).toList();
        if (turns.isEmpty()) {
            return new StepResult<>("", withoutModel(started, Outcome.SKIPPED, "no older turns"));
        }
        if (!models.available()) {
            return new StepResult<>(
                    extract(turns, maxChars), withoutModel(started, Outcome.OK, "extractive: no model configured"));
        }
        Key key = new Key(sessionId, turns.getLast().id(), maxChars);
        Summary cached = cache.getIfPresent(key);
        if (cached != null) {
            return new StepResult<>(
                    cached.text(), withModel(started, cached.model(), Usage.UNKNOWN, Outcome.OK, "cached summary"));
        }
        try {
            TaskModels.Completion completion = models.complete(Task.SUMMARIZE, prompt(turns, maxChars), timeout);
            String text = truncate(completion.text().strip(), maxChars);
            String model = completion.routed().model();
            if (text.isEmpty()) {
                return new StepResult<>(
                        extract(turns, maxChars),
                        withModel(
                                started,
                                model,
                                completion.usage(),
                                Outcome.FALLBACK,
                                "extractive: model summary was empty"));
            }
            cache.put(key, new Summary(text, model));
            boolean fallbackModel = completion.routed().fallbackUsed();
            return new StepResult<>(
                    text,
                    withModel(
                            started,
                            model,
                            completion.usage(),
                            fallbackModel ? Outcome.FALLBACK : Outcome.OK,
                            fallbackModel
                                    ? "fallback model summarised " + turns.size() + " turns"
                                    : "summarised " + turns.size() + " turns"));
        } catch (LlmException e) {
            log.warn("context: model failed ({}, status {}); extractive summary", e.kind(), e.status());
            return new StepResult<>(
                    extract(turns, maxChars),
                    withoutModel(started, Outcome.FALLBACK, "extractive: model failed (" + e.kind() + ")"));
        }
    }

    /** Server notices ("no model configured") are not part of the conversation. */
    private static boolean conversational(Turn turn) {
        return turn.body().status() != NewTurn.Status.NOTICE;
    }

    private List<ChatMessage> prompt(List<Turn> turns, int maxChars) {
        int words = Math.max(1, maxChars / CHARS_PER_WORD);
        String system = "Summarise the conversation so far in at most " + words + " words. Keep facts, names,"
                + " numbers and open questions. Reply with the summary only.";
        StringBuilder transcript = new StringBuilder();
        for (Turn turn : turns.reversed()) {
            String line = speaker(turn) + ": " + turn.body().content().strip() + "\n";
            if (transcript.length() + line.length() > maxTranscriptChars) {
                break;
            }
            transcript.insert(0, line);
        }
        if (transcript.isEmpty()) {
            String newest = speaker(turns.getLast()) + ": "
                    + turns.getLast().body().content().strip();
            transcript.append(truncate(newest, maxTranscriptChars));
        }
        return List.of(ChatMessage.system(system), ChatMessage.user(transcript.toString()));
    }

    /** The first sentence of each turn, oldest first, as many as fit in {@code maxChars}. */
    static String extract(List<Turn> turns, int maxChars) {
        StringBuilder summary = new StringBuilder();
        for (Turn turn : turns) {
            String line = speaker(turn) + ": " + Sentences.first(turn.body().content());
            int needed = summary.isEmpty() ? line.length() : line.length() + 1;
            if (summary.length() + needed > maxChars) {
                if (summary.isEmpty()) {
                    summary.append(truncate(line, maxChars));
                }
                break;
            }
            summary.append(summary.isEmpty() ? "" : "\n").append(line);
        }
        return summary.toString();
    }

    private static String speaker(Turn turn) {
        return turn.body().role() == NewTurn.Role.USER ? "User" : "Assistant";
    }

    private static String truncate(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        if (maxChars == 1) {
            return "…";
        }
        return text.substring(0, maxChars - 1).stripTrailing() + "…";
    }

    private TraceStep withoutModel(Instant started, Outcome outcome, String detail) {
        return TraceStep.withoutModel(STEP, Duration.between(started, clock.instant()), outcome, detail);
    }

    private TraceStep withModel(Instant started, String model, Usage usage, Outcome outcome, String detail) {
        return TraceStep.withModel(STEP, Duration.between(started, clock.instant()), model, usage, outcome, detail);
    }
}
