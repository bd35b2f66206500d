package com.researchassistant.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.config.LlmConfig;
import com.researchassistant.llm.LlmException.Kind;
import com.researchassistant.testing.MutableClock;
import com.researchassistant.testing.RecordingSleeper;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replays every chat-related recorded Hugging Face exchange through the stub server and the real client. */
class OpenAiLlmClientRecordingsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-21T12:00:00Z"));
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private StubLlmServer stub;
    private OpenAiLlmClient client;

    @BeforeEach
    void start_stub() {
        stub = StubLlmServer.start();
        LlmConfig config = LlmFixtures.config(stub.url(), 1);
        client = new OpenAiLlmClient(
                config, OpenAiLlmClient.defaultHttpClient(config), sleeper, LlmFixtures.drawing(1.0), clock);
    }

    @AfterEach
    void stop_stub() {
        stub.close();
    }

    static Stream<RecordedStreams.Case> recordedStreams() {
        return RecordedStreams.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedStreams")
    void replays_a_recorded_stream(RecordedStreams.Case recorded) {
        // given
        stub.enqueue(recorded.recorded().response());
        LlmFixtures.CollectingSink sink = new LlmFixtures.CollectingSink();

        // when
        client.stream(LlmFixtures.request(), sink);

        // then
        assertThat(sink.text()).isEqualTo(recorded.text());
        assertThat(sink.finished()).isEqualTo(new LlmEvent.Finished(recorded.finishReason(), recorded.usage()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedStreams")
    void replays_a_recorded_stream_written_in_randomly_cut_pieces(RecordedStreams.Case recorded) {
        Random random = new Random(recorded.name().hashCode());
        for (int run = 0; run < 5; run++) {
            // given
            stub.enqueue(
                    recorded.recorded().response().splitRandomly(random, 30).withPause(Duration.ofMillis(1)));
            LlmFixtures.CollectingSink sink = new LlmFixtures.CollectingSink();

            // when
            client.stream(LlmFixtures.request(), sink);

            // then
            assertThat(sink.text()).as("run %d", run).isEqualTo(recorded.text());
            assertThat(sink.finished()).isEqualTo(new LlmEvent.Finished(recorded.finishReason(), recorded.usage()));
        }
    }

    /** A non-streaming answer of the fixtures and what the client must make of it. */
    record Completion(String name, Recordings.Recorded recorded, LlmResponse expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Completion> recordedCompletions() {
        Recordings.Recorded longOne = Recordings.exchange("01_chat_nonstream_router_tgi.json");
        String longAnswer = longOne.json()
                .path("choices")
                .path(0)
                .path("message")
                .path("content")
                .asText();
        return Stream.of(
                new Completion("01", longOne, new LlmResponse(longAnswer, "stop", new Usage(52, 603))),
                new Completion(
                        "06",
                        Recordings.exchange("06_chat_nonstream_router_cached.json"),
                        new LlmResponse("What is this retrieval?", "stop", new Usage(14, 6))),
                new Completion(
                        "09",
                        Recordings.exchange("09_chat_nonstream_tgi301.json"),
                        new LlmResponse(" The library holds three documents.", "stop", new Usage(22, 8))),
                new Completion(
                        "30a tool call",
                        Recordings.exchange("30a_chat_toolcall_router_together.json"),
                        new LlmResponse("", "tool_calls", new Usage(583, 9))),
                new Completion(
                        "31 tool call, content null",
                        Recordings.exchange("31_tgi_tool_call_nonstream.json"),
                        new LlmResponse("", "stop", new Usage(488, 24))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedCompletions")
    void replays_a_recorded_completion(Completion recorded) {
        // given
        stub.enqueue(recorded.recorded().response());

        // when
        LlmResponse response = client.complete(LlmFixtures.request());

        // then
        assertThat(response).isEqualTo(recorded.expected());
        assertThat(response.text()).hasSizeGreaterThan(recorded.name().equals("01") ? 3000 : -1);
    }

    /** A recorded or quoted error answer and the failure it must become. */
    record Failure(
            String name,
            StubResponse response,
            Kind kind,
            boolean retryable,
            Optional<Duration> retryAfter,
            String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Failure> recordedFailures() {
        return Stream.of(
                recorded("07_chat_401_invalid_credentials.json", Kind.AUTH, "Invalid username or password."),
                recorded("11_chat_422_template_error.json", Kind.BAD_REQUEST, "Template error: template not found"),
                recorded("12_chat_422_text_plain.json", Kind.BAD_REQUEST, "missing field `messages`"),
                recorded("16_textgen_422_validation.json", Kind.BAD_REQUEST, "Input validation error"),
                recorded("25_404_model_not_found.json", Kind.MODEL_NOT_FOUND, "no-such-model-404 does not exist"),
                new Failure(
                        "26_legacy_503_model_loading.json",
                        Recordings.exchange("26_legacy_503_model_loading.json").response(),
                        Kind.UNAVAILABLE,
                        true,
                        Optional.of(Duration.ofSeconds(20)),
                        "is currently loading"),
                new Failure(
                        "27_legacy_503_overloaded.json",
                        Recordings.exchange("27_legacy_503_overloaded.json").response(),
                        Kind.UNAVAILABLE,
                        true,
                        Optional.empty(),
                        "overloaded"),
                new Failure(
                        "28_legacy_429_anonymous.json",
                        Recordings.exchange("28_legacy_429_anonymous.json").response(),
                        Kind.RATE_LIMITED,
                        true,
                        Optional.empty(),
                        "Please log in or use a HF access token"),
                recorded(
                        "29_legacy_400_error_array.json",
                        Kind.BAD_REQUEST,
                        "Field required: received `source_sentence`"),
                new Failure(
                        "30b provider 500",
                        Recordings.exchange("30b_chat_500_router_together.json").response(),
                        Kind.UPSTREAM_ERROR,
                        false,
                        Optional.empty(),
                        "Internal server error"),
                quoted(0, Kind.PAYMENT_REQUIRED, false, Optional.empty(), "exceeded your monthly included credits"),
                quoted(1, Kind.BAD_REQUEST, false, Optional.empty(), "is not supported by any provider"),
                quoted(2, Kind.BAD_REQUEST, false, Optional.empty(), "is not supported by any provider"),
                quoted(3, Kind.MODEL_NOT_FOUND, false, Optional.empty(), "is no longer supported"),
                quoted(4, Kind.UNAVAILABLE, true, Optional.of(Duration.ofSeconds(20)), "is currently loading"),
                quoted(5, Kind.RATE_LIMITED, true, Optional.empty(), "Rate limit reached"));
    }

    private static Failure recorded(String file, Kind kind, String says) {
        return new Failure(file, Recordings.exchange(file).response(), kind, false, Optional.empty(), says);
    }

    private static Failure quoted(int index, Kind kind, boolean retryable, Optional<Duration> retryAfter, String says) {
        JsonNode quoted = Recordings.quotedCases().get(index);
        StubResponse response = StubResponse.json(
                quoted.path("status").asInt(), quoted.path("body").toString());
        return new Failure(
                "40 #" + index + " " + quoted.path("status").asText(), response, kind, retryable, retryAfter, says);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedFailures")
    void maps_a_recorded_error_answer_to_a_typed_failure(Failure recorded) {
        // given
        stub.enqueue(recorded.response());

        // when
        LlmException failure =
                catchThrowableOfType(LlmException.class, () -> client.stream(LlmFixtures.request(), event -> {}));

        // then
        assertThat(failure.kind()).isEqualTo(recorded.kind());
        assertThat(failure.status()).isEqualTo(recorded.response().status());
        assertThat(failure)
                .isInstanceOf(recorded.retryable() ? LlmException.Retryable.class : LlmException.NonRetryable.class);
        assertThat(failure.retryAfter()).isEqualTo(recorded.retryAfter());
        assertThat(failure.getMessage()).contains(recorded.says()).hasSizeLessThan(300);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void serves_error_events_of_recorded_200_streams_as_bad_request() {
        for (String file :
                new String[] {"15_textgen_stream_error_event_http200.json", "18_textgen_stream_legacy_error_event.json"
                }) {
            // given
            stub.enqueue(Recordings.exchange(file).response());

            // when
            LlmException failure =
                    catchThrowableOfType(LlmException.class, () -> client.stream(LlmFixtures.request(), event -> {}));

            // then
            assertThat(failure.kind()).as(file).isEqualTo(Kind.BAD_REQUEST);
            assertThat(failure.getMessage()).contains("Input validation error");
        }
    }
}
