package com.researchassistant.chat;

import com.researchassistant.chat.TraceStep.Outcome;
import com.researchassistant.llm.ChatMessage;
import com.researchassistant.llm.LlmEvent;
import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import com.researchassistant.llm.TaskModels;
import com.researchassistant.llm.Usage;
import com.researchassistant.verify.Verification;
import com.researchassistant.verify.VerifiedText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an answer once its setup is known: streams it from the routed synthesis model, or answers
 * from the grounding alone (no model, or a model that failed before its first token), then closes
 * the trace, checks its citations, stores the answer and emits Safety?, Trace and Done (or Failed).
 */
final class AnswerWriter {

    private static final Logger log = LoggerFactory.getLogger(AnswerWriter.class);

    static final String NO_MODEL_NOTICE = "No language model is configured on this server yet, and nothing in your "
            + "library matches this question, so I can't answer it. Your message is saved. Add documents to your "
            + "library for retrieval-only answers, or ask whoever runs this server to set HF_TOKEN (a Hugging Face "
            + "access token) or RA_LLM_BASE_URL (any OpenAI-compatible server).";
    static final String NO_MODEL_REASON = "no language model is configured on this server.";

    private final TaskModels models;
    private final ExtractiveAnswerer extractive;
    private final ReasoningBuilder reasoning = new ReasoningBuilder();
    private final Duration safetyGrace;
    private final Clock clock;

