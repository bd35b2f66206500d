package com.researchassistant.sources;

import static com.researchassistant.sources.ProviderFixture.BUDGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.sources.SourceException.Kind;
import com.researchassistant.testing.FakeFault;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 429 and Retry-After, 5xx, timeouts, malformed answers and the budget, through real providers. */
class ProviderFaultsTest {

    private final ProviderFixture fixture = new ProviderFixture();

    @AfterEach
    void close() {
        Thread.interrupted(); // a test that interrupts itself leaves no flag behind
        fixture.close();
    }

    private static void assertFails(ThrowingCallable call, Kind kind) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        SourceException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    @Test
    void a_429_is_retried_after_the_wait_it_asked_for() throws Exception {
        // given
        fixture.web.fail("openalex", FakeFault.rateLimited("2"), 1);

        // when
        var found = fixture.provider("openalex").search("green roofs", 3, BUDGET);

        // then
        assertThat(found).isNotEmpty();
        assertThat(fixture.web.requests("openalex")).hasSize(2);
        assertThat(fixture.sleeper.waits()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void a_retry_after_as_an_http_date_is_honoured() throws Exception {
        // given: the fixture's clock stands at 10:00:00
        fixture.web.fail("crossref", FakeFault.rateLimited("Sun, 01 Mar 2026 10:00:05 GMT"), 1);

        // when
        fixture.provider("crossref").search("green roofs", 3, BUDGET);

        // then
        assertThat(fixture.sleeper.waits()).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void a_retry_after_longer_than_the_budget_fails_at_once_and_says_how_long() {
        // given
        fixture.web.fail("openalex", FakeFault.rateLimited("120"), 1);

        // then
        assertThatThrownBy(() -> fixture.provider("openalex").search("green roofs", 3, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
                    assertThat(e.provider()).isEqualTo("openalex");
                });
        assertThat(fixture.web.requests("openalex")).hasSize(1);
        assertThat(fixture.sleeper.waits()).isEmpty();
    }

    @Test
    void after_a_429_every_caller_of_the_provider_holds_back() throws Exception {
        // given
        Sources sources = fixture.sources(Map.of());
        SourceProvider openAlex = sources.provider("openalex").orElseThrow();
        fixture.web.fail("openalex", FakeFault.rateLimited("60"), 1);
        assertFails(() -> openAlex.search("green roofs", 3, Duration.ofSeconds(5)), Kind.RATE_LIMITED);

        // when: another job asks with a budget shorter than the hold
        assertFails(() -> openAlex.search("microplastics", 3, Duration.ofSeconds(5)), Kind.RATE_LIMITED);

        // then: it did not call the provider at all
        assertThat(fixture.web.requests("openalex")).hasSize(1);
    }

    @Test
    void a_500_is_retried_with_doubling_backoff_then_answers() throws Exception {
        // given
        fixture.web.fail("crossref", FakeFault.status(500), 2);

        // when
        var found =
                fixture.provider("crossref", Map.of("RA_SOURCE_BACKOFF", "1s")).search("microplastics", 3, BUDGET);

        // then
        assertThat(found).isNotEmpty();
        assertThat(fixture.sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void a_provider_that_stays_down_fails_as_unavailable_after_the_last_attempt() {
        // given
        fixture.web.failAlways("semanticscholar", FakeFault.unavailable("1"));

        // then
        assertFails(
                () -> fixture.provider("semanticscholar", Map.of("RA_SOURCE_MAX_ATTEMPTS", "3"))
                        .search("sleep", 3, BUDGET),
                Kind.UNAVAILABLE);
        assertThat(fixture.web.requests("semanticscholar")).hasSize(3);
    }

    @Test
    void a_hanging_provider_ends_as_a_timeout_within_the_budget() {
        // given
        fixture.web.failAlways("openalex", FakeFault.hang());

        // then
        assertFails(() -> fixture.provider("openalex").search("sleep", 3, Duration.ofMillis(300)), Kind.TIMEOUT);
    }

    @Test
    void a_slow_provider_past_its_own_cap_times_out_even_when_the_caller_allows_more() {
        // given
        fixture.web.latency("crossref", Duration.ofSeconds(30));

        // then
        assertFails(
                () -> fixture.provider("crossref", Map.of("RA_SOURCE_TIMEOUT", "300ms"))
                        .search("sleep", 3, Duration.ofMinutes(5)),
                Kind.TIMEOUT);
    }

    @Test
    void no_time_left_fails_without_calling_the_provider() {
        assertFails(() -> fixture.provider("openalex").search("sleep", 3, Duration.ZERO), Kind.TIMEOUT);
        assertThat(fixture.web.requests("openalex")).isEmpty();
    }

    @Test
    void the_rate_limit_wait_beyond_the_budget_is_not_started() throws Exception {
        // given
        SourceProvider arxiv = fixture.provider("arxiv");
        arxiv.search("sparse attention", 2, BUDGET);

        // then: the next call would have to wait 3 s for its turn
        assertThatThrownBy(() -> arxiv.search("long context", 2, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
                });
        assertThat(fixture.web.requests("arxiv")).hasSize(1);
        assertThat(fixture.sleeper.waits()).isEmpty();
    }

    @Test
    void broken_json_binary_and_oversized_answers_are_malformed() {
        // given
        SourceProvider openAlex = fixture.provider("openalex", Map.of("RA_SOURCE_MAX_BYTES", "65536"));
        fixture.web
                .fail("openalex", FakeFault.malformed(), 1)
                .fail("openalex", FakeFault.binary(), 1)
                .fail("openalex", FakeFault.huge(5 * 1024 * 1024), 1);

        // then
        assertFails(() -> openAlex.search("sleep", 3, BUDGET), Kind.MALFORMED);
        assertFails(() -> openAlex.search("sleep", 3, BUDGET), Kind.MALFORMED);
        assertThatThrownBy(() -> openAlex.search("sleep", 3, BUDGET)).hasMessageContaining("larger than 65536 bytes");
    }

    @Test
    void broken_xml_and_an_arxiv_error_entry_fail_as_malformed_and_refused() {
        // given
        SourceProvider arxiv = fixture.provider("arxiv");
        fixture.web.fail("arxiv", FakeFault.malformed(), 1).fail("arxiv", FakeFault.providerError(), 1);

        // then
        assertFails(() -> arxiv.search("sparse attention", 2, Duration.ofMinutes(1)), Kind.MALFORMED);
        assertFails(() -> arxiv.search("sparse attention", 2, Duration.ofMinutes(1)), Kind.REFUSED);
    }

    @Test
    void xxe_and_entity_bombs_in_pubmed_xml_are_refused_without_reading_any_file() {
        // given
        SourceProvider pubmed = fixture.provider("pubmed");
        fixture.web.fail("pubmed", FakeFault.xxe(), 1).fail("pubmed", FakeFault.entityBomb(), 1);

        // then
        assertThatThrownBy(() -> pubmed.search("sleep spindles", 3, BUDGET))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
                    assertThat(e.getMessage()).doesNotContain("root:");
                });
        assertFails(() -> pubmed.search("sleep spindles", 3, BUDGET), Kind.MALFORMED);
    }

    @Test
    void an_esearch_error_is_a_refusal_and_the_ncbi_key_never_shows_in_a_failure() {
        // given
        String key = "ncbi-secret-key-0123456789";
        SourceProvider pubmed =
                fixture.provider("pubmed", Map.of("RA_NCBI_API_KEY", key, "RA_SOURCE_MAX_ATTEMPTS", "1"));
        fixture.web.fail("pubmed", FakeFault.providerError(), 1).fail("pubmed", FakeFault.status(502), 1);

        // then
        assertFails(() -> pubmed.search("sleep", 3, BUDGET), Kind.REFUSED);
        assertThatThrownBy(() -> pubmed.search("sleep", 3, BUDGET)).isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e).hasMessageNotContaining(key);
            assertThat(e.getCause()).isNull();
        });
    }

