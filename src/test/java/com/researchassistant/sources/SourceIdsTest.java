package com.researchassistant.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SourceIdsTest {

    @Test
    void dois_lose_resolver_prefixes_case_and_trailing_punctuation() {
        assertThat(SourceIds.doi("https://doi.org/10.1038/NATURE12373")).contains("10.1038/nature12373");
        assertThat(SourceIds.doi("http://dx.doi.org/10.1016/j.cell.2020.01.001"))
                .contains("10.1016/j.cell.2020.01.001");
        assertThat(SourceIds.doi("doi: 10.5555/jsc.2021.0142.")).contains("10.5555/jsc.2021.0142");
        assertThat(SourceIds.doi("https://doi.org/10.1002%2Fjcc.21224")).contains("10.1002/jcc.21224");
        assertThat(SourceIds.doi("10.1016/0021-9991(79)90051-9")).contains("10.1016/0021-9991(79)90051-9");
        assertThat(SourceIds.doi("(see 10.5555/abc.1)")).isEmpty();
        assertThat(SourceIds.doi("not a doi")).isEmpty();
        assertThat(SourceIds.doi("")).isEmpty();
    }

    @Test
    void arxiv_ids_lose_versions_prefixes_and_subject_classes() {
        assertThat(SourceIds.arxivId("http://arxiv.org/abs/2403.04417v2")).contains("2403.04417");
        assertThat(SourceIds.arxivId("arXiv:2406.11873")).contains("2406.11873");
        assertThat(SourceIds.arxivId("https://arxiv.org/pdf/2403.04417v1.pdf")).contains("2403.04417");
        assertThat(SourceIds.arxivId("10.48550/arXiv.2403.04417")).contains("2403.04417");
        assertThat(SourceIds.arxivId("http://arxiv.org/abs/hep-th/9901001v3")).contains("hep-th/9901001");
        assertThat(SourceIds.arxivId("math.GT/0309136")).contains("math/0309136");
        assertThat(SourceIds.arxivId("10.5555/tls.2024.0021")).isEmpty();
    }

    @Test
    void pmids_are_digits_from_any_usual_form() {
        assertThat(SourceIds.pmid("39100101")).contains("39100101");
        assertThat(SourceIds.pmid("PMID: 39100101")).contains("39100101");
        assertThat(SourceIds.pmid("https://pubmed.ncbi.nlm.nih.gov/39100101/")).contains("39100101");
        assertThat(SourceIds.pmid("PMC1234567")).isEmpty();
        assertThat(SourceIds.pmid("0")).isEmpty();
    }

    @Test
    void url_keys_meet_for_the_same_page_written_differently() {
        // given
        URI a = URI.create("https://www.Example.org:443/papers/sleep/?utm_source=feed&id=7#results");
        URI b = URI.create("http://example.org/papers/sleep?id=7");

        // then
        assertThat(SourceIds.urlKey(a))
                .isEqualTo("example.org/papers/sleep?id=7")
                .isEqualTo(SourceIds.urlKey(b));
        assertThat(SourceIds.urlKey(URI.create("http://example.org:8080/a"))).isEqualTo("example.org:8080/a");
    }
}
