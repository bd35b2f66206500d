package com.researchassistant.sources;

import static com.researchassistant.sources.ProviderFixture.BUDGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.testing.FakeFault;
import com.researchassistant.testing.FakeScholarlyWeb;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SearXNG, Brave and Tavily mapped from their documented answers (played by the fake). */
class WebSearchProvidersTest {

    private final ProviderFixture fixture = new ProviderFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void searxng_maps_results_to_pages_to_read_with_the_site_as_venue() throws Exception {
        // when
        List<FoundSource> found = fixture.provider("searxng").search("microplastics rivers wastewater", 5, BUDGET);

        // then
        FoundSource faq = found.get(0);
        URI page = URI.create(fixture.web.url() + "/web/microplastics-faq.html");
        assertThat(faq.provider()).isEqualTo("searxng");
        assertThat(faq.title()).isEqualTo("Microplastics in rivers: frequently asked questions");
        assertThat(faq.landingUrl()).contains(page);
        assertThat(faq.fullTextUrl()).contains(page);
        assertThat(faq.venue()).isEqualTo("127.0.0.1");
        assertThat(faq.year()).isEqualTo(OptionalInt.of(2023));
        assertThat(faq.abstractText()).startsWith("Where microplastics in fresh water come from");
        assertThat(fixture.web.requests("searxng").get(0).query())
                .containsEntry("format", "json")
                .containsEntry("q", "microplastics rivers wastewater");
    }

    @Test
    void searxng_without_json_enabled_is_a_refusal() {
        // given
        fixture.web.fail("searxng", FakeFault.providerError(), 1);

        // then
        assertThatThrownBy(() -> fixture.provider("searxng").search("sleep", 5, BUDGET))
                .isInstanceOfSatisfying(
                        SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.REFUSED));
    }

    @Test
    void brave_sends_its_key_header_and_strips_the_emphasis_from_snippets() throws Exception {
        // when
        List<FoundSource> found = fixture.provider("brave").search("cooling cities heat trees", 3, BUDGET);

        // then
        assertThat(found.get(0).title())
                .isEqualTo("Cooling cities in a heat wave: trees, green roofs and white roofs compared");
        assertThat(found.get(0).abstractText())
                .isEqualTo("A city planner's guide to what lowers street temperatures, with costs.");
        assertThat(found.get(0).year()).isEqualTo(OptionalInt.of(2024));
        var request = fixture.web.requests("brave").get(0);
        assertThat(request.header("x-subscription-token")).contains(FakeScholarlyWeb.BRAVE_KEY);
        assertThat(request.query()).containsEntry("count", "3");
    }

    @Test
    void brave_answers_empty_when_its_answer_has_no_web_section() throws Exception {
        assertThat(fixture.provider("brave").search("quantum chromodynamics lattice", 3, BUDGET))
                .isEmpty();
    }

    @Test
    void brave_with_a_wrong_key_is_refused_and_the_key_never_shows() {
        // given
        String key = "wrong-brave-key-that-must-not-leak";

        // then
        assertThatThrownBy(() -> fixture.provider("brave", Map.of("RA_BRAVE_API_KEY", key))
                        .search("sleep", 3, BUDGET))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SourceException.Kind.REFUSED);
                    assertThat(e.getMessage()).contains("401").doesNotContain(key);
                });
    }

    @Test
    void tavily_posts_a_json_query_with_a_bearer_key() throws Exception {
        // when
        List<FoundSource> found = fixture.provider("tavily").search("retrieval versus long context models", 2, BUDGET);

        // then
        assertThat(found).isNotEmpty().allSatisfy(s -> assertThat(s.provider()).isEqualTo("tavily"));
        assertThat(found.get(0).title()).isEqualTo("Do we still need retrieval now that models read a million tokens?");
        var request = fixture.web.requests("tavily").get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("authorization")).contains("Bearer " + FakeScholarlyWeb.TAVILY_KEY);
        var body = new ObjectMapper().readTree(request.body());
        assertThat(body.path("query").asText()).isEqualTo("retrieval versus long context models");
        assertThat(body.path("max_results").asInt()).isEqualTo(2);
    }

    @Test
    void web_search_finds_the_hostile_page_for_a_sleep_question_as_an_ordinary_result() throws Exception {
        // when
        List<FoundSource> found = fixture.provider("searxng").search("sleep less learn more memory hack", 5, BUDGET);

        // then: the provider passes it on; reading it safely is the research job's business
        assertThat(found)
                .extracting(FoundSource::fullTextUrl)
                .contains(java.util.Optional.of(fixture.web.page("sleep-hacks")));
    }
}
