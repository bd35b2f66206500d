package com.researchassistant.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.chat.TraceStep.Outcome;
import com.researchassistant.llm.ChatMessage;
import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import com.researchassistant.llm.TaskModels;
import com.researchassistant.llm.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 1: what the message asks for. The rules answer first; when they are sure enough (a clear
 * cue and no competing one) their answer stands, since a model round trip here delays the first
 * token. Otherwise asks the CLASSIFY model for strict JSON and checks the answer; any model
 * trouble or an invalid answer falls back to {@link IntentRules}, so this never throws for model
 * trouble.
 */
final class IntentAgent {

    private static final Logger log = LoggerFactory.getLogger(IntentAgent.class);

    static final String STEP = "intent";

    private static final String SYSTEM_PROMPT = """
            Classify the user's message into exactly one intent. Intents:
            information_request: wants a fact, definition or direct answer.
            task_execution: wants something done or produced (a table, a summary, a translation).
            creative_generation: wants a poem, story or other creative writing.
            analysis_research: wants evidence, studies or a comparison weighed.
            casual_conversation: greeting, thanks or small talk.
            troubleshooting: something is broken, failing or throws an error.
            education_learning: wants to understand or learn a concept.
            technical_support: installing, configuring, deploying or using a tool or API.
            Reply with JSON only: {"intent": "<id>", "confidence": <0..1>, "secondary": "<id or null>"}""";

    private final TaskModels models;
    private final Duration timeout;
    private final double rulesSuffice;
    private final Clock clock;
    private final IntentRules rules = new IntentRules();

    /** Asks the model for every message; see {@link #IntentAgent(TaskModels, Duration, double, Clock)}. */
    IntentAgent(TaskModels models, Duration timeout, Clock clock) {
        this(models, timeout, 1.0, clock);
    }

    /**
     * @param rulesSuffice the rules' confidence from which the model is not asked (1: always asked)
     */
    IntentAgent(TaskModels models, Duration timeout, double rulesSuffice, Clock clock) {
        this.models = Objects.requireNonNull(models, "models");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.rulesSuffice = rulesSuffice;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    StepResult<IntentResult> classify(String message) {
        Objects.requireNonNull(message, "message");
        Instant started = clock.instant();
        if (!models.available()) {
            return new StepResult<>(
                    rules.classify(message), withoutModel(started, Outcome.OK, "rules: no model configured"));
        }
        IntentResult byRules = rules.classify(message);
        if (byRules.confidence() >= rulesSuffice && rulesSuffice < 1.0) {
            return new StepResult<>(
                    byRules,
                    withoutModel(
                            started,
                            Outcome.OK,
                            "rules: confident (" + String.format(Locale.ROOT, "%.2f", byRules.confidence()) + ")"));
        }
        TaskModels.Completion completion;
        try {
            completion = models.complete(
                    Task.CLASSIFY, List.of(ChatMessage.system(SYSTEM_PROMPT), ChatMessage.user(message)), timeout);
        } catch (LlmException e) {
            log.warn("intent: model failed ({}, status {}); classifying by rules", e.kind(), e.status());
            return new StepResult<>(
                    rules.classify(message),
                    withoutModel(started, Outcome.FALLBACK, "rules: model failed (" + e.kind() + ")"));
        }
        String model = completion.routed().model();
        Usage usage = completion.usage();
        Optional<JsonNode> json = ModelReply.firstObject(completion.text());
        if (json.isEmpty()) {
            log.warn("intent: model {} replied without JSON; classifying by rules", model);
            return new StepResult<>(
                    rules.classify(message),
                    withModel(started, model, usage, Outcome.FALLBACK, "rules: model reply was not JSON"));
        }
        return switch (validate(json.get())) {
            case Valid(IntentResult result) -> {
                boolean fallbackModel = completion.routed().fallbackUsed();
                yield new StepResult<>(
                        result,
                        withModel(
                                started,
                                model,
                                usage,
                                fallbackModel ? Outcome.FALLBACK : Outcome.OK,
                                fallbackModel ? "fallback model answered" : "model"));
            }
            case Invalid(String reason) -> {
                log.warn("intent: model {} gave an invalid classification ({}); classifying by rules", model, reason);
                yield new StepResult<>(
                        rules.classify(message),
                        withModel(started, model, usage, Outcome.FALLBACK, "rules: model reply invalid, " + reason));
            }
        };
    }

    private sealed interface Verdict permits Valid, Invalid {}

    private record Valid(IntentResult result) implements Verdict {}

    private record Invalid(String reason) implements Verdict {}

    private static Verdict validate(JsonNode json) {
        Optional<Intent> primary = intent(json.path("intent"));
        if (primary.isEmpty()) {
            return new Invalid("unknown intent");
        }
        JsonNode confidence = json.path("confidence");
        if (!confidence.isNumber() || !(confidence.asDouble() >= 0 && confidence.asDouble() <= 1)) {
            return new Invalid("confidence missing or out of range");
        }
        JsonNode secondaryNode = json.path("secondary");
        Optional<Intent> secondary = intent(secondaryNode);
        boolean absent = secondaryNode.isMissingNode()
                || secondaryNode.isNull()
                || secondaryNode.asText().isBlank()
                || secondaryNode.asText().equalsIgnoreCase("null");
        if (secondary.isEmpty() && !absent) {
            return new Invalid("unknown secondary intent");
        }
        if (secondary.equals(primary)) {
            return new Invalid("secondary equals primary");
        }
        return new Valid(new IntentResult(primary.get(), confidence.asDouble(), secondary, IntentResult.Method.MODEL));
    }

    private static Optional<Intent> intent(JsonNode node) {
        if (!node.isTextual()) {
            return Optional.empty();
        }
        String id = node.asText().strip();
        return Arrays.stream(Intent.values()).filter(i -> i.id().equals(id)).findFirst();
    }

    private TraceStep withoutModel(Instant started, Outcome outcome, String detail) {
        return TraceStep.withoutModel(STEP, Duration.between(started, clock.instant()), outcome, detail);
    }

    private TraceStep withModel(Instant started, String model, Usage usage, Outcome outcome, String detail) {
        return TraceStep.withModel(STEP, Duration.between(started, clock.instant()), model, usage, outcome, detail);
    }
}
