package com.researchassistant.research;

import static com.researchassistant.research.ResearchFixture.OWNER;
import static com.researchassistant.research.ResearchFixture.data;
import static com.researchassistant.research.ResearchFixture.follow;
import static com.researchassistant.research.ResearchFixture.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.PassageSearch;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.config.ResearchConfig;
import com.researchassistant.job.Job;
import com.researchassistant.job.JobEvent;
import com.researchassistant.retrieve.Passage;
import com.researchassistant.retrieve.ScoredPassage;
import com.researchassistant.sources.SourceException;
import com.researchassistant.testing.FakeFetcher;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.ScriptedProvider;
import com.researchassistant.testing.Works;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResearchJobTest {

    static final String QUESTION = "Does sleep improve memory consolidation?";

    static final PassageSearch LIBRARY = (owner, query, k) -> List.of(new ScoredPassage(
            new Passage(
                    "d1:0",
                    owner,
                    "d1",
                    "My sleep notes",
                    0,
                    "",
                    "Sleep deprivation lowered recall in my own small study."),
            0.7));
    static final PassageSearch EMPTY_LIBRARY = (owner, query, k) -> List.of();

    @TempDir
    Path dir;

    private ResearchFixture fixture;
    private final FakeFetcher fetcher = new FakeFetcher()
            .page(
                    "https://oa.example.org/replay.html",
                    "text/html",
                    "<html><body><p>Slow-wave sleep replays memories of the day, which strengthens them.</p></body></html>");

    static ScriptedProvider openalex() {
        return ScriptedProvider.answering(
                "openalex",
                query -> List.of(
                        Works.openAccess(
                                "openalex",
                                "Memory replay during sleep",
                                "10.1/replay",
                                "https://oa.example.org/replay.html",
                                "Replay in slow-wave sleep."),
                        Works.paper(
                                "openalex", "Sleep spindles and recall", "10.1/spindles", "Spindles predict recall."),
                        Works.paper(
                                "openalex", "Sleep deprivation and memory", "10.1/deprivation", "Deprivation hurts.")));
    }

    @BeforeEach
    void open() {
        fixture = new ResearchFixture(dir);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Research research(
            ResearchConfig.Budget budget,
            FakeModels models,
            PassageSearch library,
            List<com.researchassistant.sources.SourceProvider> providers) {
        return fixture.open(
                ResearchFixture.config(budget), models, library, new ResearchSources(providers, true, fetcher));
    }

    @Test
    void a_job_plans_searches_selects_reads_writes_and_stores_its_report_in_the_conversation() throws Exception {
        // given
        Research research = research(Budgets.ample(), FakeModels.researcher(), LIBRARY, List.of(openalex()));
        String session = fixture.newSession();

        // when
        Job job = ResearchFixture.start(research, session, QUESTION, "standard");
        List<JobEvent> events = follow(research, job.id(), 0);

        // then the events tell the story in order
        assertThat(names(events))
                .containsSubsequence(
                        "started",
                        "step",
                        "plan",
                        "searched",
                        "step",
                        "selected",
                        "read",
                        "section_started",
                        "section_delta",
                        "section_done",
                        "report",
                        "done");
        assertThat(data(events, "section_started", "title"))
                .containsExactly(
                        "How does sleep affect memory consolidation?",
                        "Which sleep stages matter most for memory?",
                        "What do sleep deprivation studies show?",
                        Writer.DISAGREEMENTS_TITLE,
                        "About this report",
                        "References");
        assertThat(data(events, "read", "how"))
                .containsExactlyInAnyOrder("full_text", "abstract", "abstract", "library");
        // and the report is stored as an answer after its question
        Session stored = fixture.session(session);
        assertThat(stored.turns()).hasSize(2);
        assertThat(stored.turns().getFirst().body().content()).isEqualTo(QUESTION);
        NewTurn report = stored.turns().get(1).body();
        assertThat(report.role()).isEqualTo(NewTurn.Role.ASSISTANT);
        assertThat(report.status()).isEqualTo(NewTurn.Status.COMPLETE);
        assertThat(report.profile()).isEqualTo("research");
        assertThat(report.model()).isEqualTo(FakeModels.MODEL);
        assertThat(report.content())
                .startsWith("## How does sleep affect memory consolidation?\n\nSleep strengthens")
                .contains("## References\n\n[1] ")
                .contains("https://doi.org/10.1/");
        assertThat(report.sources()).hasSize(4).extracting(s -> s.kind()).contains("library", "paper");
        assertThat(report.trace().intent()).isEqualTo("research");
        assertThat(report.trace().steps())
                .extracting(TraceStep::step)
                .containsSubsequence("plan", "search", "select", "read", "write", "write", "write", "write");
        assertThat(report.trace().reasoning().evidence()).hasSize(3);
        // and its citations were checked against what was read, like an answer's
        assertThat(report.citations().claims())
                .isNotEmpty()
                .allSatisfy(claim -> assertThat(claim.end())
                        .isLessThanOrEqualTo(report.content().length()));
        assertThat(report.trace().steps()).extracting(TraceStep::step).contains("verify");
        assertThat(names(events)).containsSubsequence("section_done", "verified", "report", "done");
        assertThat(report.trace().steps())
                .allSatisfy(step -> assertThat(step.placed()).isTrue());
        String done = JsonPaths.tree(events.getLast().data())
                .path("result")
                .path("turnId")
                .asText();
        assertThat(done).isEqualTo(stored.turns().get(1).id());
        ResearchStatus status = research.status(OWNER, job.id()).orElseThrow();
        assertThat(status.status()).isEqualTo("done");
        assertThat(status.stage()).isEqualTo("done");
        assertThat(status.report().content()).isEqualTo(report.content());
    }

    @Test
    void only_the_written_sections_are_checked_not_the_reference_list_or_how_the_job_worked() throws Exception {
        // given
        Research research = research(Budgets.ample(), FakeModels.researcher(), LIBRARY, List.of(openalex()));
        String session = fixture.newSession();

        // when
        Job job = ResearchFixture.start(research, session, QUESTION, "standard");
        follow(research, job.id(), 0);

        // then every verdict falls before the job's own closing sections, which are stored unchanged
        NewTurn report = fixture.session(session).turns().get(1).body();
        int closing = report.content().indexOf("\n\n## About this report\n\n");
        assertThat(closing).isPositive();
        assertThat(report.content().substring(closing)).contains("\n\n## References\n\n[1] ");
        assertThat(report.citations().claims())
                .isNotEmpty()
                .allSatisfy(claim -> assertThat(claim.end()).isLessThanOrEqualTo(closing));
    }

    @Test
    void the_streamed_sections_joined_are_the_stored_report() throws Exception {
        // given
        Research research = research(Budgets.ample(), FakeModels.researcher(), LIBRARY, List.of(openalex()));
        String session = fixture.newSession();

        // when
        Job job = ResearchFixture.start(research, session, QUESTION, "standard");
        List<JobEvent> events = follow(research, job.id(), 0);

        // then
        List<String> titles = data(events, "section_started", "title");
        StringBuilder rebuilt = new StringBuilder();
        for (int i = 0; i < titles.size(); i++) {
            int index = i;
            String text = events.stream()
                    .filter(e -> e.name().equals("section_delta"))
                    .map(e -> JsonPaths.tree(e.data()))
                    .filter(d -> d.path("index").asInt() == index)
                    .map(d -> d.path("text").asText())
                    .collect(Collectors.joining());
            rebuilt.append(i == 0 ? "" : "\n\n")
                    .append("## ")
                    .append(titles.get(i))
                    .append("\n\n")
                    .append(text.strip());
        }
        assertThat(rebuilt.toString())
                .isEqualTo(fixture.session(session).turns().get(1).body().content());
    }

    @Test
    void with_no_network_research_works_over_the_library_and_says_what_was_unreachable() throws Exception {
        // given
        Research research = research(
                Budgets.ample(),
                FakeModels.researcher(),
                LIBRARY,
                List.of(
                        ScriptedProvider.failing("openalex", SourceException.Kind.UNAVAILABLE),
                        ScriptedProvider.failing("arxiv", SourceException.Kind.TIMEOUT)));
        String session = fixture.newSession();

        // when
        Job job = ResearchFixture.start(research, session, QUESTION, "standard");
        List<JobEvent> events = follow(research, job.id(), 0);

        // then
        assertThat(data(events, "source_unreachable", "provider")).containsExactlyInAnyOrder("openalex", "arxiv");
        NewTurn report = fixture.session(session).turns().get(1).body();
        assertThat(report.status()).isEqualTo(NewTurn.Status.COMPLETE);
        assertThat(report.sources())
                .singleElement()
                .satisfies(s -> assertThat(s.kind()).isEqualTo("library"));
        assertThat(report.content())
                .contains("Could not be searched: arxiv (timeout), openalex (unavailable)")
                .contains("[1] My sleep notes. In your library.");
        assertThat(report.trace().reasoning().uncertainty())
                .anySatisfy(u -> assertThat(u).contains("openalex"));
    }

    @Test
    void a_small_budget_is_never_exceeded_and_what_it_cut_is_said_in_the_report() throws Exception {
        // given the quick depth: 3 model calls, 6,000 tokens, 3 sources
        Research research = research(Budgets.ample(), FakeModels.researcher(), LIBRARY, List.of(openalex()));
        String session = fixture.newSession();

        // when
        Job job = ResearchFixture.start(research, session, QUESTION, "quick");
        follow(research, job.id(), 0);

        // then
        ResearchStatus status = research.status(OWNER, job.id()).orElseThrow();
        ResearchStatus.Spending spent = status.spending();
        assertThat(spent.modelCalls()).isLessThanOrEqualTo(3);
        assertThat(spent.tokens()).isLessThanOrEqualTo(6_000);
        assertThat(spent.sourcesRead()).isLessThanOrEqualTo(3);
        assertThat(status.sources()).hasSize(3);
        assertThat(status.cuts())
                .anySatisfy(c -> assertThat(c).contains("Read the 3 most relevant of 4 sources"))
                .anySatisfy(c -> assertThat(c).contains("the model-call budget was spent"));
        assertThat(status.report().content()).contains("Cut: Read the 3 most relevant of 4 sources");
        assertThat(status.sections())
                .extracting(ResearchStatus.SectionView::method)
                .contains("model", "extract");
    }

    @Test
    void without_any_source_the_report_is_a_notice_saying_so() throws Exception {
        // given
        Research research = research(
                Budgets.ample(),
                FakeModels.researcher(),
                EMPTY_LIBRARY,
                List.of(ScriptedProvider.answering("openalex", query -> List.of())));
        String session = fixture.newSession();

        // when
        Job job = ResearchFixture.start(research, session, QUESTION, "standard");
        follow(research, job.id(), 0);

        // then
        NewTurn report = fixture.session(session).turns().get(1).body();
        assertThat(report.status()).isEqualTo(NewTurn.Status.NOTICE);
        assertThat(report.content())
                .startsWith("## No sources found")
                .contains("## References\n\nNo sources were found.");
    }

    @Test
    void without_a_model_the_plan_comes_from_rules_and_the_sections_from_the_sources_own_words() throws Exception {
        // given
        Research research = research(Budgets.ample(), FakeModels.none(), LIBRARY, List.of(openalex()));
        String session = fixture.newSession();

        // when
        Job job = ResearchFixture.start(research, session, QUESTION, "standard");
        List<JobEvent> events = follow(research, job.id(), 0);

        // then
        assertThat(data(events, "plan", "method")).containsExactly("rules");
        assertThat(names(events).getLast()).isEqualTo("done");
        NewTurn report = fixture.session(session).turns().get(1).body();
        assertThat(report.content())
                .contains("No model could write this section")
                .contains("[1]");
        assertThat(report.model()).isEmpty();
    }

    @Test
    void a_job_without_a_conversation_keeps_its_report_in_its_status() throws Exception {
        // given
        Research research = research(Budgets.ample(), FakeModels.researcher(), LIBRARY, List.of(openalex()));

        // when
        Job job = ResearchFixture.start(research, null, QUESTION, "standard");
        follow(research, job.id(), 0);

        // then
        ResearchStatus status = research.status(OWNER, job.id()).orElseThrow();
        assertThat(status.report().turnId()).isEmpty();
        assertThat(status.report().content()).contains("## References");
        assertThat(research.reportSources(OWNER, job.id())).hasSize(4);
    }

    @Test
    void the_sources_a_request_names_are_the_only_ones_searched() throws Exception {
        // given
        ScriptedProvider openalex = openalex();
        ScriptedProvider arxiv = ScriptedProvider.answering("arxiv", query -> List.of());
        Research research = research(Budgets.ample(), FakeModels.researcher(), LIBRARY, List.of(openalex, arxiv));

        // when
        Job job = research.start(
                OWNER, java.util.Optional.of(fixture.newSession()), QUESTION, "standard", List.of("arxiv"));
        List<JobEvent> events = follow(research, job.id(), 0);

        // then
        assertThat(openalex.queries()).isEmpty();
        assertThat(arxiv.queries()).hasSize(3);
        assertThat(JsonPaths.tree(events.getFirst().data()).path("sources").toString())
                .isEqualTo("[\"arxiv\"]");
        assertThat(Duration.ofMillis(research.status(OWNER, job.id())
                        .orElseThrow()
                        .spending()
                        .elapsedMillis()))
                .isLessThan(Duration.ofMinutes(1));
    }
}
