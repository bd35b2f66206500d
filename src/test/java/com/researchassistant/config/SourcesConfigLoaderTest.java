package com.researchassistant.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The research-source and fetch variables, as {@link ConfigLoader} reads them. */
class SourcesConfigLoaderTest {

    private static AppConfig load(Map<String, String> env) {
        return new ConfigLoader(env).load();
    }

    @Test
    void defaults_search_the_library_and_the_keyless_scholarly_indexes_at_their_public_urls() {
        // when
        AppConfig config = load(Map.of());

        // then
        SourcesConfig sources = config.sources();
        assertThat(sources.enabled()).containsExactly("library", "openalex", "arxiv", "pubmed", "crossref");
        assertThat(sources.endpoints()).isEqualTo(SourcesConfig.Endpoints.publicServices());
        assertThat(sources.keys()).isEqualTo(SourcesConfig.Keys.none());
        assertThat(sources.mailto()).isEmpty();
        assertThat(sources.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(sources.maxAttempts()).isEqualTo(3);
        FetchConfig fetch = config.fetch();
        assertThat(fetch.allow()).isEmpty();
        assertThat(fetch.maxBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(fetch.maxRedirects()).isEqualTo(5);
        assertThat(fetch.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void configured_web_search_and_a_semantic_scholar_key_join_the_default_list() {
        // when
        SourcesConfig sources = load(Map.of(
                        "RA_SEARXNG_URL", "http://search.lan:8888/",
                        "RA_BRAVE_API_KEY", "brave-key-0123456789",
                        "RA_SEMANTIC_SCHOLAR_KEY", "s2-key-0123456789"))
                .sources();

        // then
        assertThat(sources.enabled())
                .containsExactly(
                        "library", "openalex", "arxiv", "pubmed", "crossref", "semanticscholar", "searxng", "brave");
        assertThat(sources.endpoints().searxng()).contains(URI.create("http://search.lan:8888"));
        assertThat(sources.keys().brave()).map(Secret::value).contains("brave-key-0123456789");
    }

    @Test
    void a_given_list_is_taken_as_it_is_with_base_urls_mailto_and_caps() {
        // when
        AppConfig config = load(Map.of(
                "RA_RESEARCH_SOURCES", " OpenAlex , semanticscholar,openalex",
                "RA_OPENALEX_URL", "http://127.0.0.1:9000/openalex/",
                "RA_RESEARCH_MAILTO", "team@example.org",
                "RA_SOURCE_TIMEOUT", "5s",
                "RA_FETCH_ALLOW", "127.0.0.1:8080, [::1]:9000,Papers.Example:443",
                "RA_FETCH_MAX_BYTES", "2048",
                "RA_FETCH_TIMEOUT", "10s"));

        // then
        assertThat(config.sources().enabled()).containsExactly("openalex", "semanticscholar");
        assertThat(config.sources().endpoints().openAlex()).isEqualTo(URI.create("http://127.0.0.1:9000/openalex"));
        assertThat(config.sources().mailto()).contains("team@example.org");
        assertThat(config.sources().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.fetch().allow())
                .containsExactlyInAnyOrder("127.0.0.1:8080", "[::1]:9000", "papers.example:443");
        assertThat(config.fetch().allows("PAPERS.example", 443)).isTrue();
        assertThat(config.fetch().allows("papers.example", 80)).isFalse();
        assertThat(config.fetch().maxBytes()).isEqualTo(2048);
    }

    @Test
    void bad_values_name_their_variable() {
        assertThatThrownBy(() -> load(Map.of("RA_RESEARCH_SOURCES", "openalex,google")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RA_RESEARCH_SOURCES")
                .hasMessageContaining("google");
        assertThatThrownBy(() -> load(Map.of("RA_RESEARCH_SOURCES", "library,brave")))
                .hasMessageContaining("RA_RESEARCH_SOURCES")
                .hasMessageContaining("RA_BRAVE_API_KEY");
        assertThatThrownBy(() -> load(Map.of("RA_RESEARCH_SOURCES", "searxng"))).hasMessageContaining("RA_SEARXNG_URL");
        assertThatThrownBy(() -> load(Map.of("RA_ARXIV_URL", "ftp://mirror"))).hasMessageContaining("RA_ARXIV_URL");
        assertThatThrownBy(() -> load(Map.of("RA_RESEARCH_MAILTO", "nobody")))
                .hasMessageContaining("RA_RESEARCH_MAILTO");
        assertThatThrownBy(() -> load(Map.of("RA_FETCH_ALLOW", "localhost"))).hasMessageContaining("RA_FETCH_ALLOW");
        assertThatThrownBy(() -> load(Map.of("RA_FETCH_ALLOW", "localhost:70000")))
                .hasMessageContaining("RA_FETCH_ALLOW");
        assertThatThrownBy(() -> load(Map.of("RA_FETCH_MAX_BYTES", "12"))).hasMessageContaining("RA_FETCH_MAX_BYTES");
        assertThatThrownBy(() -> load(Map.of("RA_SOURCE_TIMEOUT", "soon"))).hasMessageContaining("RA_SOURCE_TIMEOUT");
    }

    @Test
    void keys_never_show_in_the_config_printed() {
        // given
        SourcesConfig sources = load(Map.of(
                        "RA_TAVILY_API_KEY", "tvly-secret-0123456789", "RA_NCBI_API_KEY", "ncbi-secret-0123"))
                .sources();

        // then
        assertThat(sources.toString()).doesNotContain("tvly-secret-0123456789").doesNotContain("ncbi-secret-0123");
        assertThat(sources.keys().tavily()).map(Secret::value).isEqualTo(Optional.of("tvly-secret-0123456789"));
        assertThat(sources.enabled()).contains("tavily");
    }
}
