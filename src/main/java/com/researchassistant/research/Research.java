package com.researchassistant.research;

import com.researchassistant.chat.SessionNotFound;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.Source;
import com.researchassistant.config.ResearchConfig;
import com.researchassistant.job.Job;
import com.researchassistant.job.JobEvent;
import com.researchassistant.job.JobRefused;
import com.researchassistant.job.JobSettings;
import com.researchassistant.job.JobStore;
import com.researchassistant.job.Jobs;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Research jobs as the web layer sees them: start one in a conversation (or without one, for the
 * OpenAI face), read its status and its events, cancel it, and keep one of its sources in the
 * library. Jobs run on their own bounded queue with a per-person limit, apart from chat admission,
 * so research never starves chat.
 */
public final class Research implements AutoCloseable {

    /** The most jobs {@link #inSession} lists: far more than one conversation holds within the retention. */
    static final int LISTED = 100;

    private final Jobs jobs;
    private final ResearchConfig config;
    private final SessionStore sessions;
    private final ResearchSources sources;
    private final SourceKeeper keeper;

    private Research(
            Jobs jobs, ResearchConfig config, SessionStore sessions, ResearchSources sources, SourceKeeper keeper) {
        this.jobs = jobs;
        this.config = config;
        this.sessions = sessions;
        this.sources = sources;
        this.keeper = keeper;
    }

    /** Starts the research workers on {@code store}; jobs left unfinished by a dead instance are adopted. */
    public static Research start(
            ResearchConfig config,
            JobStore store,
            SessionStore sessions,
            ResearchTools tools,
            ResearchSources sources,
            Clock clock) {
        JobSettings settings = new JobSettings(
                config.workers(),
                config.queueCapacity(),
                config.perIdentity(),
                config.lease(),
                config.poll(),
                config.retention());
        Jobs jobs = new Jobs(
                        store,
                        Job.Kind.RESEARCH,
                        new ResearchJob(config, sessions, tools, sources, clock),
                        settings,
                        clock)
                .start();
        return new Research(jobs, config, sessions, sources, new SourceKeeper(sources.fetcher(), tools.libraryAdd()));
    }

    /**
     * Starts researching {@code question} in the owner's conversation {@code sessionId} (none: the
     * report is only in the job).
     *
     * @param depth "quick", "standard" or "deep"
     * @param chosen ids of the sources to search; empty for all that are enabled
     * @throws ResearchRejected when the request is not valid (400)
     * @throws SessionNotFound when the owner has no such conversation (404)
     * @throws JobRefused when the owner has too many research jobs or the queue is full (429)
     */
    public Job start(String owner, Optional<String> sessionId, String question, String depth, List<String> chosen) {
        ResearchRequest request = new ResearchRequest(question(question), depth(depth), sources(chosen));
        if (sessionId.isPresent()
                && sessions.findRecent(owner, sessionId.get(), 0).isEmpty()) {
            throw new SessionNotFound(sessionId.get());
        }
        return jobs.submit(owner, sessionId, request.toJson());
    }

    /** The owner's job with its progress and, when done, its report. */
    public Optional<ResearchStatus> status(String owner, String jobId) {
        return find(owner, jobId).map(job -> StatusView.of(job, config));
    }

    /**
     * The owner's research jobs in their conversation {@code sessionId}, newest first (at most
     * {@value #LISTED}).
     *
     * @throws SessionNotFound when the owner has no such conversation (404)
     */
    public List<ResearchSummary> inSession(String owner, String sessionId) {
        if (sessions.findRecent(owner, sessionId, 0).isEmpty()) {
            throw new SessionNotFound(sessionId);
        }
        return jobs.listInSession(owner, sessionId, LISTED).stream()
                .map(StatusView::summary)
                .toList();
    }

    /** The owner's research job (not another kind of job under the same id). */
    private Optional<Job> find(String owner, String jobId) {
        return jobs.find(owner, jobId).filter(job -> job.kind() == Job.Kind.RESEARCH);
    }

