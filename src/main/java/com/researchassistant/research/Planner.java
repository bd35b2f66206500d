package com.researchassistant.research;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.config.ResearchConfig;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Step 1, plan: the sub-questions the report answers, one section each. The model proposes them
 * as JSON, which is checked (3 to the depth's most, each a real question, none repeated); a
 * failed or invalid answer falls back to {@link PlanRules}.
 */
final class Planner {

    static final int MIN_CHARS = 8;
    static final int MAX_CHARS = 300;

    /** The sub-questions, and whether the model ("model") or the rules ("rules") made them. */
    record Plan(List<String> subQuestions, String method, TraceStep step) {
        Plan {
            subQuestions = List.copyOf(subQuestions);
        }
    }

    private final ModelCalls calls;
    private final Clock clock;

    Planner(ModelCalls calls, Clock clock) {
        this.calls = calls;
        this.clock = clock;
    }

    Plan plan(String question, Prompts prompts, Meter meter) throws InterruptedException {
        Instant start = clock.instant();
        int most = meter.budget().subQuestions();
        ModelCalls.Reply reply = calls.call(meter, prompts.plan(question, most), 40 + 60 * most, text -> {});
        return switch (reply) {
            case ModelCalls.Answered answered ->
                parse(answered.text(), most)
                        .map(plan -> new Plan(
                                plan,
                                "model",
                                TraceStep.withModel(
                                        "plan",
                                        answered.took(),
                                        answered.model(),
                                        answered.usage(),
                                        answered.fallbackUsed() ? TraceStep.Outcome.FALLBACK : TraceStep.Outcome.OK,
                                        plan.size() + " sub-questions")))
                        .orElseGet(() -> rules(
                                question,
                                most,
                                TraceStep.withModel(
                                        "plan",
                                        answered.took(),
                                        answered.model(),
                                        answered.usage(),
                                        TraceStep.Outcome.FALLBACK,
                                        "the model's plan was not valid; rules made it")));
            case ModelCalls.Skipped skipped ->
                rules(
                        question,
                        most,
                        TraceStep.withoutModel(
                                "plan", took(start), TraceStep.Outcome.FALLBACK, skipped.why() + "; rules made it"));
            case ModelCalls.Failed failed ->
                rules(
                        question,
                        most,
                        TraceStep.withoutModel(
                                "plan", failed.took(), TraceStep.Outcome.FALLBACK, failed.why() + "; rules made it"));
        };
    }

    private static Plan rules(String question, int most, TraceStep step) {
        return new Plan(PlanRules.subQuestions(question, most), "rules", step);
    }

    /**
     * The sub-questions of a model's reply: a JSON object with a {@code subQuestions} array (or a
     * bare array), possibly inside a code fence or a sentence; empty unless at least 3 are valid.
     */
    static Optional<List<String>> parse(String reply, int most) {
        Optional<JsonNode> json = json(reply);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        JsonNode items = json.get().isArray() ? json.get() : json.get().path("subQuestions");
        List<String> plan = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode item : items) {
            if (!item.isTextual()) {
                continue;
            }
            String text = Prompts.clean(item.asText()).strip().replaceAll("\\s+", " ");
            if (text.length() >= MIN_CHARS
                    && text.length() <= MAX_CHARS
                    && plan.size() < most
                    && seen.add(text.toLowerCase(Locale.ROOT))) {
                plan.add(text);
            }
        }
        return plan.size() >= ResearchConfig.Budget.MIN_SUB_QUESTIONS ? Optional.of(plan) : Optional.empty();
    }

    private static Optional<JsonNode> json(String reply) {
        int object = reply.indexOf('{');
        int array = reply.indexOf('[');
        boolean isArray = array >= 0 && (object < 0 || array < object);
        int start = isArray ? array : object;
        int end = reply.lastIndexOf(isArray ? ']' : '}');
        if (start < 0 || end <= start) {
            return Optional.empty();
        }
        try {
            return Optional.of(Codec.tree(reply.substring(start, end + 1)));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private Duration took(Instant start) {
        Duration took = Duration.between(start, clock.instant());
        return took.isNegative() ? Duration.ZERO : took;
    }
}
