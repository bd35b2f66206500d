package com.researchassistant.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.config.LlmConfig;
import com.researchassistant.llm.LlmException.Kind;
import com.researchassistant.testing.MutableClock;
import com.researchassistant.testing.RecordedRequest;
import com.researchassistant.testing.RecordingSleeper;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiLlmClientTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private StubLlmServer stub;

    @BeforeEach
    void start_stub() {
        stub = StubLlmServer.start();
    }

    @AfterEach
    void stop_stub() {
        stub.close();
    }

    /** A client whose backoffs wait their whole ceiling. */
    private OpenAiLlmClient client(int maxAttempts) {
        return client(maxAttempts, 1.0);
    }

    /** A client whose backoffs wait {@code share} of their ceiling. */
    private OpenAiLlmClient client(int maxAttempts, double share) {
        LlmConfig config = LlmFixtures.config(stub.url(), maxAttempts);
        return new OpenAiLlmClient(
                config, OpenAiLlmClient.defaultHttpClient(config), sleeper, LlmFixtures.drawing(share), clock);
    }

    private static StubResponse status(int status, String body) {
        return StubResponse.json(status, body);
    }

    @Test
    void streams_tokens_and_sends_the_openai_request_shape() throws IOException {
        // given
        LlmFixtures.CollectingSink sink = new LlmFixtures.CollectingSink();

        // when
        client(1).stream(LlmFixtures.request(), sink);

        // then
        assertThat(sink.tokens())
                .extracting(LlmEvent.Token::text)
                .containsExactlyElementsOf(StubLlmServer.DEFAULT_TOKENS);
        assertThat(sink.finished()).isEqualTo(new LlmEvent.Finished("stop", new Usage(10, 5)));
        RecordedRequest request = stub.requests().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("Authorization")).contains("Bearer " + LlmFixtures.TOKEN);
        assertThat(request.header("Content-Type")).contains("application/json");
        JsonNode body = MAPPER.readTree(request.body());
        assertThat(body.path("model").asText()).isEqualTo("test/model");
        assertThat(body.path("messages").toString())
                .isEqualTo("[{\"role\":\"system\",\"content\":\"You are brief.\"},"
                        + "{\"role\":\"user\",\"content\":\"What is deep learning?\"}]");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean())
                .isTrue();
    }

    @Test
    void completes_without_streaming() throws IOException {
        // when
        LlmResponse response = client(1).complete(LlmFixtures.request());

        // then
        assertThat(response).isEqualTo(new LlmResponse("Hello from the stub.", "stop", new Usage(10, 4)));
        JsonNode body = MAPPER.readTree(stub.requests().getFirst().body());
        assertThat(body.path("stream").asBoolean(true)).isFalse();
        assertThat(body.has("stream_options")).isFalse();
    }

    @Test
    void retries_429_after_the_seconds_of_retry_after() {
        // given
        stub.enqueue(status(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "2"));
        LlmFixtures.CollectingSink sink = new LlmFixtures.CollectingSink();

        // when
        client(3).stream(LlmFixtures.request(), sink);

        // then
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(2));
        assertThat(stub.requests()).hasSize(2);
        assertThat(sink.text()).isEqualTo("Hello from the stub.");
    }

    @Test
    void retries_a_loading_model_after_its_estimated_time() {
        // given
        stub.enqueue(Recordings.exchange("26_legacy_503_model_loading.json").response());

        // when
        LlmResponse response = client(2).complete(LlmFixtures.request(Duration.ofSeconds(60)));

        // then
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(20));
        assertThat(response.text()).isEqualTo("Hello from the stub.");
    }

    @Test
    void honours_retry_after_given_as_an_http_date() {
        // given
        String date =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(7).atOffset(ZoneOffset.UTC));
        stub.enqueue(status(503, "{\"error\":\"overloaded\"}").withHeader("Retry-After", date));

        // when
        client(2).complete(LlmFixtures.request());

        // then
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void backs_off_exponentially_up_to_the_cap_when_the_upstream_gives_no_hint() {
        // given
        for (int i = 0; i < 5; i++) {
            stub.enqueue(status(503, "{\"error\":\"overloaded\"}"));
        }

        // when
        LlmResponse response = client(6).complete(LlmFixtures.request(Duration.ofSeconds(60)));

        // then
        assertThat(sleeper.waits())
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(4));
        assertThat(response.finishReason()).isEqualTo("stop");
    }

    @Test
    void the_backoff_waits_the_share_of_its_ceiling_that_the_jitter_draws() {
        // given
        for (int i = 0; i < 3; i++) {
            stub.enqueue(status(503, "{\"error\":\"overloaded\"}"));
        }

        // when
        client(4, 0.25).complete(LlmFixtures.request(Duration.ofSeconds(60)));

        // then
        assertThat(sleeper.waits())
                .containsExactly(Duration.ofMillis(125), Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void gives_up_after_max_attempts_in_total() {
        // given
        for (int i = 0; i < 3; i++) {
            stub.enqueue(status(429, "{\"error\":\"Rate limit reached\"}"));
        }

        // when
        LlmException failure =
                catchThrowableOfType(LlmException.class, () -> client(3).complete(LlmFixtures.request()));

        // then
        assertThat(failure).isInstanceOf(LlmException.Retryable.class);
        assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(failure.status()).isEqualTo(429);
        assertThat(stub.requests()).hasSize(3);
        assertThat(sleeper.waits()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 422, 401, 400, 402, 404})
    void does_not_retry_other_statuses(int code) {
        // given
        stub.enqueue(status(code, "{\"error\":\"no\"}").withHeader("Retry-After", "1"));

        // when
        LlmException failure =
                catchThrowableOfType(LlmException.class, () -> client(3).stream(LlmFixtures.request(), event -> {}));

        // then
        assertThat(failure).isInstanceOf(LlmException.NonRetryable.class);
        assertThat(failure.status()).isEqualTo(code);
        assertThat(stub.requests()).hasSize(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void throws_at_once_when_the_wait_would_pass_the_budget() {
        // given
        stub.enqueue(Recordings.exchange("26_legacy_503_model_loading.json").response());

        // when
        LlmException failure = catchThrowableOfType(
                LlmException.class, () -> client(3).complete(LlmFixtures.request(Duration.ofSeconds(5))));

        // then
        assertThat(failure).isInstanceOf(LlmException.Retryable.class);
        assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(20));
        assertThat(sleeper.waits()).isEmpty();
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void sets_retry_after_to_the_backoff_when_the_budget_is_too_short_for_it() {
        // given
        stub.enqueue(status(503, "{\"error\":\"overloaded\"}"));

        // when
        LlmException failure = catchThrowableOfType(
                LlmException.class, () -> client(3).complete(LlmFixtures.request(Duration.ofMillis(300))));

        // then
        assertThat(failure.retryAfter()).contains(Duration.ofMillis(500));
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void never_retries_once_a_token_was_emitted() {
        // given
        stub.enqueue(StubResponse.sse("data: {\"choices\":[{\"delta\":{\"content\":\"Deep\"}}]}\n\n")
                .withPause(Duration.ofMillis(200))
                .thenReset());
        LlmFixtures.CollectingSink sink = new LlmFixtures.CollectingSink();

        // when
        LlmException failure =
                catchThrowableOfType(LlmException.class, () -> client(3).stream(LlmFixtures.request(), sink));

        // then
        assertThat(failure.kind()).isEqualTo(Kind.NETWORK);
        assertThat(sink.text()).isEqualTo("Deep");
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void rethrows_the_sink_exception_unchanged_and_closes_the_upstream_connection() throws InterruptedException {
        // given
        stub.respondByDefault(StubLlmServer.answering(Collections.nCopies(5_000, "tok "), Duration.ofMillis(10)));
        IllegalStateException clientGone = new IllegalStateException("client went away");

        // when
        Throwable thrown = catchThrowable(() -> client(3).stream(LlmFixtures.request(), event -> {
            throw clientGone;
        }));

        // then
        assertThat(thrown).isSameAs(clientGone);
        // a bound against hanging, not a speed claim: the 5,000 tokens would take 50 s to stream
        assertThat(stub.awaitClientDisconnect(Duration.ofSeconds(30))).isTrue();
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void times_out_when_the_upstream_hangs_before_headers() throws InterruptedException {
        // given
        stub.enqueue(StubResponse.hangBeforeHeaders());
        long started = System.nanoTime();

        // when
        LlmException failure = catchThrowableOfType(
                LlmException.class,
                () -> realTimeClient().stream(LlmFixtures.request(Duration.ofMillis(600)), event -> {}));

        // then
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)); // it waited its budget, then gave up
        assertThat(stub.awaitClientDisconnect(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void times_out_when_the_upstream_stalls_mid_stream() throws InterruptedException {
        // given
        stub.enqueue(StubResponse.sse("data: {\"choices\":[{\"delta\":{\"content\":\"Deep\"}}]}\n\n")
                .thenHang());
        LlmFixtures.CollectingSink sink = new LlmFixtures.CollectingSink();
        long started = System.nanoTime();

        // when
        LlmException failure = catchThrowableOfType(
                LlmException.class, () -> realTimeClient().stream(LlmFixtures.request(Duration.ofMillis(600)), sink));

        // then
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)); // it waited its budget, then gave up
        assertThat(sink.text()).isEqualTo("Deep");
        assertThat(stub.awaitClientDisconnect(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void times_out_when_a_non_streaming_answer_stalls() {
        // given
        stub.enqueue(StubResponse.json(200, "{\"choices\":[").thenHang());

        // when
        LlmException failure = catchThrowableOfType(
                LlmException.class, () -> realTimeClient().complete(LlmFixtures.request(Duration.ofMillis(500))));

        // then
        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
    }

    @Test
    void reports_network_when_the_connection_is_reset_mid_stream() {
        // given
        stub.enqueue(StubResponse.sse("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: {\"cho")
                .withPause(Duration.ofMillis(100))
                .thenReset());

        // when
        LlmException failure =
                catchThrowableOfType(LlmException.class, () -> client(3).stream(LlmFixtures.request(), event -> {}));

        // then
        assertThat(failure).isInstanceOf(LlmException.NonRetryable.class);
        assertThat(failure.kind()).isEqualTo(Kind.NETWORK);
    }

    @Test
    void reports_network_when_the_connection_is_refused() throws IOException {
        // given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        LlmConfig config = LlmFixtures.config(URI.create("http://127.0.0.1:" + closedPort + "/v1"), 3);
        OpenAiLlmClient client = new OpenAiLlmClient(config, Clock.systemUTC());

        // when
        LlmException failure = catchThrowableOfType(LlmException.class, () -> client.complete(LlmFixtures.request()));

        // then
        assertThat(failure.kind()).isEqualTo(Kind.NETWORK);
    }

    @Test
    void aborts_when_the_calling_thread_is_interrupted_mid_stream() throws InterruptedException {
        // given
        stub.enqueue(StubResponse.sse("data: {\"choices\":[{\"delta\":{\"content\":\"Deep\"}}]}\n\n")
                .thenHang());
        CountDownLatch firstToken = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofVirtual()
                .start(() -> thrown.set(catchThrowable(() -> realTimeClient().stream(
                        LlmFixtures.request(Duration.ofSeconds(30)), event -> firstToken.countDown()))));
        assertThat(firstToken.await(5, TimeUnit.SECONDS)).isTrue();

        // when
        caller.interrupt();

        // then
        assertThat(caller.join(Duration.ofSeconds(5))).isTrue();
        assertThat(thrown.get()).isInstanceOf(LlmException.class);
        assertThat(((LlmException) thrown.get()).kind()).isEqualTo(Kind.NETWORK);
        assertThat(stub.awaitClientDisconnect(Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void aborts_when_the_calling_thread_is_interrupted_before_headers() throws InterruptedException {
        // given
        stub.enqueue(StubResponse.hangBeforeHeaders());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofVirtual()
                .start(() -> thrown.set(
                        catchThrowable(() -> realTimeClient().complete(LlmFixtures.request(Duration.ofSeconds(30))))));
        assertThat(stub.awaitRequests(1, Duration.ofSeconds(5))).isTrue();

        // when
        caller.interrupt();

        // then
        assertThat(caller.join(Duration.ofSeconds(5))).isTrue();
        assertThat(thrown.get()).isInstanceOf(LlmException.class);
    }

    @Test
    void fails_as_not_configured_on_the_hugging_face_router_without_a_token_and_sends_nothing() {
        // given
        LlmConfig config = new LlmConfig(
                LlmConfig.HF_ROUTER,
                Optional.empty(),
                "m",
                0.2,
                Duration.ofSeconds(1),
                1,
                Duration.ofMillis(1),
                Duration.ofMillis(1));

        // when
        LlmException failure = catchThrowableOfType(
                LlmException.class,
                () -> new OpenAiLlmClient(config, Clock.systemUTC()).complete(LlmFixtures.request()));

        // then
        assertThat(failure.kind()).isEqualTo(Kind.NOT_CONFIGURED);
    }

    @Test
    void calls_a_local_server_without_a_token_and_without_an_authorization_header() {
        // given: an Ollama or llama.cpp style server that needs no key
        LlmConfig config = new LlmConfig(
                stub.url(),
                Optional.empty(),
                "m",
                0.2,
                Duration.ofSeconds(1),
                1,
                Duration.ofMillis(1),
                Duration.ofMillis(1));

        // when
        new OpenAiLlmClient(config, Clock.systemUTC()).complete(LlmFixtures.request());

        // then
        assertThat(stub.requests()).hasSize(1);
        assertThat(stub.requests().getFirst().header("Authorization")).isEmpty();
    }

    @Test
    void never_shows_the_token_in_exceptions_even_when_the_upstream_echoes_it() {
        // given
        stub.enqueue(status(
                401,
                "{\"error\":\"bad token " + LlmFixtures.TOKEN + " in Authorization: Bearer " + LlmFixtures.TOKEN
                        + "\"}"));
        stub.enqueue(StubResponse.text(500, "upstream saw header Authorization: Bearer " + LlmFixtures.TOKEN));
        stub.enqueue(
                StubResponse.sse("data: {\"error\":{\"message\":\"token " + LlmFixtures.TOKEN + " rejected\"}}\n\n"));
        OpenAiLlmClient client = client(1);

        for (int i = 0; i < 3; i++) {
            // when
            LlmException failure =
                    catchThrowableOfType(LlmException.class, () -> client.stream(LlmFixtures.request(), event -> {}));

            // then
            assertThat(failure.getMessage()).doesNotContain(LlmFixtures.TOKEN).doesNotContain("TestSecret");
            assertThat(failure.toString()).doesNotContain(LlmFixtures.TOKEN);
            assertThat(failure.getMessage()).contains("****");
        }
        assertThat(client.toString()).doesNotContain(LlmFixtures.TOKEN);
    }

    @Test
    void keeps_upstream_messages_short() {
        // given
        stub.enqueue(status(400, "{\"error\":{\"message\":\"" + "x".repeat(5000) + "\"}}"));

        // when
        LlmException failure =
                catchThrowableOfType(LlmException.class, () -> client(1).complete(LlmFixtures.request()));

        // then
        assertThat(failure.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(failure.getMessage()).hasSizeLessThan(300).endsWith("…");
    }

    @Test
    void reports_an_error_object_in_a_200_json_answer_as_upstream_error() {
        // given
        stub.enqueue(status(200, "{\"error\":{\"message\":\"Internal server error\",\"type\":\"server_error\"}}"));

        // when
        LlmException failure =
                catchThrowableOfType(LlmException.class, () -> client(1).complete(LlmFixtures.request()));

        // then
        assertThat(failure.kind()).isEqualTo(Kind.UPSTREAM_ERROR);
        assertThat(failure.getMessage()).contains("Internal server error");
    }

    @Test
    void reports_an_empty_200_stream_as_protocol_error() {
        // given
        stub.enqueue(StubResponse.sse(""));

        // when
        LlmException failure =
                catchThrowableOfType(LlmException.class, () -> client(1).stream(LlmFixtures.request(), event -> {}));

        // then
        assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    }

    @Test
    void streams_multi_byte_tokens_written_in_randomly_cut_pieces() {
        // given
        List<String> tokens = List.of("héllo", " wörld", " 😀", " 世界", " — «ok»");
        Random random = new Random(7);
        for (int run = 0; run < 10; run++) {
            stub.enqueue(StubResponse.tokens(tokens, Duration.ZERO).splitRandomly(random, 60));
            LlmFixtures.CollectingSink sink = new LlmFixtures.CollectingSink();

            // when
            client(1).stream(LlmFixtures.request(), sink);

            // then
            assertThat(sink.text()).as("run %d", run).isEqualTo(String.join("", tokens));
        }
    }

    @Test
    void accepts_a_json_answer_to_a_streaming_request() {
        // given
        stub.enqueue(StubResponse.completion("All at once."));
        LlmFixtures.CollectingSink sink = new LlmFixtures.CollectingSink();

        // when
        client(1).stream(LlmFixtures.request(), sink);

        // then
        assertThat(sink.events)
                .containsExactly(new LlmEvent.Token("All at once."), new LlmEvent.Finished("stop", new Usage(10, 3)));
    }

    private OpenAiLlmClient realTimeClient() {
        LlmConfig config = LlmFixtures.config(stub.url(), 3);
        return new OpenAiLlmClient(config, Clock.systemUTC());
    }
}
