package com.researchassistant.research;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.FakeEmbedder;
import com.researchassistant.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final RecordedEvents recorded = new RecordedEvents();

    private static ReportSource source(
            String provider,
            String title,
            String doi,
            String arxiv,
            String pmid,
            String url,
            String fullText,
            String abstractText,
            int subQuestion) {
        return new ReportSource(
                0,
                doi.isEmpty() && arxiv.isEmpty() && pmid.isEmpty() ? ReportSource.WEB : ReportSource.PAPER,
                provider,
                title,
                List.of(),
                0,
                "",
                doi,
                arxiv,
                pmid,
                url,
                fullText,
                abstractText,
                "",
                List.of(subQuestion),
                0);
    }

    @Test
    void the_same_work_found_under_a_doi_an_arxiv_id_a_pmid_or_a_url_is_kept_once() {
        // given
        List<ReportSource> found = List.of(
                source("openalex", "Sleep and memory", "10.1234/ABC", "", "", "", "", "short", 0),
                source("crossref", "Sleep and memory", "", "", "", "https://doi.org/10.1234/abc", "", "", 1),
                source(
                        "arxiv",
                        "Replay in sleep",
                        "",
                        "2101.00001v2",
                        "",
                        "",
                        "https://arxiv.org/pdf/2101.00001v2",
                        "",
                        0),
                source("searxng", "Replay in sleep", "", "", "", "http://www.arxiv.org/abs/2101.00001", "", "", 0),
                source("pubmed", "A trial", "", "", "31234567", "", "", "", 0),
                source("searxng", "A trial", "", "", "", "https://pubmed.ncbi.nlm.nih.gov/31234567/", "", "", 0),
                source(
                        "searxng",
                        "A blog",
                        "",
                        "",
                        "",
                        "https://www.example.org/post/?utm_source=x&b=2&a=1#top",
                        "",
                        "",
                        0),
                source("brave", "A blog", "", "", "", "http://example.org/post?a=1&b=2", "", "", 0),
                source("brave", "Another blog", "", "", "", "https://example.org/other", "", "", 0));

        // when
        List<ReportSource> unique = Selector.dedupe(found);

        // then
        assertThat(unique)
                .extracting(ReportSource::title)
                .containsExactly("Sleep and memory", "Replay in sleep", "A trial", "A blog", "Another blog");
        assertThat(unique.getFirst().subQuestions()).containsExactly(0, 1);
    }

    @Test
    void a_merged_work_keeps_what_each_duplicate_knew() {
        // given
        ReportSource openalex = source("openalex", "Replay in sleep", "10.9/replay", "", "", "", "", "short", 0);
        ReportSource arxiv = source(
                "arxiv",
                "Replay in sleep",
                "10.9/replay",
                "2101.00001",
                "",
                "",
                "https://arxiv.org/pdf/2101.00001",
                "a much longer abstract of the preprint",
                2);

        // when
        ReportSource merged = Selector.dedupe(List.of(openalex, arxiv)).getFirst();

        // then
        assertThat(merged.provider()).isEqualTo("openalex");
        assertThat(merged.arxivId()).isEqualTo("2101.00001");
        assertThat(merged.fullTextUrl()).isEqualTo("https://arxiv.org/pdf/2101.00001");
        assertThat(merged.abstractText()).isEqualTo("a much longer abstract of the preprint");
        assertThat(merged.subQuestions()).containsExactly(0, 2);
    }

    @Test
    void keeps_the_closest_in_meaning_within_the_budget_with_every_sub_question_covered_and_says_what_it_cut() {
        // given three sources close to sub-question 0, one weak one for sub-question 1
        List<ReportSource> found = List.of(
                source("a", "Sleep consolidates memory", "10.1/a", "", "", "", "", "sleep memory consolidation", 0),
                source("a", "Sleep memory consolidation in adults", "10.1/b", "", "", "", "", "sleep memory", 0),
                source("a", "Memory consolidation during sleep", "10.1/c", "", "", "", "", "sleep memory", 0),
                source("a", "Tax law in Norway", "10.1/d", "", "", "", "", "taxes", 1));
        Selector selector = new Selector(new FakeEmbedder(), clock);

        // when
        Selector.Selection selection = selector.select(
                "sleep memory consolidation",
                List.of("sleep memory consolidation", "naps"),
                found,
                Budgets.meter(Budgets.withSources(2), clock, recorded));

        // then
        assertThat(selection.selected()).extracting(ReportSource::number).containsExactly(1, 2);
        assertThat(selection.selected()).extracting(ReportSource::title).contains("Tax law in Norway");
        assertThat(selection.selected().getFirst().score())
                .isGreaterThan(selection.selected().get(1).score());
        assertThat(selection.unique()).isEqualTo(4);
        assertThat(recorded.named("cut").getFirst().path("message").asText())
                .contains("Read the 2 most relevant of 4 sources found");
    }

    @Test
    void normalises_urls_and_ids_the_way_providers_slip_on_them() {
        assertThat(SourceKeys.url("https://dx.doi.org/10.5555/XyZ")).isEqualTo("doi:10.5555/xyz");
        assertThat(SourceKeys.url("https://arxiv.org/abs/hep-th/9901001v3")).isEqualTo("arxiv:hep-th/9901001");
        assertThat(SourceKeys.url("https://Example.org:443/a/b/?utm_medium=m&fbclid=1"))
                .isEqualTo("url:example.org/a/b");
        assertThat(SourceKeys.url("http://example.org:8080/a")).isEqualTo("url:example.org:8080/a");
        assertThat(SourceKeys.doi("doi: 10.1/ABC")).isEqualTo("10.1/abc");
        assertThat(SourceKeys.arxiv("arXiv:2101.00001v4")).isEqualTo("2101.00001");
    }
}
