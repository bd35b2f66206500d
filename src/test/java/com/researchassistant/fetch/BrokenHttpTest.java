package com.researchassistant.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.config.FetchConfig;
import com.researchassistant.fetch.FetchException.Kind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Responses that break HTTP/1.1 end as UNREACHABLE; odd but valid ones are read. */
class BrokenHttpTest {

    private static final Duration BUDGET = Duration.ofSeconds(5);

    private static Fetched fetch(String rawAnswer) throws Exception {
        try (RawHttpStub stub = RawHttpStub.answering(rawAnswer)) {
            GuardedFetcher fetcher = new GuardedFetcher(
                    new FetchConfig(Set.of("127.0.0.1:" + stub.port()), 4096, 3, BUDGET, BUDGET),
                    Clock.systemUTC(),
                    new TableResolver(),
                    (SSLSocketFactory) SSLSocketFactory.getDefault());
            return fetcher.fetch(URI.create("http://127.0.0.1:" + stub.port() + "/paper"), BUDGET);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "garbage\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nno colon here\r\n\r\n<p>x</p>",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n<p>short</p>",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n<p>x</p>",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: 9\r\n\r\nnot gzip!",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            })
    void a_response_that_breaks_http_is_unreachable(String answer) {
        assertThatThrownBy(() -> fetch(answer))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
    }

    @Test
    void a_content_encoding_other_than_gzip_is_not_read() {
        assertThatThrownBy(() -> fetch("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\nxx"))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED_TYPE));
    }

    @Test
    void an_endless_header_is_cut_off() {
        String endless = "HTTP/1.1 200 OK\r\nX-Padding: " + "a".repeat(70 * 1024) + "\r\n\r\n";
        assertThatThrownBy(() -> fetch(endless))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.getMessage()).contains("larger than"));
    }

    @Test
    void reads_chunked_bodies_interim_responses_and_bodies_ended_by_close() throws Exception {
        // when
        Fetched chunked = fetch(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
        Fetched untilClose = fetch("HTTP/1.0 200 OK\r\nContent-Type: TEXT/HTML\r\n\r\n<p>read until the end</p>");

        // then
        assertThat(new String(chunked.body(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        assertThat(chunked.mediaType()).isEqualTo("text/plain");
        assertThat(new String(untilClose.body(), StandardCharsets.UTF_8)).isEqualTo("<p>read until the end</p>");
        assertThat(untilClose.mediaType()).isEqualTo("text/html");
    }

    @Test
    void a_chunked_body_past_the_cap_is_too_large() {
        String big = "1000\r\n" + "a".repeat(4096) + "\r\n" + "1000\r\n" + "a".repeat(4096) + "\r\n0\r\n\r\n";
        assertThatThrownBy(() ->
                        fetch("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" + big))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE));
    }

    @Test
    void a_redirect_without_location_is_a_status_failure() {
        assertThatThrownBy(() -> fetch("HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n"))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS));
    }
}