    AnswerWriter(TaskModels models, ExtractiveAnswerer extractive, Duration safetyGrace, Clock clock) {
        this.models = Objects.requireNonNull(models, "models");
        this.extractive = Objects.requireNonNull(extractive, "extractive");
        this.safetyGrace = Objects.requireNonNull(safetyGrace, "safetyGrace");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Answers without calling a model, because none is configured. */
    void withoutModel(AnswerSetup a, AnswerDraft d) {
        d.record(placed(
                a,
                clock.instant(),
                TraceStep.withoutModel("synthesis", Duration.ZERO, Outcome.SKIPPED, "no model configured")));
        answerWithoutModel(a, d, NO_MODEL_REASON, false);
    }

    /**
     * Streams the answer to {@code prompt} from the synthesis model.
     *
     * @throws ClientGone when the sink reported that the client left; the partial answer is kept
     */
    void synthesize(AnswerSetup a, AnswerDraft d, List<ChatMessage> prompt) {
        Instant started = clock.instant();
        TaskModels.Routed routed;
        try {
            routed = models.stream(
                    Task.SYNTHESIZE,
                    prompt,
                    a.in().profile().maxTokens(),
                    a.in().profile().timeout(),
                    event -> accept(a, d, event));
        } catch (ClientGone gone) {
            Thread.interrupted();
            keepPartial(a, d);
            throw gone;
        } catch (LlmException e) {
            if (Thread.interrupted()) {
                // Only the web layer interrupts an answering thread, when its client has left.
                keepPartial(a, d);
                throw new ClientGone(e);
            }
            d.record(placed(
                    a,
                    started,
                    TraceStep.withoutModel(
                            "synthesis",
                            since(started),
                            Outcome.FAILED,
                            e.kind().name())));
            failOrFallBack(a, d, e);
            return;
        }
        d.writtenBy(
                routed.model(),
                routed.fallbackUsed() ? ReasoningInput.Origin.FALLBACK_MODEL : ReasoningInput.Origin.MODEL);
        Usage usage = d.finished().map(LlmEvent.Finished::usage).orElse(Usage.UNKNOWN);
        d.record(placed(
                a,
                started,
                TraceStep.withModel(
                        "synthesis",
                        since(started),
                        routed.model(),
                        usage,
                        routed.fallbackUsed() ? Outcome.FALLBACK : Outcome.OK,
                        d.finished().map(f -> "finish: " + f.finishReason()).orElse("ended without a finish reason"))));
        if (d.isEmpty()) {
            failOrFallBack(
                    a,
                    d,
                    new LlmException.NonRetryable(
                            LlmException.Kind.PROTOCOL, 0, "the model returned an empty answer", null));
            return;
        }
        complete(
                a,
                d,
                NewTurn.Status.COMPLETE,
                usage,
                d.finished().map(LlmEvent.Finished::finishReason).orElse("unknown"),
                "");
    }

    private void accept(AnswerSetup a, AnswerDraft d, LlmEvent event) {
        switch (event) {
            case LlmEvent.Token token -> {
                d.append(token.text(), since(a.start()));
                a.sink().accept(new ChatEvent.Token(token.text()));
                a.check().written(token.text(), d::text);
            }
            case LlmEvent.Finished done -> d.finish(done);
        }
    }

    /** A model that fails before its first token still leaves a retrieval-only answer when there is grounding. */
    private void failOrFallBack(AnswerSetup a, AnswerDraft d, LlmException e) {
        log.warn("model call failed ({}, status {}) after {} chars", e.kind(), e.status(), d.length());
        ChatEvent.Failed failed = ChatFailures.describe(e, "");
        if (d.isEmpty() && answerWithoutModel(a, d, lowerFirst(failed.message()), true)) {
            return;
        }
        AnswerTrace trace = finishTrace(a, d);
        String partialId = keepPartial(a, d, trace);
        emitQuietly(a, new ChatEvent.Trace(trace));
        emitQuietly(a, ChatFailures.describe(e, partialId));
    }

    /**
     * Answers from the grounding alone, or with a notice when there is no grounding and no failure
     * to report. Returns false (having answered nothing) when there is a failure to report instead.
     */
    private boolean answerWithoutModel(AnswerSetup a, AnswerDraft d, String why, boolean failureToReport) {
        Instant started = clock.instant();
        Optional<String> text = a.grounding().isEmpty()
                ? Optional.empty()
                : extractive.answer(a.in().message(), a.grounding(), capitalise(why));
        if (text.isEmpty() && failureToReport) {
            return false;
        }
        d.record(placed(
                a,
                started,
                TraceStep.standIn(
                        "extractive",
                        since(started),
                        text.isPresent() ? Outcome.FALLBACK : Outcome.SKIPPED,
                        text.isPresent() ? "retrieval-only answer" : "nothing in the library matched")));
        String body = text.orElse(NO_MODEL_NOTICE);
        d.writtenBy("", ReasoningInput.Origin.RETRIEVAL_ONLY);
        d.append(body, since(a.start()));
        a.sink().accept(new ChatEvent.Token(body));
        complete(
                a, d, NewTurn.Status.NOTICE, Usage.UNKNOWN, "notice", text.isPresent() ? "retrieval_only" : "no_model");
        return true;
    }

    private void complete(
            AnswerSetup a, AnswerDraft d, NewTurn.Status status, Usage usage, String finishReason, String notice) {
        Verification marks = Verification.NONE;
        if (status == NewTurn.Status.COMPLETE) {
            marks = check(a, d);
        } else {
            a.check().cancel();
        }
        AnswerTrace trace = finishTrace(a, d);
        long total = trace.timing().totalMillis();
        String id = a.keep()
                .apply(new NewTurn(
                        NewTurn.Role.ASSISTANT,
                        d.text(),
                        status,
                        d.model(),
                        a.in().profile().name(),
                        usage.promptTokens(),
                        usage.completionTokens(),
                        total,
                        notice.equals("no_model") ? List.of() : a.grounding().sources(),
                        trace,
                        marks));
        if (!trace.safety().isEmpty()) {
            a.sink().accept(new ChatEvent.Safety(trace.safety()));
        }
        a.sink().accept(new ChatEvent.Trace(trace));
        a.sink()
                .accept(new ChatEvent.Done(
                        id,
                        finishReason,
                        usage.promptTokens(),
                        usage.completionTokens(),
                        trace.timing().firstTokenMillis(),
                        total,
                        notice,
                        marks));
    }

    /**
     * Checks what the model wrote against its sources (retrieval-only answers quote them): the
     * draft loses the markers that name no source, the verdicts are returned.
     */
    private Verification check(AnswerSetup a, AnswerDraft d) {
        Instant started = clock.instant();
        StepResult<VerifiedText> checked = a.check().finish(d.text());
        if (checked.trace().outcome() != Outcome.SKIPPED) {
            d.record(placed(a, started, checked.trace()));
        }
        d.revise(checked.value().text());
        return checked.value().verification();
    }

    private AnswerTrace finishTrace(AnswerSetup a, AnswerDraft d) {
        StepResult<List<SafetyNote>> notes = a.review().finish(d.text(), safetyGrace);
        d.record(placed(a, a.review().started(), notes.trace()));
        IntentResult intent = a.plan().intent();
        Expertise expertise = a.plan().expertise();
        Reasoning chain = reasoning.build(new ReasoningInput(
                intent, expertise, a.grounding().sources(), d.text(), d.origin(), notes.value(), d.steps()));
        AnswerTrace.Timing timing = new AnswerTrace.Timing(
                Math.max(0, since(a.start()).toMillis()),
                d.firstToken().map(t -> Math.max(0, t.toMillis())).orElse(-1L));
        return new AnswerTrace(
                intent.primary().id(),
                intent.confidence(),
                intent.secondary().map(Intent::id).orElse(""),
                expertise.id(),
                expertise.relevance(),
                d.steps(),
                chain,
                notes.value(),
                timing);
    }

    /** Keeps what was streamed before the client left, if anything. */
    void keepPartial(AnswerSetup a, AnswerDraft d) {
        a.check().cancel();
        if (!d.isEmpty()) {
            keepPartial(a, d, finishTrace(a, d));
        }
    }

    private String keepPartial(AnswerSetup a, AnswerDraft d, AnswerTrace trace) {
        a.check().cancel();
        if (d.isEmpty()) {
            return "";
        }
        log.info("answer stopped after {} chars; partial answer kept", d.length());
        return a.keep()
                .apply(new NewTurn(
                        NewTurn.Role.ASSISTANT,
                        d.text(),
                        NewTurn.Status.PARTIAL,
                        d.model(),
                        a.in().profile().name(),
                        NewTurn.UNKNOWN_TOKENS,
                        NewTurn.UNKNOWN_TOKENS,
                        since(a.start()).toMillis(),
                        a.grounding().sources(),
                        trace));
    }

    private static void emitQuietly(AnswerSetup a, ChatEvent event) {
        try {
            a.sink().accept(event);
        } catch (ClientGone gone) {
            log.debug("client left before the failure could be reported");
        }
    }

    /** {@code step}, which began at {@code began}, placed on the timeline of the answer. */
    private static TraceStep placed(AnswerSetup a, Instant began, TraceStep step) {
        return step.startingAt(Duration.between(a.start(), began));
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
