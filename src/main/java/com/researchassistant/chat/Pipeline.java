package com.researchassistant.chat;

import com.researchassistant.chat.TraceStep.Outcome;
import com.researchassistant.llm.TaskModels;
import com.researchassistant.verify.ClaimVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The agents of one answer. Intent, context summary and retrieval run side by side; then the
 * expertise is chosen and the answer streams from the routed synthesis model while the safety
 * review runs beside it; the answer's citations are checked against its passages at the end.
 * Every step records a trace entry and degrades instead of failing: rules replace a failing
 * classifier, an extract replaces a failing summary, a retrieval-only answer replaces a model that
 * fails before its first token, and an answer whose check fails is stored unchecked.
 */
public final class Pipeline implements AutoCloseable {

    /** The most conversation text one summary call reads. */
    private static final int TRANSCRIPT_CHARS = 12_000;
    /** Summaries kept for conversations in progress. */
    private static final int SUMMARY_CACHE = 1_000;

    private final TaskModels models;
    private final Grounder grounder;
    private final IntentAgent intents;
    private final ContextAgent context;
    private final ExpertAgent experts;
    private final SafetyAgent safety;
    private final AnswerWriter writer;
    private final ClaimVerifier verifier;
    private final PromptBuilder prompts = new PromptBuilder();
    private final PipelineSettings settings;
    private final Clock clock;
    private final ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor();

    /** @param clock times the steps; differences of its instants must not run backwards */
    public Pipeline(TaskModels models, Knowledge knowledge, PipelineSettings settings, Clock clock) {
        this.models = models;
        this.clock = clock;
        this.settings = settings;
        this.grounder = new Grounder(knowledge);
        this.intents = new IntentAgent(models, settings.classifyTimeout(), settings.rulesSuffice(), clock);
        this.context = new ContextAgent(models, settings.summarizeTimeout(), TRANSCRIPT_CHARS, SUMMARY_CACHE, clock);
        this.experts = new ExpertAgent(clock);
        this.safety = new SafetyAgent(models, settings.safetyTimeout(), clock);
        this.verifier = new ClaimVerifier(knowledge.embedder(), clock);
        this.writer = new AnswerWriter(
                models,
                new ExtractiveAnswerer(
                        knowledge.embedder(), knowledge.settings().minSentenceSimilarity()),
                settings.safetyGrace(),
                clock);
    }

    /**
     * The steps that need nothing but the input (intent, summary, retrieval), started by {@link
     * #prepare} so they run while the caller stores the message; {@link #cancel} stops them when the
     * caller does not go on to {@link #run(Preparation, Consumer, Function)}.
     */
    final class Preparation {
        private final PipelineInput in;
        private final Instant start = clock.instant();
        private final Future<StepResult<IntentResult>> intent;
        private final Future<StepResult<String>> summary;
        private final Future<StepResult<Grounding>> grounding;

        private Preparation(PipelineInput in) {
            this.in = in;
            List<Turn> older = in.history()
                    .subList(0, prompts.recentFrom(in.history(), in.profile().historyChars()));
            this.intent = parallel.submit(() -> placed(start, () -> intents.classify(in.message())));
            this.summary = parallel.submit(() -> placed(
                    start,
                    () -> context.summarize(
                            in.conversationKey(),
                            older,
                            Math.min(settings.summaryChars(), in.profile().summaryChars()))));
            this.grounding = parallel.submit(() -> placed(start, () -> ground(in, older)));
        }

        /** Stops the steps still running; a no-op once they are done. */
        void cancel() {
            intent.cancel(true);
            summary.cancel(true);
            grounding.cancel(true);
        }
    }

    /** What the preparation found, with the trace of its steps and of the choice of expertise. */
    private record Groundwork(ChatEvent.Plan plan, String summary, Grounding grounding, List<TraceStep> steps) {}

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
        Groundwork work;
        try {
            work = finishPreparing(prepared);
        } finally {
            prepared.cancel();
        }
        AnswerSetup setup = new AnswerSetup(
                in,
                prepared.start,
                work.plan(),
                work.grounding(),
                safety.start(in.message()),
                new CitationCheck(verifier, work.grounding(), parallel, settings.citationBudget(), clock),
                sink,
                keep);
        AnswerDraft draft = new AnswerDraft(work.steps());
        sink.accept(work.plan());
        if (!work.grounding().isEmpty()) {
            sink.accept(new ChatEvent.Sources(work.grounding().sources()));
        }
        if (!models.available()) {
            writer.withoutModel(setup, draft);
            return;
        }
        writer.synthesize(
                setup,
                draft,
                prompts.build(
                        in.history(),
                        in.message(),
                        in.profile(),
                        work.grounding(),
                        new PromptBuilder.Extras(
                                work.plan().expertise().guidance(), work.summary(), in.clientInstructions())));
    }

    private StepResult<Grounding> ground(PipelineInput in, List<Turn> older) {
        Instant started = clock.instant();
        Grounding found = grounder.ground(
                in.owner(), in.scope(), in.message(), older, in.profile().groundingChars());
        return new StepResult<>(
                found,
                TraceStep.withoutModel(
                        "retrieval",
                        Duration.between(started, clock.instant()),
                        Outcome.OK,
                        found.items().size() + " passages and turns found"));
    }

    /** Waits for intent, summary and retrieval, which ran side by side, then chooses the expertise. */
    private Groundwork finishPreparing(Preparation prepared) {
        StepResult<IntentResult> classified = join(prepared.intent);
        StepResult<String> summarized = join(prepared.summary);
        StepResult<Grounding> grounded = join(prepared.grounding);
        StepResult<Expertise> chosen =
                placed(prepared.start, () -> experts.choose(classified.value(), prepared.in.message()));
        return new Groundwork(
                new ChatEvent.Plan(classified.value(), chosen.value()),
                summarized.value(),
                grounded.value(),
                List.of(classified.trace(), summarized.trace(), grounded.trace(), chosen.trace()));
    }

    /** Runs {@code step} and places its trace entry on the timeline of the answer started at {@code answerStart}. */
    private <T> StepResult<T> placed(Instant answerStart, Supplier<StepResult<T>> step) {
        Instant began = clock.instant();
        StepResult<T> result = step.get();
        return new StepResult<>(result.value(), result.trace().startingAt(Duration.between(answerStart, began)));
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

    @Override
    public void close() {
        parallel.shutdownNow();
    }
}
