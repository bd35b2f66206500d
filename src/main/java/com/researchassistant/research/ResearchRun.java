package com.researchassistant.research;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.config.ResearchConfig;
import com.researchassistant.db.Identifiers;
import com.researchassistant.job.JobContext;
import com.researchassistant.job.JobFailed;
import com.researchassistant.sources.SourceProvider;
import com.researchassistant.verify.CheckLimits;
import com.researchassistant.verify.CitedPassage;
import com.researchassistant.verify.Verdict;
import com.researchassistant.verify.Verification;
import com.researchassistant.verify.VerifiedText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of a research job, from its start or its checkpoint to the stored report. Stopped by a
 * cancel, it stores what it has written, marked partial; stopped by the server shutting down, it
 * stores nothing and is run again (from its checkpoint) by the next instance.
 */
final class ResearchRun {

    private final ResearchJob.Setting setting;
    private final ResearchJob.Steps steps;
    private final JobContext context;
    private final ResearchRequest request;
    private final Events events;
    private final Meter meter;
    private final Prompts prompts = new Prompts(Identifiers.newId().substring(0, 10));
    private final List<TraceStep> trace;
    private final boolean resumed;
    private final AtomicLong firstTextMillis = new AtomicLong(-1);
    private Progress progress;
    private Writer.Desk desk;

    ResearchRun(ResearchJob.Setting setting, JobContext context, ResearchRequest request, Optional<Progress> saved) {
        this.setting = setting;
        this.steps = setting.steps();
        this.context = context;
        this.request = request;
        this.events = new Events(this::emit);
        this.progress = saved.orElseGet(Progress::start);
        this.resumed = saved.isPresent() || context.job().lastEvent() > 0;
        this.trace = Collections.synchronizedList(new ArrayList<>(progress.trace()));
        Meter.Spent before = progress.spent();
        // sources are read again in every run, so only the other spending carries over
        this.meter = new Meter(
                request.depth().budget(setting.config()),
                setting.clock(),
                new Meter.Spent(
                        before.modelCalls(),
                        before.promptTokens(),
                        before.completionTokens(),
                        0,
                        before.elapsedMillis()),
                progress.cuts(),
                events::cut,
                this::committed);
    }

    String execute() throws InterruptedException {
        if (progress.stage().equals(Progress.DONE)) {
            // stored before the instance died, not yet ended: end it as it was
            ReportOutcome outcome = new ReportOutcome(
                    progress.status(),
                    progress.sections().size(),
                    progress.sources().size(),
                    progress.turnId(),
                    context.job().sessionId().orElse(""),
                    progress.spent(),
                    progress.cuts());
            events.report(outcome);
            return outcome.toJson();
        }
        try {
            begin();
            if (progress.stage().equals(Progress.PLAN)) {
                plan();
            }
            if (progress.stage().equals(Progress.SEARCH)) {
                searchAndSelect();
            }
            Reader.Reading reading = read();
            desk = new Writer.Desk(
                    request.question(),
                    reading.index(),
                    new ReportText(progress.sources()),
                    prompts,
                    meter,
                    events,
                    this::record);
            write();
            return finish(progress.sources().isEmpty() ? NewTurn.Status.NOTICE : NewTurn.Status.COMPLETE, reading);
        } catch (InterruptedException e) {
            if (!context.cancelled()) {
                throw e; // the server is stopping: the next instance resumes the job
            }
            Thread.interrupted();
            if (e instanceof SectionCut cut) {
                cut.keep().ifPresent(this::add); // the reader saw it: it stays, marked model_partial
            }
            meter.cut("The research was stopped before its end; the report holds what was written by then.");
            return finish(NewTurn.Status.PARTIAL, null);
        }
    }

    private void begin() {
        ResearchConfig.Budget budget = meter.budget();
        if (resumed) {
            events.resumed(
                    progress.stage(),
                    progress.sources().size(),
                    progress.sections().size(),
                    progress.stage().equals(Progress.PLAN)
                            ? "The job was interrupted (a server restart) before its plan was saved; it starts over."
                            : "The job was interrupted (a server restart); it goes on from its saved plan, sources"
                                    + " and finished sections, and reads its sources again.");
        } else {
            events.started(request, budget, searched());
        }
        Optional<String> session = context.job().sessionId();
        if (session.isPresent() && progress.questionTurnId().isEmpty()) {
            String turnId = setting.sessions()
                    .append(context.job().owner(), session.get(), NewTurn.user(request.question(), ReportTurn.PROFILE))
                    .orElseThrow(() -> new JobFailed("The conversation was deleted before the research began."))
                    .id();
            progress = progress.questionStored(turnId);
            checkpoint();
        }
    }

