package com.researchassistant.research;

import static com.researchassistant.research.ResearchFixture.OWNER;
import static com.researchassistant.research.ResearchFixture.data;
import static com.researchassistant.research.ResearchFixture.follow;
import static com.researchassistant.research.ResearchFixture.names;
import static com.researchassistant.research.ResearchJobTest.LIBRARY;
import static com.researchassistant.research.ResearchJobTest.QUESTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.SessionNotFound;
import com.researchassistant.job.Job;
import com.researchassistant.job.JobEvent;
import com.researchassistant.job.JobRefused;
import com.researchassistant.testing.FakeFetcher;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancelling, restarting, limits, bad requests and keeping a source: research jobs over their life. */
class ResearchLifecycleTest {

    /** The model call writing the second section. */
    private static final Predicate<FakeModels.Call> SECOND_SECTION =
            call -> call.user().contains("This section answers: Which sleep stages");

    @TempDir
    Path dir;

    private ResearchFixture fixture;
    private final FakeFetcher fetcher = new FakeFetcher()
            .page(
                    "https://oa.example.org/replay.html",
                    "text/html",
                    "<html><body><p>Slow-wave sleep replays memories.</p></body></html>");
    private final ResearchSources sources = new ResearchSources(List.of(ResearchJobTest.openalex()), true, fetcher);

