package com.researchassistant.research;

import com.researchassistant.chat.SessionStore;
import com.researchassistant.config.ResearchConfig;
import com.researchassistant.job.JobContext;
import com.researchassistant.job.JobType;
import com.researchassistant.verify.ClaimVerifier;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The research job: plan, search, select, read, write, store, each step recorded in the trace
 * and degrading instead of failing (see {@link ResearchRun}). A job whose instance died is run
 * again from its checkpoint: the plan, the selected sources and the finished sections are kept.
 */
final class ResearchJob implements JobType {

    private static final Logger log = LoggerFactory.getLogger(ResearchJob.class);

    /** The steps, stateless and shared by every run. */
    record Steps(Planner planner, Searcher searcher, Selector selector, Reader reader, Writer writer) {}

    /** What a run needs besides its job. */
    record Setting(
            ResearchConfig config,
            SessionStore sessions,
            ResearchSources sources,
            ClaimVerifier verifier,
            Clock clock,
            Steps steps) {}

    private final Setting setting;

    ResearchJob(
            ResearchConfig config, SessionStore sessions, ResearchTools tools, ResearchSources sources, Clock clock) {
        ModelCalls calls = new ModelCalls(tools.models(), clock);
        Parallel parallel = new Parallel(config.concurrency());
        SerialEmbedder embedder = new SerialEmbedder(tools.embedder());
        Steps steps = new Steps(
                new Planner(calls, clock),
                new Searcher(tools.librarySearch(), parallel, clock),
                new Selector(embedder, clock),
                new Reader(sources.fetcher(), tools.reader(), embedder, parallel, config.chunksPerSource(), clock),
                new Writer(calls, embedder, clock, config.deltaInterval()));
        this.setting = new Setting(config, sessions, sources, new ClaimVerifier(embedder, clock), clock, steps);
    }

    @Override
    public String run(JobContext context) throws InterruptedException {
        ResearchRequest request = ResearchRequest.fromJson(context.job().input());
        Optional<Progress> saved;
        try {
            saved = context.job().checkpoint().map(Progress::fromJson);
        } catch (UncheckedIOException e) {
            log.warn(
                    "research job {}: its checkpoint does not read; starting over",
                    context.job().id());
            saved = Optional.empty();
        }
        return new ResearchRun(setting, context, request, saved).execute();
    }
}