    private void plan() throws InterruptedException {
        Planner.Plan plan = steps.planner().plan(request.question(), prompts, meter);
        record(plan.step());
        events.plan(plan.subQuestions(), plan.method());
        progress = progress.planned(plan.subQuestions(), plan.method(), trace);
        checkpoint();
    }

    private void searchAndSelect() throws InterruptedException {
        stopIfCancelled();
        Searcher.Found found = steps.searcher().search(context.job().owner(), progress.plan(), scope(), meter, events);
        record(found.step());
        stopIfCancelled();
        Selector.Selection selection =
                steps.selector().select(request.question(), progress.plan(), found.sources(), meter);
        record(selection.step());
        events.selected(selection.found(), selection.unique(), selection.selected());
        progress = progress.selected(
                selection.found(), selection.unique(), selection.selected(), found.unreachable(), trace);
        checkpoint();
    }

    private Reader.Reading read() throws InterruptedException {
        stopIfCancelled();
        Reader.Reading reading = steps.reader().read(progress.sources(), meter, events, this::record);
        progress = progress.read(reading.how(), trace);
        checkpoint();
        return reading;
    }

    private void write() throws InterruptedException {
        if (progress.sources().isEmpty()) {
            if (progress.sections().isEmpty()) {
                add(steps.writer()
                        .rules(
                                0,
                                "No sources found",
                                Section.FINDINGS,
                                "No source could be found or reached"
                                        + " for this question, so there is nothing to report. See below what was searched.",
                                desk));
            }
            return;
        }
        List<String> plan = progress.plan();
        for (int i = progress.findingsWritten(); i < plan.size(); i++) {
            stopIfCancelled();
            if (meter.expired()) {
                meter.cut("Not written within the time budget: " + String.join("; ", plan.subList(i, plan.size())));
                break;
            }
            add(steps.writer().finding(progress.sections().size(), plan.get(i), desk));
        }
        boolean closed = progress.sections().stream().anyMatch(s -> s.kind().equals(Section.DISAGREEMENTS));
        if (!closed) {
            stopIfCancelled();
            if (meter.expired()) {
                meter.cut("The section on what the sources disagree on was not written within the time budget.");
            } else {
                add(steps.writer().disagreements(progress.sections().size(), progress.sections(), desk));
            }
        }
    }

    /** Writes the closing sections, stores the report and reports how the job ended. */
    private String finish(NewTurn.Status status, Reader.Reading reading) {
        if (desk == null) {
            desk = new Writer.Desk(
                    request.question(),
                    new JobIndex(1),
                    new ReportText(progress.sources()),
                    prompts,
                    meter,
                    events,
                    this::record);
        }
        add(steps.writer()
                .rules(
                        progress.sections().size(),
                        "About this report",
                        Section.ABOUT,
                        References.about(
                                request,
                                searched(),
                                progress.unreachable(),
                                progress.readHow(),
                                progress.planMethod(),
                                meter),
                        desk));
        add(steps.writer()
                .rules(
                        progress.sections().size(),
                        "References",
                        Section.REFERENCES,
                        References.list(progress.sources()),
                        desk));
        VerifiedText report = verify(progress.sections(), reading, status);
        String model = trace.stream()
                .map(TraceStep::model)
                .filter(m -> !m.isEmpty())
                .findFirst()
                .orElse("");
        String turnId = store(ReportTurn.of(
                report.text(),
                status,
                model,
                progress,
                meter,
                List.copyOf(trace),
                firstTextMillis.get(),
                report.verification()));
        String word = status.name().toLowerCase(java.util.Locale.ROOT);
        progress = progress.stored(turnId, word, report.text(), meter, trace);
        checkpoint();
        ReportOutcome outcome = new ReportOutcome(
                word,
                progress.sections().size(),
                progress.sources().size(),
                turnId,
                context.job().sessionId().orElse(""),
                meter.spent(),
                meter.cuts());
        events.report(outcome);
        return outcome.toJson();
    }

