package com.researchassistant.sources;

import static com.researchassistant.sources.ProviderFixture.BUDGET;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.FakeScholarlyWeb;
import com.researchassistant.testing.ScholarlyCorpus;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OpenAlex, arXiv, PubMed, Crossref and Semantic Scholar mapped from their documented answers (played by the fake). */
class ScholarlyProvidersTest {

    private final ProviderFixture fixture = new ProviderFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private URI at(String path) {
        return URI.create(fixture.web.url() + path);
    }

    @Test
    void openalex_maps_ids_authors_venue_open_access_and_rebuilds_the_abstract() throws Exception {
        // given
        SourceProvider openAlex = fixture.provider("openalex");
        ScholarlyCorpus.Work expected = ScholarlyCorpus.work("sleep-spindles-recall");

        // when
        List<FoundSource> found = openAlex.search("sleep spindle density and overnight memory retention", 5, BUDGET);

        // then
        FoundSource first = found.get(0);
        assertThat(first.provider()).isEqualTo("openalex");
        assertThat(first.title()).isEqualTo(expected.title());
        assertThat(first.authors()).containsExactly("Maren Okafor", "Tobias Lindqvist", "Priya Raman");
        assertThat(first.year()).isEqualTo(OptionalInt.of(2021));
        assertThat(first.venue()).isEqualTo("Journal of Sleep and Cognition");
        assertThat(first.doi()).contains("10.5555/jsc.2021.0142");
        assertThat(first.pmid()).contains("39100101");
        assertThat(first.arxivId()).isEmpty();
        assertThat(first.landingUrl()).contains(at("/landing/sleep-spindles-recall"));
        assertThat(first.fullTextUrl()).contains(fixture.web.fullText("sleep-spindles-recall"));
        assertThat(first.abstractText()).isEqualTo(expected.abstractText());
        assertThat(found).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void openalex_is_asked_with_search_page_size_fields_and_the_polite_mailto() throws Exception {
        // when
        fixture.provider("openalex").search("microplastics in river sediments", 3, BUDGET);

        // then
        var request = fixture.web.requests("openalex").get(0);
        assertThat(request.path()).isEqualTo("/openalex/works");
        assertThat(request.query())
                .containsEntry("search", "microplastics in river sediments")
                .containsEntry("per_page", "3")
                .containsEntry("mailto", "research-tests@example.org")
                .containsEntry("api_key", FakeScholarlyWeb.OPENALEX_KEY)
                .containsKey("select");
        assertThat(request.header("user-agent"))
                .hasValueSatisfying(ua -> assertThat(ua).contains("mailto:research-tests@example.org"));
    }

    @Test
    void openalex_finds_the_arxiv_id_in_an_arxiv_doi_and_no_full_text_for_a_closed_work() throws Exception {
        // when
        List<FoundSource> sparse =
                fixture.provider("openalex").search("block-sparse attention book-length documents", 1, BUDGET);
        List<FoundSource> closed =
                fixture.provider("openalex").search("targeted memory reactivation meta-analysis", 1, BUDGET);

        // then
        assertThat(sparse.get(0).arxivId()).contains("2403.04417");
        assertThat(sparse.get(0).doi()).contains("10.48550/arxiv.2403.04417");
        assertThat(closed.get(0).title()).startsWith("Targeted memory reactivation");
        assertThat(closed.get(0).fullTextUrl()).isEmpty();
    }

    @Test
    void arxiv_maps_an_atom_entry_and_drops_the_version_and_the_hard_wraps() throws Exception {
        // when
        List<FoundSource> found =
                fixture.provider("arxiv").search("block-sparse attention for long documents", 5, BUDGET);

        // then
        FoundSource first = found.get(0);
        assertThat(first.arxivId()).contains("2403.04417");
        assertThat(first.title())
                .isEqualTo(
                        ScholarlyCorpus.work("sparse-attention-long-documents").title());
        assertThat(first.abstractText())
                .isEqualTo(
                        ScholarlyCorpus.work("sparse-attention-long-documents").abstractText());
        assertThat(first.authors()).containsExactly("Arjun Mehta", "Lea Schultz", "Wei Zhang");
        assertThat(first.year()).isEqualTo(OptionalInt.of(2024));
        assertThat(first.venue()).isEqualTo("arXiv");
        assertThat(first.doi()).isEmpty();
        assertThat(first.fullTextUrl()).contains(at("/oa/sparse-attention-long-documents.pdf"));
        assertThat(first.landingUrl()).contains(at("/landing/sparse-attention-long-documents"));
    }

    @Test
    void arxiv_reads_the_journal_doi_and_reference_of_a_published_preprint() throws Exception {
        // when
        List<FoundSource> found =
                fixture.provider("arxiv").search("retrieval or longer context question answering reports", 5, BUDGET);

        // then
        FoundSource published = found.stream()
                .filter(s -> s.arxivId().equals(java.util.Optional.of("2406.11873")))
                .findFirst()
                .orElseThrow();
        assertThat(published.doi()).contains("10.5555/tls.2024.0021");
        assertThat(published.venue()).isEqualTo("Transactions on Language Systems 2 (2024)");
    }

    @Test
    void arxiv_is_asked_for_the_significant_words_anded() throws Exception {
        // when
        fixture.provider("arxiv").search("What does sparse attention do for long documents?", 4, BUDGET);

        // then
        var request = fixture.web.requests("arxiv").get(0);
        assertThat(request.query())
                .containsEntry("search_query", "all:sparse AND all:attention AND all:long AND all:documents")
                .containsEntry("max_results", "4")
                .containsEntry("sortBy", "relevance");
    }

    @Test
    void arxiv_calls_are_spaced_three_seconds_apart() throws Exception {
        // given
        SourceProvider arxiv = fixture.provider("arxiv");

        // when
        arxiv.search("sparse attention", 2, BUDGET);
        arxiv.search("long context retrieval", 2, BUDGET);

        // then
        assertThat(fixture.sleeper.waits()).containsExactly(java.time.Duration.ofSeconds(3));
        assertThat(fixture.web.requests("arxiv")).hasSize(2);
    }

    @Test
    void pubmed_searches_then_fetches_and_maps_structured_abstracts_and_collective_authors() throws Exception {
        // when
        List<FoundSource> found = fixture.provider("pubmed").search("sleep spindles memory older adults", 3, BUDGET);

        // then
        FoundSource first = found.get(0);
        assertThat(first.pmid()).contains("39100101");
        assertThat(first.doi()).contains("10.5555/jsc.2021.0142");
        assertThat(first.year()).isEqualTo(OptionalInt.of(2021));
        assertThat(first.venue()).isEqualTo("Journal of Sleep and Cognition");
        assertThat(first.authors())
                .containsExactly("Maren Okafor", "Tobias Lindqvist", "Priya Raman", "Sleep and Memory Study Group");
        assertThat(first.abstractText())
                .startsWith("BACKGROUND: We recorded overnight polysomnography")
                .contains("RESULTS: ");
        assertThat(first.landingUrl()).contains(URI.create("https://pubmed.ncbi.nlm.nih.gov/39100101/"));
        assertThat(first.fullTextUrl()).isEmpty();
        assertThat(fixture.web.requests("pubmed"))
                .extracting(r -> r.path())
                .containsExactly("/pubmed/esearch.fcgi", "/pubmed/efetch.fcgi");
    }

    @Test
    void pubmed_reads_italic_markup_and_a_free_text_medline_date() throws Exception {
        // when
        List<FoundSource> found =
                fixture.provider("pubmed").search("polystyrene microplastics Daphnia reproduction", 1, BUDGET);

        // then
        assertThat(found.get(0).title())
                .isEqualTo("Chronic exposure to polystyrene microplastics reduces reproduction in Daphnia magna");
        assertThat(found.get(0).year()).isEqualTo(OptionalInt.of(2020));
        assertThat(found.get(0).abstractText()).contains("Daphnia magna fed polystyrene beads");
    }

    @Test
    void pubmed_sends_tool_email_and_the_key_and_skips_efetch_without_hits() throws Exception {
        // given
        SourceProvider pubmed = fixture.provider("pubmed", Map.of("RA_NCBI_API_KEY", "ncbi-key-0123456789abcdef"));

        // when
        List<FoundSource> found = pubmed.search("quantum chromodynamics lattice", 3, BUDGET);

        // then
        assertThat(found).isEmpty();
        assertThat(fixture.web.requests("pubmed")).hasSize(1);
        assertThat(fixture.web.requests("pubmed").get(0).query())
                .containsEntry("api_key", "ncbi-key-0123456789abcdef")
                .containsEntry("tool", "research-assistant")
                .containsEntry("email", "research-tests@example.org")
                .containsEntry("retmode", "json");
    }

    @Test
    void crossref_maps_jats_abstracts_upper_case_dois_and_only_licensed_full_text() throws Exception {
        // when
        List<FoundSource> open =
                fixture.provider("crossref").search("green roofs street temperature heat waves", 1, BUDGET);
        List<FoundSource> closed =
                fixture.provider("crossref").search("street trees heat-related mortality European cities", 1, BUDGET);

        // then
        FoundSource roofs = open.get(0);
        assertThat(roofs.doi()).contains("10.5555/ucr.2021.0556");
        assertThat(roofs.authors()).containsExactly("Beatriz Santos", "Oliver Grant");
        assertThat(roofs.venue()).isEqualTo("Urban Climate Research");
        assertThat(roofs.year()).isEqualTo(OptionalInt.of(2021));
        assertThat(roofs.abstractText())
                .isEqualTo(ScholarlyCorpus.work("green-roofs-heat").abstractText());
        assertThat(roofs.fullTextUrl()).contains(fixture.web.fullText("green-roofs-heat"));
        assertThat(closed.get(0).doi()).contains("10.5555/ehpl.2023.0204");
        assertThat(closed.get(0).fullTextUrl()).isEmpty();
        assertThat(closed.get(0).abstractText()).isEmpty();
    }

    @Test
    void crossref_looks_up_one_doi_and_answers_empty_for_an_unknown_one() throws Exception {
        // given
        DoiLookup crossref = fixture.sources(Map.of()).doiLookup().orElseThrow();

        // when
        var known = crossref.lookup("https://doi.org/10.5555/FPS.2022.0418", BUDGET);
        var unknown = crossref.lookup("10.5555/nothing.here", BUDGET);

        // then
        assertThat(known).hasValueSatisfying(s -> {
            assertThat(s.title()).startsWith("Microplastic accumulation in river sediments");
            assertThat(s.provider()).isEqualTo("crossref");
        });
        assertThat(unknown).isEmpty();
        assertThat(fixture.web.requests("crossref").get(0).path()).isEqualTo("/crossref/works/10.5555/fps.2022.0418");
        assertThat(fixture.web.requests("crossref").get(0).query())
                .containsEntry("mailto", "research-tests@example.org");
    }

    @Test
    void semantic_scholar_maps_external_ids_and_open_access_pdf_and_sends_its_key() throws Exception {
        // when
        List<FoundSource> found =
                fixture.provider("semanticscholar").search("retrieval longer context long reports", 5, BUDGET);

        // then
        FoundSource paper = found.stream()
                .filter(s -> s.arxivId().isPresent() && s.arxivId().get().equals("2406.11873"))
                .findFirst()
                .orElseThrow();
        assertThat(paper.doi()).contains("10.5555/tls.2024.0021");
        assertThat(paper.venue()).isEqualTo("Transactions on Language Systems");
        assertThat(paper.fullTextUrl()).isEmpty(); // an HTML open-access work has no openAccessPdf
        assertThat(paper.landingUrl()).contains(at("/landing/retrieval-vs-long-context"));
        assertThat(fixture.web.requests("semanticscholar").get(0).header("x-api-key"))
                .contains("fake-s2-key-0123456789");
        FoundSource sparse = found.stream()
                .filter(s -> s.arxivId().isPresent() && s.arxivId().get().equals("2403.04417"))
                .findFirst()
                .orElseThrow();
        assertThat(sparse.fullTextUrl()).contains(fixture.web.fullText("sparse-attention-long-documents"));
    }

    @Test
    void semantic_scholar_answers_empty_when_the_api_has_no_data_list() throws Exception {
        assertThat(fixture.provider("semanticscholar").search("quantum chromodynamics lattice", 5, BUDGET))
                .isEmpty();
    }
}
