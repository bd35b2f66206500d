package com.researchassistant.research;

import com.researchassistant.chat.PassageSearch;
import com.researchassistant.chat.Session;
import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.config.ResearchConfig;
import com.researchassistant.job.Job;
import com.researchassistant.job.JobEvent;
import com.researchassistant.job.JobStore;
import com.researchassistant.job.Jobs;
import com.researchassistant.library.Document;
import com.researchassistant.library.DocumentStatus;
import com.researchassistant.library.LibrarySettings;
import com.researchassistant.library.PassageReader;
import com.researchassistant.library.Upload;
import com.researchassistant.session.JdbcSessionStore;
import com.researchassistant.testing.FakeEmbedder;
import com.researchassistant.testing.JsonPaths;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Research jobs on a real SQLite job store and session store, with fake models, sources and
 * fetcher: what the job tests start and follow.
 */
final class ResearchFixture implements AutoCloseable {

    static final String OWNER = "alice";

    private final JobStore store;
    private final JdbcSessionStore sessions;
    private final List<Upload> kept = new CopyOnWriteArrayList<>();
    private final List<Research> opened = new ArrayList<>();

    ResearchFixture(Path dir) {
        String url = "jdbc:sqlite:" + dir.resolve("research-assistant.db");
        this.store = JobStore.open(DatabaseConfig.of(url), Clock.systemUTC());
        this.sessions = JdbcSessionStore.open(url, Clock.systemUTC());
    }

    static ResearchConfig config(ResearchConfig.Budget standard) {
        ResearchConfig.Budget quick = new ResearchConfig.Budget(3, 6_000, 3, Duration.ofMinutes(1), 3, 3, 100, 2);
        return new ResearchConfig(
                1,
                4,
                1,
                4,
                20,
                2_000,
                Duration.ofMillis(250),
                Duration.ofSeconds(30),
                Duration.ofMillis(200),
                Duration.ofDays(7),
                quick,
                standard,
                Budgets.ample());
    }

    Research open(ResearchConfig config, FakeModels models, PassageSearch library, ResearchSources sources) {
        ResearchTools tools = new ResearchTools(
                models, new FakeEmbedder(), library, this::keep, new PassageReader(LibrarySettings.defaults()));
        Research research = Research.start(config, store, sessions, tools, sources, Clock.systemUTC());
        opened.add(research);
        return research;
    }

    private Document keep(String owner, Upload upload) {
        kept.add(upload);
        java.time.Instant now = java.time.Instant.now();
        return new Document(
                "doc-" + kept.size(),
                upload.title().orElse("?"),
                upload.mediaType().orElse("?"),
                upload.content().size(),
                DocumentStatus.READY,
                1,
                1,
                now,
                now,
                Optional.empty());
    }

    List<Upload> kept() {
        return List.copyOf(kept);
    }

    String newSession() {
        return sessions.create(OWNER, "Research").id();
    }

    Session session(String id) {
        return sessions.find(OWNER, id).orElseThrow();
    }

    /** Every event of the job after {@code after} until its end, read the way the events endpoint does. */
    static List<JobEvent> follow(Research research, String jobId, long after) throws InterruptedException {
        List<JobEvent> all = new ArrayList<>();
        long seen = after;
        for (int round = 0; round < 600; round++) {
            Jobs.Batch batch =
                    research.events(OWNER, jobId, seen, Duration.ofMillis(200)).orElseThrow();
            all.addAll(batch.events());
            if (!batch.events().isEmpty()) {
                seen = batch.events().getLast().seq();
            }
            if (batch.finished()) {
                return all;
            }
        }
        throw new AssertionError(
                "the job did not finish: " + all.stream().map(JobEvent::name).toList());
    }

    static List<String> names(List<JobEvent> events) {
        return events.stream().map(JobEvent::name).toList();
    }

    static List<String> data(List<JobEvent> events, String name, String field) {
        return events.stream()
                .filter(e -> e.name().equals(name))
                .map(e -> JsonPaths.tree(e.data()).path(field).asText())
                .toList();
    }

    static Job start(Research research, String sessionId, String question, String depth) {
        return research.start(OWNER, Optional.ofNullable(sessionId), question, depth, List.of());
    }

    /** Stops one instance's research, as a server shutting down would. */
    void stop(Research research) {
        research.close();
        opened.remove(research);
    }

    @Override
    public void close() {
        opened.forEach(Research::close);
        sessions.close();
        store.close();
    }
}