    @Test
    void an_openalex_key_it_refuses_never_shows_in_the_failure() {
        // given
        String key = "openalex-secret-key-0123456789";

        // then
        assertThatThrownBy(() -> fixture.provider("openalex", Map.of("RA_OPENALEX_API_KEY", key))
                        .search("sleep", 3, BUDGET))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.REFUSED);
                    assertThat(e).hasMessageNotContaining(key);
                });
    }

    @Test
    void a_redirect_from_a_provider_is_not_followed() {
        // given: a redirect to an answer that would parse, had it been followed
        fixture.web.fail(
                "crossref", FakeFault.redirect(302, fixture.web.baseUrl("crossref") + "/works?query=sleep"), 1);

        // then
        assertThatThrownBy(() -> fixture.provider("crossref").search("sleep", 3, BUDGET))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
                    assertThat(e.getMessage()).contains("302").contains("redirect");
                });
        assertThat(fixture.web.requests("crossref")).hasSize(1);
    }

    @Test
    void a_provider_nobody_listens_for_is_unavailable() throws Exception {
        // given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        // then
        assertFails(
                () -> fixture.provider(
                                "openalex",
                                Map.of(
                                        "RA_OPENALEX_URL",
                                        "http://127.0.0.1:" + closedPort,
                                        "RA_SOURCE_MAX_ATTEMPTS",
                                        "1"))
                        .search("sleep", 3, BUDGET),
                Kind.UNAVAILABLE);
    }

    @Test
    void a_cancelled_job_gets_an_interruption_not_an_answer() {
        // given
        SourceProvider openAlex = fixture.provider("openalex");
        fixture.web.failAlways("openalex", FakeFault.hang());

        // when
        Thread.currentThread().interrupt();

        // then
        assertThatThrownBy(() -> openAlex.search("sleep", 3, BUDGET)).isInstanceOf(InterruptedException.class);
    }
}
