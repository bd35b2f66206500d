package com.researchassistant.research;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.chat.PassageSearch;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.retrieve.Passage;
import com.researchassistant.retrieve.ScoredPassage;
import com.researchassistant.sources.SourceException;
import com.researchassistant.testing.MutableClock;
import com.researchassistant.testing.ScriptedProvider;
import com.researchassistant.testing.Works;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SearcherTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final RecordedEvents recorded = new RecordedEvents();

    private static final PassageSearch LIBRARY = (owner, query, k) -> List.of(
            new ScoredPassage(new Passage("d1:0", owner, "d1", "My notes on sleep", 0, "", "Sleep helps memory."), 0.9),
            new ScoredPassage(new Passage("d1:1", owner, "d1", "My notes on sleep", 1, "", "Naps help too."), 0.8));

    private Searcher.Found search(Searcher.Scope scope, int concurrency, List<String> queries) throws Exception {
        Searcher searcher = new Searcher(LIBRARY, new Parallel(concurrency), clock);
        return searcher.search(
                "alice", queries, scope, Budgets.meter(Budgets.ample(), clock, recorded), recorded.events());
    }

    @Test
    void searches_every_sub_question_in_the_library_and_each_provider() throws Exception {
        // given
        ScriptedProvider openalex = ScriptedProvider.answering(
                "openalex",
                query -> List.of(Works.paper("openalex", "Paper on " + query, "10.1/" + query.length(), "abstract")));

        // when
        Searcher.Found found = search(new Searcher.Scope(true, List.of(openalex)), 4, List.of("sleep?", "memory?!"));

        // then
        assertThat(openalex.queries()).containsExactlyInAnyOrder("sleep?", "memory?!");
        assertThat(found.sources())
                .extracting(ReportSource::title)
                .containsExactly("My notes on sleep", "Paper on sleep?", "My notes on sleep", "Paper on memory?!");
        ReportSource library = found.sources().getFirst();
        assertThat(library.kind()).isEqualTo(ReportSource.LIBRARY);
        assertThat(library.abstractText()).isEqualTo("Sleep helps memory.\n\nNaps help too.");
        assertThat(found.sources().get(3).subQuestions()).containsExactly(1);
        assertThat(recorded.named("searched")).hasSize(2);
        assertThat(recorded.named("searched")
                        .getFirst()
                        .path("found")
                        .path("openalex")
                        .asInt())
                .isEqualTo(1);
        assertThat(found.step().outcome()).isEqualTo(TraceStep.Outcome.OK);
    }

    @Test
    void a_failing_provider_is_recorded_once_and_the_job_goes_on_without_it() throws Exception {
        // given
        ScriptedProvider arxiv = ScriptedProvider.failing("arxiv", SourceException.Kind.UNAVAILABLE);
        ScriptedProvider pubmed = ScriptedProvider.answering(
                "pubmed", query -> List.of(Works.paper("pubmed", "A trial", "10.2/x", "abstract")));

        // when one sub-question at a time, so the second search knows of the first failure
        Searcher.Found found = search(new Searcher.Scope(false, List.of(arxiv, pubmed)), 1, List.of("a", "b", "c"));

        // then
        assertThat(arxiv.queries()).hasSize(1);
        assertThat(found.unreachable()).containsEntry("arxiv", "unavailable");
        assertThat(recorded.named("source_unreachable")).hasSize(1);
        assertThat(found.sources())
                .hasSize(3)
                .allSatisfy(s -> assertThat(s.provider()).isEqualTo("pubmed"));
        assertThat(found.step().detail()).contains("unreachable: arxiv (unavailable)");
    }

    @Test
    void searches_run_in_parallel_but_never_more_at_once_than_the_cap() throws Exception {
        // given searches that pass only in pairs: two must run at once for any to finish
        CyclicBarrier pairs = new CyclicBarrier(2);
        ScriptedProvider slow = ScriptedProvider.answering("openalex", query -> {
            try {
                pairs.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return List.of();
        });

        // when
        Searcher.Found found = search(new Searcher.Scope(false, List.of(slow)), 2, List.of("a", "b", "c", "d"));

        // then
        assertThat(slow.queries()).hasSize(4);
        assertThat(slow.mostAtOnce()).isEqualTo(2);
        assertThat(found.unreachable()).isEmpty();
    }

    @Test
    void with_every_source_unreachable_the_step_says_it_failed() throws Exception {
        // when
        Searcher.Found found = search(
                new Searcher.Scope(false, List.of(ScriptedProvider.failing("openalex", SourceException.Kind.TIMEOUT))),
                2,
                List.of("a"));

        // then
        assertThat(found.sources()).isEmpty();
        assertThat(found.step().outcome()).isEqualTo(TraceStep.Outcome.FAILED);
    }
}
