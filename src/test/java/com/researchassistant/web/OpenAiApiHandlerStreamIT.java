package com.researchassistant.web;

import static com.researchassistant.web.OpenAiServer.KEY;
import static com.researchassistant.web.OpenAiServer.streamBody;
import static com.researchassistant.web.ScriptedAssistant.DONE;
import static com.researchassistant.web.ScriptedAssistant.META;
import static com.researchassistant.web.ScriptedAssistant.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.chat.ChatEvent;
import com.researchassistant.config.AdmissionConfig;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.JsonPaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /v1/chat/completions} with {@code stream: true}: the chunk sequence, errors mid-stream, leaving. */
@Timeout(30)
class OpenAiApiHandlerStreamIT {

    private OpenAiServer server;

    @BeforeEach
    void start() {
        server = OpenAiServer.start(new AdmissionConfig(2, 0), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void restartWithHeartbeat(Duration heartbeat) {
        server.close();
        server = OpenAiServer.start(new AdmissionConfig(2, 0), heartbeat);
    }

    @Test
    void streams_chunks_exactly_as_openai_does_with_usage_when_asked() {
        // given
        server.assistant().script(META, new ChatEvent.Token("Hel"), new ChatEvent.Token("lo"), DONE);

        // when
        HttpResponse<String> res = server.post(streamBody(",\"stream_options\":{\"include_usage\":true}"));

        // then
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(res.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-cache"));
        assertThat(res.headers().firstValue("X-Accel-Buffering")).contains("no");
        JsonNode first = OpenAiStreams.chunks(res.body()).getFirst();
        String head = "{\"id\":\"" + first.at("/id").asText() + "\",\"object\":\"chat.completion.chunk\",\"created\":"
                + first.at("/created").asLong() + ",\"model\":\"gpt-4o\",\"choices\":[";
        assertThat(OpenAiStreams.withoutComments(res.body()))
                .isEqualTo("data: " + head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                        + "\"finish_reason\":null}]}\n\n"
                        + "data: " + head + "{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"
                        + "data: " + head + "{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}\n\n"
                        + "data: " + head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: " + head + "],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,"
                        + "\"total_tokens\":15}}\n\n"
                        + "data: [DONE]\n\n");
    }

    @Test
    void streams_no_usage_chunk_unless_asked_and_puts_sources_on_the_finish_chunk() {
        // given
        server.assistant().script(META, new ChatEvent.Sources(List.of(SOURCE)), new ChatEvent.Token("A [1]"), DONE);

        // when
        HttpResponse<String> res = server.post(streamBody(""));

        // then
        List<JsonNode> chunks = OpenAiStreams.chunks(res.body());
        assertThat(chunks).hasSize(3);
        assertThat(chunks).allSatisfy(c -> assertThat(c.has("usage")).isFalse());
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.getLast().at("/sources/0/documentId").asText()).isEqualTo("doc-1");
        assertThat(OpenAiStreams.content(chunks)).isEqualTo("A [1]");
        assertThat(OpenAiStreams.withoutComments(res.body())).endsWith("\n\ndata: [DONE]\n\n");
    }

    @Test
    void a_failure_mid_stream_sends_an_error_chunk_then_done() {
        // given
        server.assistant()
                .script(
                        META,
                        new ChatEvent.Token("Part"),
                        new ChatEvent.Failed(
                                "upstream_timeout", "The model did not answer in time.", "", ChatEvent.Reason.TIMEOUT));

        // when
        HttpResponse<String> res = server.post(streamBody(""));

        // then
        assertThat(res.statusCode()).isEqualTo(200);
        List<String> data = OpenAiStreams.dataLines(res.body());
        assertThat(data).hasSize(4);
        assertThat(data.get(2))
                .isEqualTo("{\"error\":{\"message\":\"The model did not answer in time.\","
                        + "\"type\":\"api_error\",\"param\":null,\"code\":\"upstream_timeout\"}}");
        assertThat(data.getLast()).isEqualTo("[DONE]");
        assertThat(OpenAiStreams.sdkRead(res.body()))
                .isEqualTo(new OpenAiStreams.SdkResult("Part", "The model did not answer in time."));
    }

    @Test
    void an_answer_that_ends_without_done_still_ends_the_stream() {
        // given
        server.assistant().script(META, new ChatEvent.Token("Part"));

        // when
        HttpResponse<String> res = server.post(streamBody(""));

        // then
        List<String> data = OpenAiStreams.dataLines(res.body());
        assertThat(JsonPaths.text(data.get(data.size() - 2), "/error/type")).isEqualTo("api_error");
        assertThat(data.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void the_stream_reads_like_the_official_sdk_reads_it() {
        // given
        List<ChatEvent> script = new ArrayList<>(List.of(META));
        List<String> words = List.of("Sleep ", "consolidates ", "memory", ", ", "mostly ", "during ", "NREM", ".");
        words.forEach(w -> script.add(new ChatEvent.Token(w)));
        script.add(DONE);
        server.assistant().script(script.toArray(ChatEvent[]::new));

        // when
        HttpResponse<String> res = server.post(streamBody(""));

        // then
        assertThat(OpenAiStreams.sdkRead(res.body()))
                .isEqualTo(new OpenAiStreams.SdkResult(words.stream().collect(Collectors.joining()), ""));
    }

    @Test
    void the_assistant_crashing_mid_stream_still_ends_with_an_error_and_done() {
        // given
        server.assistant()
                .scriptThenThrow(List.of(META, new ChatEvent.Token("Part")), new IllegalStateException("boom"));

        // when
        HttpResponse<String> res = server.post(streamBody(""));

        // then
        List<String> data = OpenAiStreams.dataLines(res.body());
        assertThat(JsonPaths.text(data.get(data.size() - 2), "/error/code")).isEqualTo("internal");
        assertThat(data.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void a_client_leaving_a_silent_stream_aborts_the_answer_and_frees_its_worker() throws IOException {
        // given
        restartWithHeartbeat(Duration.ofMillis(100));
        server.assistant().scriptThenHang(META, new ChatEvent.Token("Part"));
        HttpRequest request = server.request("/v1/chat/completions", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(streamBody("")))
                .build();

        // when
        try (InputStream body = server.http()
                .send(request, HttpResponse.BodyHandlers.ofInputStream())
                .body()) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String line;
            do {
                line = reader.readLine();
            } while (line != null && !line.contains("\"Part\""));
            assertThat(line).isNotNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }

        // then
        Eventually.await(Duration.ofSeconds(10), server.assistant()::interrupted, "the answer is interrupted");
        Eventually.await(Duration.ofSeconds(10), () -> server.admission().running() == 0, "the worker is freed");
    }
}