    /** The sources of the owner's job as its stored report cites them, numbered. */
    public List<Source> reportSources(String owner, String jobId) {
        return find(owner, jobId)
                .flatMap(Job::checkpoint)
                .map(Progress::fromJson)
                .map(progress ->
                        progress.sources().stream().map(ReportTurn::source).toList())
                .orElse(List.of());
    }

    /** See {@link Jobs#events}: the owner's job's events after {@code afterSeq}. */
    public Optional<Jobs.Batch> events(String owner, String jobId, long afterSeq, Duration wait)
            throws InterruptedException {
        if (find(owner, jobId).isEmpty()) {
            return Optional.empty();
        }
        return jobs.events(owner, jobId, afterSeq, wait);
    }

    /**
     * Hands the owner's job's events after {@code afterSeq} to {@code sink} as they come, waiting
     * up to {@code wait} at a time, until the job ends.
     *
     * @return the job's last event (done, failed or cancelled); empty when the job is unknown or was
     *     purged meanwhile
     */
    public Optional<JobEvent> follow(String owner, String jobId, long afterSeq, Duration wait, Consumer<JobEvent> sink)
            throws InterruptedException {
        long seen = afterSeq;
        while (true) {
            Optional<Jobs.Batch> batch = events(owner, jobId, seen, wait);
            if (batch.isEmpty()) {
                return Optional.empty();
            }
            List<JobEvent> events = batch.get().events();
            for (JobEvent event : events) {
                sink.accept(event);
                seen = event.seq();
            }
            if (batch.get().finished()) {
                return events.isEmpty() ? Optional.empty() : Optional.of(events.getLast());
            }
        }
    }

    /** Asks the owner's unfinished job to stop; false when there is none (unknown, or already ended). */
    public boolean cancel(String owner, String jobId) {
        return find(owner, jobId).isPresent() && jobs.cancel(owner, jobId);
    }

    /**
     * Adds source {@code n} of the owner's job to their library: its open-access full text when it
     * can be fetched (from the provider's address only), else its reference and abstract.
     */
    public SourceKeeper.Kept keep(String owner, String jobId, int n) throws InterruptedException {
        Optional<Job> job = find(owner, jobId);
        if (job.isEmpty()) {
            return new SourceKeeper.NotFound("research job");
        }
        List<ReportSource> selected = job.get()
                .checkpoint()
                .map(Progress::fromJson)
                .map(Progress::sources)
                .orElse(List.of());
        return selected.stream()
                .filter(s -> s.number() == n)
                .findFirst()
                .map(source -> keeper.keep(owner, source))
                .orElse(new SourceKeeper.NotFound("source " + n));
    }

    /** The ids a request may name in {@code sources}. */
    public List<String> sources() {
        return sources.ids();
    }

    /** Research jobs running or queued on this instance. */
    public int active() {
        return jobs.active();
    }

    private String question(String raw) {
        String question = raw == null ? "" : raw.strip();
        if (question.isEmpty()) {
            throw new ResearchRejected("question", "'question' must not be empty.");
        }
        if (question.length() > config.maxQuestionChars()) {
            throw new ResearchRejected(
                    "question", "'question' must be at most " + config.maxQuestionChars() + " characters.");
        }
        if (question.indexOf('\0') >= 0) {
            throw new ResearchRejected("question", "'question' must not contain NUL characters.");
        }
        return question;
    }

    private static Depth depth(String raw) {
        return Depth.of(raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT))
                .orElseThrow(
                        () -> new ResearchRejected("depth", "'depth' must be \"quick\", \"standard\" or \"deep\"."));
    }

    private List<String> sources(List<String> chosen) {
        Set<String> ids = new LinkedHashSet<>();
        for (String raw : chosen) {
            String id = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            if (!sources.ids().contains(id)) {
                throw new ResearchRejected(
                        "sources",
                        "'sources' may name only " + String.join(", ", sources.ids())
                                + (id.isEmpty() ? "." : "; '" + shorten(id) + "' is not one of them."));
            }
            ids.add(id);
        }
        return new ArrayList<>(ids);
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** Stops taking jobs; running ones are left for the next instance (or this one after a restart) to resume. */
    @Override
    public void close() {
        jobs.close();
    }
}