    @BeforeEach
    void open() {
        fixture = new ResearchFixture(dir);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Research research(FakeModels models) {
        return fixture.open(ResearchFixture.config(Budgets.ample()), models, LIBRARY, sources);
    }

    @Test
    void a_cancelled_job_stops_and_keeps_what_it_wrote_marked_partial() throws Exception {
        // given a job held while writing its second section
        CountDownLatch never = new CountDownLatch(1);
        FakeModels models = FakeModels.researcher().holdWhen(SECOND_SECTION, never);
        Research research = research(models);
        String session = fixture.newSession();
        Job job = ResearchFixture.start(research, session, QUESTION, "standard");
        assertThat(models.reachedHold().await(20, TimeUnit.SECONDS)).isTrue();

        // when
        boolean cancelled = research.cancel(OWNER, job.id());

        // then
        assertThat(cancelled).isTrue();
        List<JobEvent> events = follow(research, job.id(), 0);
        assertThat(names(events).getLast()).isEqualTo("cancelled");
        assertThat(data(events, "report", "status")).containsExactly("partial");
        NewTurn report = fixture.session(session).turns().get(1).body();
        assertThat(report.status()).isEqualTo(NewTurn.Status.PARTIAL);
        assertThat(report.content())
                .startsWith("## How does sleep affect memory consolidation?")
                .doesNotContain("## Which sleep stages")
                .contains("The research was stopped before its end");
        assertThat(research.status(OWNER, job.id()).orElseThrow().status()).isEqualTo("cancelled");
        assertThat(research.cancel(OWNER, job.id())).isFalse();
    }

    @Test
    void a_job_stopped_mid_section_keeps_the_part_the_reader_saw_marked_partial() throws Exception {
        // given a job held half way through its second section
        CountDownLatch never = new CountDownLatch(1);
        FakeModels models = FakeModels.researcher().holdWhen(SECOND_SECTION, never, 5);
        Research research = research(models);
        String session = fixture.newSession();
        Job job = ResearchFixture.start(research, session, QUESTION, "standard");
        assertThat(models.reachedHold().await(20, TimeUnit.SECONDS)).isTrue();

        // when
        research.cancel(OWNER, job.id());

        // then the words streamed of it are stored, under its heading, the section's end sent as model_partial
        List<JobEvent> events = follow(research, job.id(), 0);
        assertThat(names(events).getLast()).isEqualTo("cancelled");
        NewTurn report = fixture.session(session).turns().get(1).body();
        assertThat(report.status()).isEqualTo(NewTurn.Status.PARTIAL);
        assertThat(report.content())
                .contains("## Which sleep stages matter most for memory?\n\nSleep strengthens new" + " memories [1].")
                .doesNotContain("## What do sleep deprivation studies show?")
                .contains("The research was stopped before its end");
        assertThat(data(events, "section_done", "method")).containsExactly("model", "model_partial", "rules", "rules");
        String streamed = String.join(
                "",
                events.stream()
                        .filter(e -> e.name().equals("section_delta"))
                        .filter(e -> e.data().contains("\"index\":1"))
                        .map(e -> com.researchassistant.testing.JsonPaths.tree(e.data())
                                .path("text")
                                .asText())
                        .toList());
        assertThat(report.content())
                .contains("## Which sleep stages matter most for memory?\n\n" + streamed.strip()
                        + "\n\n## About this report");
    }

    @Test
    void a_job_cut_off_by_a_restart_is_adopted_and_goes_on_from_its_checkpoint() throws Exception {
        // given an instance stopped while the job writes its second section
        CountDownLatch never = new CountDownLatch(1);
        FakeModels first = FakeModels.researcher().holdWhen(SECOND_SECTION, never);
        Research dying = research(first);
        String session = fixture.newSession();
        Job job = ResearchFixture.start(dying, session, QUESTION, "standard");
        assertThat(first.reachedHold().await(20, TimeUnit.SECONDS)).isTrue();
        fixture.stop(dying);

        // when the next instance starts
        FakeModels second = FakeModels.researcher();
        Research next = research(second);
        List<JobEvent> events = follow(next, job.id(), 0);

        // then it kept the plan and the first section, read the sources again and wrote the rest once
        assertThat(names(events))
                .containsSubsequence(
                        "started",
                        "plan",
                        "selected",
                        "section_done",
                        "resumed",
                        "read",
                        "section_started",
                        "report",
                        "done");
        assertThat(data(events, "resumed", "from")).containsExactly("write");
        assertThat(second.calls()).noneMatch(call -> call.system().startsWith("You plan research"));
        assertThat(second.calls()).noneMatch(call -> call.user().contains("This section answers: How does sleep"));
        List<String> sessionTurns = fixture.session(session).turns().stream()
                .map(t -> t.body().role().name())
                .toList();
        assertThat(sessionTurns).containsExactly("USER", "ASSISTANT");
        String report = fixture.session(session).turns().get(1).body().content();
        assertThat(report.split("## Which sleep stages matter most for memory\\?", -1))
                .hasSize(2);
        assertThat(report).startsWith("## How does sleep affect memory consolidation?");
        assertThat(research(FakeModels.researcher())
                        .status(OWNER, job.id())
                        .orElseThrow()
                        .spending()
                        .modelCalls())
                .isEqualTo(1 + 3 + 1 + 1); // the held call counts: it was granted
    }

    @Test
    void one_person_may_run_one_job_while_another_starts_theirs() throws Exception {
        // given
        CountDownLatch release = new CountDownLatch(1);
        Research research = research(FakeModels.researcher().holdWhen(call -> true, release));
        Job running = ResearchFixture.start(research, fixture.newSession(), QUESTION, "quick");

        // when / then
        assertThatThrownBy(() -> ResearchFixture.start(research, fixture.newSession(), QUESTION, "quick"))
                .isInstanceOfSatisfying(
                        JobRefused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(JobRefused.Reason.PER_IDENTITY));
        Job other = research.start("bob", Optional.empty(), QUESTION, "quick", List.of());
        assertThat(other.owner()).isEqualTo("bob");
        release.countDown();
        assertThat(names(follow(research, running.id(), 0)).getLast()).isEqualTo("done");
    }

    @Test
    void another_persons_job_is_as_if_it_did_not_exist() throws Exception {
        // given
        Research research = research(FakeModels.researcher());
        Job job = ResearchFixture.start(research, fixture.newSession(), QUESTION, "quick");

        // then
        assertThat(research.status("bob", job.id())).isEmpty();
        assertThat(research.events("bob", job.id(), 0, java.time.Duration.ZERO)).isEmpty();
        assertThat(research.cancel("bob", job.id())).isFalse();
        assertThat(research.keep("bob", job.id(), 1)).isInstanceOf(SourceKeeper.NotFound.class);
        follow(research, job.id(), 0);
    }

    @Test
    void a_request_that_cannot_be_researched_is_refused_saying_why() {
        // given
        Research research = research(FakeModels.researcher());
        String session = fixture.newSession();

        // then
        assertThatThrownBy(() -> research.start(OWNER, Optional.of(session), "  ", "quick", List.of()))
                .isInstanceOfSatisfying(
                        ResearchRejected.class, e -> assertThat(e.field()).isEqualTo("question"));
        assertThatThrownBy(() -> research.start(OWNER, Optional.of(session), "x".repeat(2_001), "quick", List.of()))
                .isInstanceOf(ResearchRejected.class)
                .hasMessageContaining("at most 2000");
        assertThatThrownBy(() -> research.start(OWNER, Optional.of(session), QUESTION, "forever", List.of()))
                .isInstanceOfSatisfying(
                        ResearchRejected.class, e -> assertThat(e.field()).isEqualTo("depth"));
        assertThatThrownBy(() -> research.start(OWNER, Optional.of(session), QUESTION, "quick", List.of("google")))
                .isInstanceOf(ResearchRejected.class)
                .hasMessageContaining("library, openalex");
        assertThatThrownBy(() -> research.start(OWNER, Optional.of("no-such-session"), QUESTION, "quick", List.of()))
                .isInstanceOf(SessionNotFound.class);
        assertThatThrownBy(() -> research.start("bob", Optional.of(session), QUESTION, "quick", List.of()))
                .isInstanceOf(SessionNotFound.class);
    }

    @Test
    void a_source_of_the_report_is_kept_in_the_library_with_its_full_text_or_else_its_abstract() throws Exception {
        // given
        Research research = research(FakeModels.researcher());
        Job job = ResearchFixture.start(research, fixture.newSession(), QUESTION, "standard");
        follow(research, job.id(), 0);
        List<ResearchStatus.SourceView> selected =
                research.status(OWNER, job.id()).orElseThrow().sources();
        int openAccess = selected.stream()
                .filter(s -> s.title().equals("Memory replay during sleep"))
                .findFirst()
                .orElseThrow()
                .n();
        int abstractOnly = selected.stream()
                .filter(s -> s.title().equals("Sleep spindles and recall"))
                .findFirst()
                .orElseThrow()
                .n();
        int library = selected.stream()
                .filter(s -> s.kind().equals("library"))
                .findFirst()
                .orElseThrow()
                .n();

        // when
        SourceKeeper.Kept full = research.keep(OWNER, job.id(), openAccess);
        SourceKeeper.Kept summary = research.keep(OWNER, job.id(), abstractOnly);

        // then
        assertThat(full).isInstanceOf(SourceKeeper.Added.class);
        assertThat(fixture.kept().get(0).mediaType()).contains("text/html");
        assertThat(fixture.kept().get(0).title()).contains("Memory replay during sleep");
        assertThat(new String(fixture.kept().get(1).content().readAll(), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith(
                        "Ada Lovelace and Alan Turing (2021). Sleep spindles and recall. Journal of Sleep Research.")
                .endsWith("Spindles predict recall.");
        assertThat(summary).isInstanceOf(SourceKeeper.Added.class);
        assertThat(research.keep(OWNER, job.id(), library)).isEqualTo(new SourceKeeper.AlreadyInLibrary("d1"));
        assertThat(research.keep(OWNER, job.id(), 99)).isEqualTo(new SourceKeeper.NotFound("source 99"));
    }
}