    /**
     * Checks a complete report's citations against what was read of each source (its abstract or
     * title when nothing more), within the time the job has left; a stopped report is not checked.
     * The job's own closing sections (how it worked, the reference list) state no claims: checked,
     * each reference would get a verdict of its own, against its own abstract.
     */
    private VerifiedText verify(List<Section> sections, Reader.Reading reading, NewTurn.Status status) {
        int written = (int) sections.stream()
                .takeWhile(s -> !s.kind().equals(Section.ABOUT) && !s.kind().equals(Section.REFERENCES))
                .count();
        String content = ReportTurn.content(sections);
        if (reading == null || status != NewTurn.Status.COMPLETE || written == 0) {
            return new VerifiedText(content, Verification.NONE);
        }
        String closing = ReportTurn.content(sections.subList(written, sections.size()));
        VerifiedText checked = verify(ReportTurn.content(sections.subList(0, written)), reading);
        // the claims' offsets point into the written part, which stays the start of the report
        return new VerifiedText(
                closing.isEmpty() ? checked.text() : checked.text() + "\n\n" + closing, checked.verification());
    }

    private VerifiedText verify(String content, Reader.Reading reading) {
        Instant start = setting.clock().instant();
        List<CitedPassage> passages = progress.sources().stream()
                .map(s -> new CitedPassage(
                        s.number(),
                        reading.index().text(s.number()).isBlank()
                                ? (s.title() + ". " + s.abstractText()).strip()
                                : reading.index().text(s.number())))
                .toList();
        Duration budget = meter.remaining().compareTo(CheckLimits.REPORT.budget()) < 0
                ? meter.remaining()
                : CheckLimits.REPORT.budget();
        VerifiedText verified =
                setting.verifier().verify(content, passages, new CheckLimits(CheckLimits.REPORT.maxClaims(), budget));
        Verification v = verified.verification();
        record(TraceStep.withoutModel(
                "verify",
                Duration.between(start, setting.clock().instant()),
                v.claims().isEmpty() ? TraceStep.Outcome.SKIPPED : TraceStep.Outcome.OK,
                v.count(Verdict.SUPPORTED) + " supported, " + v.count(Verdict.WEAK) + " weak, "
                        + v.count(Verdict.UNSUPPORTED) + " unsupported, " + v.unchecked() + " unchecked"));
        events.verified(v);
        return verified;
    }

    private String store(NewTurn turn) {
        Optional<String> session = context.job().sessionId();
        if (session.isEmpty()) {
            return "";
        }
        return setting.sessions()
                .append(context.job().owner(), session.get(), turn)
                .map(t -> t.id())
                .orElse("");
    }

    private Searcher.Scope scope() {
        List<String> chosen = request.sources();
        boolean library = setting.sources().library() && (chosen.isEmpty() || chosen.contains(ResearchSources.LIBRARY));
        List<SourceProvider> providers = setting.sources().providers().stream()
                .filter(p -> chosen.isEmpty() || chosen.contains(p.id()))
                .toList();
        return new Searcher.Scope(library, providers);
    }

    private List<String> searched() {
        Searcher.Scope scope = scope();
        List<String> ids = new ArrayList<>();
        if (scope.library()) {
            ids.add(ResearchSources.LIBRARY);
        }
        scope.providers().forEach(p -> ids.add(p.id()));
        return ids;
    }

    private void add(Section section) {
        progress = progress.written(section, meter, trace);
        checkpoint();
    }

    /** Records a step that just ended, placed on the job's timeline. */
    private void record(TraceStep step) {
        long started = Math.max(0, meter.spent().elapsedMillis() - step.durationMillis());
        TraceStep placed = step.startingAt(Duration.ofMillis(started));
        trace.add(placed);
        events.step(placed);
    }

    /** Sends an event to the job's log, noting when the report's first text went out. */
    private void emit(String name, String data) {
        if (name.equals("section_delta") && firstTextMillis.get() < 0) {
            firstTextMillis.compareAndSet(-1, meter.spent().elapsedMillis());
        }
        context.emit(name, data);
    }

    /** Saves what a granted model call commits, so a run cut short still counts it. */
    private void committed(Meter.Spent spent) {
        progress = progress.spending(spent);
        checkpoint();
    }

    private void checkpoint() {
        context.checkpoint(progress.toJson());
    }

    private void stopIfCancelled() throws InterruptedException {
        if (context.cancelled() || Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("research job stopped");
        }
    }
}
