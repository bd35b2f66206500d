package com.researchassistant.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.llm.LlmException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CompletionStreamTest {

    private final UpstreamErrors errors = new UpstreamErrors(new ObjectMapper(), Clock.systemUTC(), Optional.empty());
    private final ChatJson json = new ChatJson(new ObjectMapper(), errors);

    private LlmFixtures.CollectingSink pump(InputStream in) throws IOException {
        LlmFixtures.CollectingSink sink = new LlmFixtures.CollectingSink();
        new CompletionStream(json, errors, sink).pump(new ServerSentEvents(in));
        return sink;
    }

    private LlmFixtures.CollectingSink pump(String stream) throws IOException {
        return pump(new ChoppedInputStream(stream.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertOutcome(LlmFixtures.CollectingSink sink, RecordedStreams.Case expected, String how) {
        assertThat(sink.text()).as(how).isEqualTo(expected.text());
        assertThat(sink.finished()).as(how).isEqualTo(new LlmEvent.Finished(expected.finishReason(), expected.usage()));
        assertThat(sink.events)
                .as(how)
                .filteredOn(LlmEvent.Finished.class::isInstance)
                .hasSize(1);
    }

    static Stream<RecordedStreams.Case> recordedStreams() {
        return RecordedStreams.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedStreams")
    void reads_a_recorded_stream_cut_at_every_byte_position(RecordedStreams.Case recorded) throws IOException {
        // given
        byte[] body = recorded.recorded().bytes();

        for (int cut = 0; cut < body.length; cut++) {
            // when
            LlmFixtures.CollectingSink sink = pump(new ChoppedInputStream(body, cut));

            // then
            assertOutcome(sink, recorded, "cut at " + cut);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedStreams")
    void reads_a_recorded_stream_delivered_byte_by_byte_or_at_random_cuts(RecordedStreams.Case recorded)
            throws IOException {
        // given
        byte[] body = recorded.recorded().bytes();
        Random random = new Random(20_261_126L);

        // when / then
        assertOutcome(pump(ChoppedInputStream.byteByByte(body)), recorded, "byte by byte");
        for (int run = 0; run < 50; run++) {
            int[] cuts = random.ints(1 + random.nextInt(40), 1, body.length).toArray();
            assertOutcome(pump(new ChoppedInputStream(body, cuts)), recorded, "run " + run);
        }
    }

    @Test
    void emits_no_token_for_empty_or_role_only_deltas() throws IOException {
        // given
        String stream = """
                data: {"choices":[{"index":0,"delta":{"role":"assistant"}}]}

                data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

                data: {"choices":[{"index":0,"delta":{"content":null}}]}

                data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

                data: [DONE]

                """;

        // when
        LlmFixtures.CollectingSink sink = pump(stream);

        // then
        assertThat(sink.events)
                .containsExactly(new LlmEvent.Token("Hi"), new LlmEvent.Finished("unknown", Usage.UNKNOWN));
    }

    @Test
    void reads_usage_from_a_final_chunk_with_empty_choices() throws IOException {
        // given
        String stream = """
                data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}],"usage":null}

                data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}

                """;

        // when
        LlmFixtures.CollectingSink sink = pump(stream);

        // then
        assertThat(sink.finished()).isEqualTo(new LlmEvent.Finished("stop", new Usage(5, 1)));
    }

    @Test
    void ignores_choices_other_than_the_first() throws IOException {
        // given
        String stream = """
                data: {"choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"mine"}}]}

                """;

        // when
        LlmFixtures.CollectingSink sink = pump(stream);

        // then
        assertThat(sink.text()).isEqualTo("mine");
    }

    @Test
    void stops_reading_at_done() throws IOException {
        // given
        String stream = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: [DONE]\n\ndata: not json\n\n";

        // when
        LlmFixtures.CollectingSink sink = pump(stream);

        // then
        assertThat(sink.text()).isEqualTo("a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"15_textgen_stream_error_event_http200.json", "18_textgen_stream_legacy_error_event.json"})
    void turns_a_recorded_validation_error_event_into_bad_request(String file) {
        // given
        String stream = Recordings.exchange(file).body();

        // when
        LlmException failure = catchThrowableOfType(LlmException.class, () -> pump(stream));

        // then
        assertThat(failure).isInstanceOf(LlmException.NonRetryable.class);
        assertThat(failure.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(failure.getMessage()).contains("Input validation error");
    }

    @Test
    void turns_the_tgi_openai_error_event_into_bad_request() {
        // given
        String stream = Recordings.quotedCases().stream()
                .filter(quoted -> quoted.has("sse"))
                .findFirst()
                .orElseThrow()
                .path("sse")
                .asText();

        // when
        LlmException failure = catchThrowableOfType(LlmException.class, () -> pump(stream));

        // then
        assertThat(failure.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(failure.getMessage()).contains("Input validation error: ...");
    }

    @Test
    void turns_an_error_object_after_tokens_into_upstream_error() throws IOException {
        // given
        String stream = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"
                + "data: {\"error\":{\"message\":\"Request failed during generation\",\"type\":\"generation\"}}\n\n";
        LlmFixtures.CollectingSink sink = new LlmFixtures.CollectingSink();

        // when
        LlmException failure = catchThrowableOfType(
                LlmException.class,
                () -> new CompletionStream(json, errors, sink)
                        .pump(new ServerSentEvents(new ChoppedInputStream(stream.getBytes(StandardCharsets.UTF_8)))));

        // then
        assertThat(failure.kind()).isEqualTo(Kind.UPSTREAM_ERROR);
        assertThat(failure.getMessage()).contains("Request failed during generation");
        assertThat(sink.text()).isEqualTo("a");
    }

    @Test
    void fails_with_protocol_when_the_stream_ends_before_any_data() {
        // when
        LlmException failure = catchThrowableOfType(LlmException.class, () -> pump(": ping\n\n"));

        // then
        assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    }

    @Test
    void fails_with_protocol_on_malformed_json() {
        // when
        LlmException failure = catchThrowableOfType(LlmException.class, () -> pump("data: {\"choices\":[{\"del"));

        // then
        assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
    }

    @Test
    void finishes_as_unknown_at_end_of_stream_without_done_or_finish_reason() throws IOException {
        // when
        LlmFixtures.CollectingSink sink = pump("data: {\"choices\":[{\"delta\":{\"content\":\"cut\"}}]}\n\n");

        // then
        assertThat(sink.events)
                .containsExactly(new LlmEvent.Token("cut"), new LlmEvent.Finished("unknown", Usage.UNKNOWN));
    }
}
