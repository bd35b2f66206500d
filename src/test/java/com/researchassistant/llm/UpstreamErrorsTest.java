package com.researchassistant.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.llm.LlmException.Kind;
import com.researchassistant.testing.MutableClock;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamErrorsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
    private final UpstreamErrors errors = new UpstreamErrors(new ObjectMapper(), clock, Optional.of(LlmFixtures.TOKEN));

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }

    private LlmException fromStatus(int status, Map<String, List<String>> headers, String body) {
        return errors.fromStatus(status, headers(headers), body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource({
        "401, AUTH", "403, AUTH", "402, PAYMENT_REQUIRED", "404, MODEL_NOT_FOUND", "410, MODEL_NOT_FOUND",
        "400, BAD_REQUEST", "413, BAD_REQUEST", "422, BAD_REQUEST", "429, RATE_LIMITED", "503, UNAVAILABLE",
        "500, UPSTREAM_ERROR", "502, UPSTREAM_ERROR", "504, UPSTREAM_ERROR", "424, BAD_REQUEST", "301, PROTOCOL"
    })
    void maps_statuses_to_kinds(int status, Kind kind) {
        // when
        LlmException failure = fromStatus(status, Map.of(), "");

        // then
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure instanceof LlmException.Retryable).isEqualTo(status == 429 || status == 503);
    }

    @Test
    void reads_a_retry_after_http_date_in_the_past_as_no_wait() {
        // when
        LlmException failure = fromStatus(429, Map.of("Retry-After", List.of("Wed, 21 Oct 2015 07:28:00 GMT")), "");

        // then
        assertThat(failure.retryAfter()).contains(Duration.ZERO);
    }

    @Test
    void prefers_retry_after_to_estimated_time() {
        // when
        LlmException failure =
                fromStatus(503, Map.of("Retry-After", List.of("3")), "{\"error\":\"loading\",\"estimated_time\":20.5}");

        // then
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void reads_fractional_estimated_time() {
        // when
        LlmException failure = fromStatus(503, Map.of(), "{\"error\":\"loading\",\"estimated_time\":1.25}");

        // then
        assertThat(failure.retryAfter()).contains(Duration.ofMillis(1250));
    }

    @Test
    void ignores_a_retry_after_it_cannot_read() {
        // when
        LlmException failure = fromStatus(429, Map.of("Retry-After", List.of("soon")), "{}");

        // then
        assertThat(failure.retryAfter()).isEmpty();
    }

    @Test
    void falls_back_to_the_x_error_message_header_for_an_empty_body() {
        // when
        LlmException failure = fromStatus(401, Map.of("X-Error-Message", List.of("Invalid username or password.")), "");

        // then
        assertThat(failure.getMessage()).endsWith(": Invalid username or password.");
    }

    @Test
    void leaves_out_html_error_pages() {
        // when
        LlmException failure = fromStatus(502, Map.of(), "<html><body>Bad gateway</body></html>");

        // then
        assertThat(failure.getMessage()).isEqualTo("the LLM upstream answered 502 (upstream error)");
    }

    @Test
    void reads_fastapi_style_detail() {
        // when
        LlmException failure = fromStatus(400, Map.of(), "{\"detail\":\"max_tokens too large\"}");

        // then
        assertThat(failure.getMessage()).endsWith(": max_tokens too large");
    }

    @Test
    void scrubs_the_configured_token_bearer_values_and_hf_tokens() {
        // when
        String cleaned =
                errors.clean("got " + LlmFixtures.TOKEN + " and Authorization: Bearer abc.def and hf_abcdefghijklmnop");

        // then
        assertThat(cleaned)
                .doesNotContain(LlmFixtures.TOKEN)
                .doesNotContain("abc.def")
                .doesNotContain("hf_abcdefghijklmnop")
                .isEqualTo("got **** and Authorization: Bearer **** and hf_****");
    }

    @Test
    void shortens_to_about_two_hundred_characters_without_splitting_a_surrogate_pair() {
        // given
        String text = "a".repeat(199) + "😀" + "b".repeat(50);

        // when
        String cleaned = errors.clean(text);

        // then
        assertThat(cleaned).isEqualTo("a".repeat(199) + "…");
    }

    @Test
    void puts_multi_line_messages_on_one_line() {
        // when
        String cleaned = errors.clean("  first\n\tsecond\r\n third ");

        // then
        assertThat(cleaned).isEqualTo("first second third");
    }
}
