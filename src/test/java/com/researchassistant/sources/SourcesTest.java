package com.researchassistant.sources;

import static com.researchassistant.sources.ProviderFixture.BUDGET;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.ConfigLoader;
import com.researchassistant.testing.FakeScholarlyWeb;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SourcesTest {

    private final ProviderFixture fixture = new ProviderFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void the_defaults_search_the_library_and_four_scholarly_indexes_with_a_crossref_doi_lookup() {
        // when
        Sources sources = Sources.fromConfig(new ConfigLoader(Map.of()).load().sources(), Clock.systemUTC());

        // then
        assertThat(sources.library()).isTrue();
        assertThat(sources.providers())
                .extracting(SourceProvider::id)
                .containsExactly("openalex", "arxiv", "pubmed", "crossref");
        assertThat(sources.doiLookup())
                .containsSame((DoiLookup) sources.provider("crossref").orElseThrow());
    }

    @Test
    void providers_come_in_the_order_given_and_without_crossref_there_is_no_doi_lookup() {
        // when
        Sources sources = fixture.sources(Map.of("RA_RESEARCH_SOURCES", "tavily, arxiv,openalex"));

        // then
        assertThat(sources.library()).isFalse();
        assertThat(sources.providers()).extracting(SourceProvider::id).containsExactly("tavily", "arxiv", "openalex");
        assertThat(sources.doiLookup()).isEmpty();
        assertThat(sources.provider("pubmed")).isEmpty();
    }

    @Test
    void every_provider_answers_a_question_from_the_fake() throws Exception {
        // given
        Sources sources = fixture.sources(Map.of());

        // when / then
        assertThat(sources.providers())
                .extracting(SourceProvider::id)
                .containsExactlyElementsOf(FakeScholarlyWeb.PROVIDERS);
        for (SourceProvider provider : sources.providers()) {
            assertThat(provider.search("sleep, memory and attention over long documents", 3, BUDGET))
                    .as(provider.id())
                    .isNotEmpty()
                    .allSatisfy(found -> assertThat(found.provider()).isEqualTo(provider.id()));
        }
    }
}
