package com.researchassistant.chat;

import com.researchassistant.llm.LlmEvent;
import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import com.researchassistant.llm.TaskModels;
import com.researchassistant.llm.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents of one answer. Intent, context summary and retrieval run side by side; then the
 * expertise is chosen and the answer streams from the routed synthesis model while the safety
 * review runs beside it. Every step records a trace entry and degrades instead of failing: rules
 * replace a failing classifier, an extract replaces a failing summary, and a retrieval-only
 * answer replaces a model that fails before its first token.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    static final String NO_MODEL_NOTICE = "No language model is configured on this server yet, and nothing in your "
            + "library matches this question, so I can't answer it. Your message is saved. Add documents to your "
            + "library for retrieval-only answers, or ask whoever runs this server to set HF_TOKEN (a Hugging Face "
            + "access token) or RA_LLM_BASE_URL (any OpenAI-compatible server).";
    static final String NO_MODEL_REASON = "no language model is configured on this server.";

    /** The most conversation text one summary call reads. */
    private static final int TRANSCRIPT_CHARS = 12_000;
    /** Summaries kept for conversations in progress. */
    private static final int SUMMARY_CACHE = 1_000;

    private final TaskModels models;
    private final Grounder grounder;
    private final ExtractiveAnswerer extractive;
    private final IntentAgent intents;
    private final ContextAgent context;
    private final ExpertAgent experts;
    private final SafetyAgent safety;
    private final ReasoningBuilder reasoning = new ReasoningBuilder();
    private final PromptBuilder prompts = new PromptBuilder();
    private final PipelineSettings settings;
    private final LongSupplier nanoTime;
    private final ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor();

    public Pipeline(TaskModels models, Knowledge knowledge, PipelineSettings settings, LongSupplier nanoTime) {
        this.models = models;
        this.grounder = new Grounder(knowledge.library(), knowledge.embedder(), knowledge.settings());
        this.extractive = new ExtractiveAnswerer(knowledge.embedder(), knowledge.settings().minSentenceSimilarity());
        this.intents = new IntentAgent(models, settings.classifyTimeout(), settings.rulesSuffice(), nanoTime);
        this.context = new ContextAgent(models, settings.summarizeTimeout(), TRANSCRIPT_CHARS, SUMMARY_CACHE, nanoTime);
        this.experts = new ExpertAgent(nanoTime);
        this.safety = new SafetyAgent(models, settings.safetyTimeout(), nanoTime);
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /**
     * The steps that need nothing but the input (intent, summary, retrieval), started by {@link
     * #prepare} so they run while the caller stores the message; {@link #cancel} stops them when the
     * caller does not go on to {@link #run(Preparation, Consumer, Function)}.
     */
    final class Preparation {
        private final PipelineInput in;
        private final long start = nanoTime.getAsLong();
        private final Future<StepResult<IntentResult>> intent;
        private final Future<StepResult<String>> summary;
        private final Future<StepResult<Grounding>> grounding;

        private Preparation(PipelineInput in) {
            this.in = in;
            List<Turn> older = in.history().subList(0, prompts.recentFrom(in.history(), in.profile().historyChars()));
            this.intent = parallel.submit(() -> intents.classify(in.message()));
            this.summary = parallel.submit(() -> context.summarize(in.conversationKey(), older,
                    Math.min(settings.summaryChars(), in.profile().summaryChars())));
            this.grounding = parallel.submit(() -> ground(in, older));
        }

        /** Stops the steps still running; a no-op once they are done. */
        void cancel() {
            intent.cancel(true);
            summary.cancel(true);
            grounding.cancel(true);
        }
    }

    /** The state of one answer in progress. */
    private final class Draft {
        final PipelineInput in;
        final Consumer<ChatEvent> sink;
        final Function<NewTurn, String> keep;
        final long start;
        final List<TraceStep> steps = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        IntentResult intent;
        Expertise expertise;
        Grounding grounding = Grounding.NONE;
        String summary = "";
        SafetyReview review;
        String model = "";
        ReasoningInput.Origin origin = ReasoningInput.Origin.MODEL;
        long firstToken = -1;

        Draft(PipelineInput in, long start, Consumer<ChatEvent> sink, Function<NewTurn, String> keep) {
            this.in = in;
            this.start = start;
            this.sink = sink;
            this.keep = keep;
        }

        long elapsedMillis() {
            return (nanoTime.getAsLong() - start) / 1_000_000;
        }
    }

    /**
     * Answers {@code in}: emits Plan, Sources?, Token*, Safety?, Trace, then Done or Failed, and
     * hands every answer (complete, partial or notice) to {@code keep}, which returns its id.
     *
     * @throws ClientGone when the sink reported that the client left; the partial answer is kept
     */
    void run(PipelineInput in, Consumer<ChatEvent> sink, Function<NewTurn, String> keep) {
        run(prepare(in), sink, keep);
    }

    /** Starts the steps that need nothing but the input; {@link #run(Preparation, Consumer, Function)} goes on. */
    Preparation prepare(PipelineInput in) {
        return new Preparation(in);
    }

    /**
     * {@link #run(PipelineInput, Consumer, Function)} for a started preparation. The safety review
     * starts once the preparation is done, so that its side call does not compete with the
     * classification the first token waits for; it still runs beside the whole answer.
     */
    void run(Preparation prepared, Consumer<ChatEvent> sink, Function<NewTurn, String> keep) {
        PipelineInput in = prepared.in;
        Draft d = new Draft(in, prepared.start, sink, keep);
        try {
            finishPreparing(d, prepared);
        } finally {
            prepared.cancel();
        }
        d.review = safety.start(in.message());
        sink.accept(new ChatEvent.Plan(d.intent, d.expertise));
        if (!d.grounding.isEmpty()) {
            sink.accept(new ChatEvent.Sources(d.grounding.sources()));
        }
        if (!models.available()) {
            steps(d, skipped("synthesis", "no model configured"));
            answerWithoutModel(d, NO_MODEL_REASON, false);
            return;
        }
        synthesize(d, prompts.build(in.history(), in.message(), in.profile(), d.grounding,
                new PromptBuilder.Extras(d.expertise.guidance(), d.summary, in.clientInstructions())));
    }

    private StepResult<Grounding> ground(PipelineInput in, List<Turn> older) {
        long g0 = nanoTime.getAsLong();
        Grounding found = grounder.ground(in.owner(), in.message(), older, in.profile().groundingChars());
        return new StepResult<>(found, new TraceStep("retrieval", millisSince(g0), "", -1, -1, false,
                "ok", found.items().size() + " passages and turns found"));
    }

    /** Waits for intent, summary and retrieval, which ran side by side, then chooses the expertise. */
    private void finishPreparing(Draft d, Preparation prepared) {
        StepResult<IntentResult> classified = join(prepared.intent);
        StepResult<String> summarized = join(prepared.summary);
        StepResult<Grounding> grounded = join(prepared.grounding);
        d.intent = classified.value();
        d.summary = summarized.value();
        d.grounding = grounded.value();
        StepResult<Expertise> chosen = experts.choose(d.intent, d.in.message());
        d.expertise = chosen.value();
        steps(d, classified.trace(), summarized.trace(), grounded.trace(), chosen.trace());
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            throw new ClientGone(e); // the caller cancels every step
        } catch (ExecutionException e) {
            throw new IllegalStateException("a pipeline step failed unexpectedly", e.getCause());
        }
    }

    private static void steps(Draft d, TraceStep... steps) {
        d.steps.addAll(List.of(steps));
    }

    private static TraceStep skipped(String step, String why) {
        return new TraceStep(step, 0, "", -1, -1, false, "skipped", why);
    }

    private void synthesize(Draft d, List<com.researchassistant.llm.ChatMessage> prompt) {
        LlmEvent.Finished[] finished = {null};
        long s0 = nanoTime.getAsLong();
        TaskModels.Routed routed;
        try {
            routed = models.stream(Task.SYNTHESIZE, prompt, d.in.profile().maxTokens(), d.in.profile().timeout(),
                    event -> accept(d, event, finished));
        } catch (ClientGone gone) {
            Thread.interrupted();
            keepPartial(d);
            throw gone;
        } catch (LlmException e) {
            if (Thread.interrupted()) {
                // Only the web layer interrupts an answering thread, when its client has left.
                keepPartial(d);
                throw new ClientGone(e);
            }
            steps(d, new TraceStep("synthesis", millisSince(s0), "", -1, -1, false, "failed", e.kind().name()));
            failOrFallBack(d, e);
            return;
        }
        d.model = routed.model();
        d.origin = routed.fallbackUsed() ? ReasoningInput.Origin.FALLBACK_MODEL : ReasoningInput.Origin.MODEL;
        Usage usage = finished[0] == null ? Usage.UNKNOWN : finished[0].usage();
        steps(d, new TraceStep("synthesis", millisSince(s0), routed.model(), usage.promptTokens(),
                usage.completionTokens(), routed.fallbackUsed(), routed.fallbackUsed() ? "fallback" : "ok",
                finished[0] == null ? "ended without a finish reason" : "finish: " + finished[0].finishReason()));
        if (d.text.isEmpty()) {
            failOrFallBack(d, new LlmException.NonRetryable(
                    LlmException.Kind.PROTOCOL, 0, "the model returned an empty answer", null));
            return;
        }
        complete(d, NewTurn.Status.COMPLETE, usage, finished[0] == null ? "unknown" : finished[0].finishReason(), "");
    }

    private void accept(Draft d, LlmEvent event, LlmEvent.Finished[] finished) {
        switch (event) {
            case LlmEvent.Token token -> {
                if (d.firstToken < 0) {
                    d.firstToken = d.elapsedMillis();
                }
                d.text.append(token.text());
                d.sink.accept(new ChatEvent.Token(token.text()));
            }
            case LlmEvent.Finished done -> finished[0] = done;
        }
    }

    /** A model that fails before its first token still leaves a retrieval-only answer when there is grounding. */
    private void failOrFallBack(Draft d, LlmException e) {
        log.warn("model call failed ({}, status {}) after {} chars", e.kind(), e.status(), d.text.length());
        ChatEvent.Failed failed = ChatFailures.describe(e, "");
        if (d.text.isEmpty() && answerWithoutModel(d, lowerFirst(failed.message()), true)) {
            return;
        }
        AnswerTrace trace = finishTrace(d);
        String partialId = keepPartial(d, trace);
        emitQuietly(d, new ChatEvent.Trace(trace));
        emitQuietly(d, ChatFailures.describe(e, partialId));
    }

    /**
     * Answers from the grounding alone, or with a notice when there is no grounding and no failure
     * to report. Returns false (having answered nothing) when there is a failure to report instead.
     */
    private boolean answerWithoutModel(Draft d, String why, boolean failureToReport) {
        long e0 = nanoTime.getAsLong();
        Optional<String> text = d.grounding.isEmpty() ? Optional.empty()
                : extractive.answer(d.in.message(), d.grounding, capitalise(why));
        if (text.isEmpty() && failureToReport) {
            return false;
        }
        steps(d, new TraceStep("extractive", millisSince(e0), "", -1, -1, true, text.isPresent() ? "fallback" : "skipped",
                text.isPresent() ? "retrieval-only answer" : "nothing in the library matched"));
        String body = text.orElse(NO_MODEL_NOTICE);
        d.origin = ReasoningInput.Origin.RETRIEVAL_ONLY;
        d.firstToken = d.elapsedMillis();
        d.text.append(body);
        d.sink.accept(new ChatEvent.Token(body));
        complete(d, NewTurn.Status.NOTICE, Usage.UNKNOWN, "notice", text.isPresent() ? "retrieval_only" : "no_model");
        return true;
    }

    private void complete(Draft d, NewTurn.Status status, Usage usage, String finishReason, String notice) {
        AnswerTrace trace = finishTrace(d);
        long total = d.elapsedMillis();
        String id = d.keep.apply(new NewTurn(NewTurn.Role.ASSISTANT, d.text.toString(), status, d.model,
                d.in.profile().name(), usage.promptTokens(), usage.completionTokens(), total,
                notice.equals("no_model") ? List.of() : d.grounding.sources(), trace));
        if (!trace.safety().isEmpty()) {
            d.sink.accept(new ChatEvent.Safety(trace.safety()));
        }
        d.sink.accept(new ChatEvent.Trace(trace));
        d.sink.accept(new ChatEvent.Done(id, finishReason, usage.promptTokens(), usage.completionTokens(),
                d.firstToken, total, notice));
    }

    private AnswerTrace finishTrace(Draft d) {
        StepResult<List<SafetyNote>> notes = d.review.finish(d.text.toString(), settings.safetyGrace());
        steps(d, notes.trace());
        Reasoning chain = reasoning.build(new ReasoningInput(d.intent, d.expertise,
                experts.runnerUp(d.intent, d.in.message()), d.grounding.sources(), d.text.toString(), d.origin,
                notes.value(), d.steps));
        return new AnswerTrace(d.intent.primary().id(), d.intent.confidence(),
                d.intent.secondary().map(Intent::id).orElse(""), d.expertise.id(), d.expertise.relevance(),
                d.steps, chain, notes.value());
    }

    private void keepPartial(Draft d) {
        if (!d.text.isEmpty()) {
            keepPartial(d, finishTrace(d));
        }
    }

    private String keepPartial(Draft d, AnswerTrace trace) {
        if (d.text.isEmpty()) {
            return "";
        }
        log.info("answer stopped after {} chars; partial answer kept", d.text.length());
        return d.keep.apply(new NewTurn(NewTurn.Role.ASSISTANT, d.text.toString(), NewTurn.Status.PARTIAL, d.model,
                d.in.profile().name(), -1, -1, d.elapsedMillis(), d.grounding.sources(), trace));
    }

    private static void emitQuietly(Draft d, ChatEvent event) {
        try {
            d.sink.accept(event);
        } catch (ClientGone gone) {
            log.debug("client left before the failure could be reported");
        }
    }

    private long millisSince(long start) {
        return (nanoTime.getAsLong() - start) / 1_000_000;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    @Override
    public void close() {
        parallel.shutdownNow();
    }
}
