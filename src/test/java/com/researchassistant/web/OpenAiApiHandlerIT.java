package com.researchassistant.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.chat.AssistantRequest;
import com.researchassistant.chat.ChatEvent;
import com.researchassistant.config.AdmissionConfig;
import com.researchassistant.llm.ChatMessage;
import com.researchassistant.session.Source;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.JsonPaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class OpenAiApiHandlerIT {

    static final String KEY = "sk-test-0123456789abcdef";
    static final String HI = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final ChatEvent.Meta META = new ChatEvent.Meta("", "", "desktop", "upstream-model");
    static final Source SOURCE = new Source(1, Source.LIBRARY, "doc-1", "Sleep", "p. 3", "Sleep is...", 0.5);
    static final ChatEvent.Done DONE = new ChatEvent.Done("m1", "stop", 12, 3, 5, 9, "");

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

    private HttpResponse<String> post(String body) {
        return send(server.request("/v1/chat/completions", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return server.http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String streamBody(String options) {
        return "{\"model\":\"gpt-4o\",\"stream\":true" + options
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    @Test
    void answers_one_chat_completion_with_usage_and_sources() {
        // given
        server.assistant().script(META, new ChatEvent.Sources(List.of(SOURCE)), new ChatEvent.Token("Hel"),
                new ChatEvent.Token("lo [1]"), DONE);

        // when
        HttpResponse<String> res = post(HI);

        // then
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode body = JsonPaths.tree(res.body());
        assertThat(body.at("/id").asText()).startsWith("chatcmpl-");
        assertThat(body.at("/object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/created").asLong()).isPositive();
        assertThat(body.at("/model").asText()).isEqualTo("gpt-4o");
        assertThat(body.at("/choices").size()).isEqualTo(1);
        assertThat(body.at("/choices/0/index").asInt()).isZero();
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello [1]");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(12);
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(15);
        assertThat(body.at("/sources/0/n").asInt()).isEqualTo(1);
        assertThat(body.at("/sources/0/title").asText()).isEqualTo("Sleep");
    }

    @Test
    void echoes_our_model_id_when_the_client_names_none_and_reports_length_finishes() {
        // given
        server.assistant().script(META, new ChatEvent.Token("x"),
                new ChatEvent.Done("m1", "length", -1, -1, 1, 2, ""));

        // when
        HttpResponse<String> res = post("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        // then
        JsonNode body = JsonPaths.tree(res.body());
        assertThat(body.at("/model").asText()).isEqualTo(OpenAiServer.MODEL_ID);
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(body.at("/usage/total_tokens").asInt()).isZero();
        assertThat(body.at("/sources").size()).isZero();
    }

    @Test
    void passes_history_system_prompts_and_the_last_message_to_the_assistant() {
        // given
        server.assistant().script(META, new ChatEvent.Token("ok"), DONE);

        // when
        post("""
                {"messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"developer","content":"Cite sources."},
                  {"role":"user","content":"My topic is sleep."},
                  {"role":"assistant","content":"Noted."},
                  {"role":"user","content":"Summarise it."}]}""");

        // then
        AssistantRequest asked = server.assistant().lastRequest();
        assertThat(asked.message()).isEqualTo("Summarise it.");
        assertThat(asked.history()).containsExactly(ChatMessage.system("Be brief."),
                ChatMessage.system("Cite sources."), ChatMessage.user("My topic is sleep."),
                ChatMessage.assistant("Noted."));
        assertThat(asked.owner()).startsWith("k:");
        assertThat(asked.profile().name()).isEqualTo("desktop");
    }

    @Test
    void reads_content_given_as_an_array_of_parts_and_ignores_non_text_parts() {
        // given
        server.assistant().script(META, new ChatEvent.Token("ok"), DONE);

        // when
        HttpResponse<String> res = post("""
                {"messages":[{"role":"user","content":[
                  {"type":"text","text":"What does"},
                  {"type":"image_url","image_url":{"url":"https://example.org/a.png"}},
                  {"type":"text","text":"this show?"}]}]}""");

        // then
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(server.assistant().lastRequest().message()).isEqualTo("What does\nthis show?");
    }

    @Test
    void ignores_fields_it_does_not_know() {
        // given
        server.assistant().script(META, new ChatEvent.Token("ok"), DONE);

        // when
        HttpResponse<String> res = post("""
                {"model":"gpt-4o","messages":[{"role":"user","content":"Hi","name":"bob"}],
                 "temperature":0.2,"user":"u-1","seed":7,"logprobs":false,"n":1,
                 "tools":[{"type":"function","function":{"name":"f","parameters":{}}}],
                 "response_format":{"type":"text"},"future_field":{"nested":[1,2]}}""");

        // then
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(JsonPaths.text(res.body(), "/choices/0/message/content")).isEqualTo("ok");
    }

    @ParameterizedTest
    @CsvSource({"50, 50", "5000, 2000"})
    void max_tokens_caps_the_profile_only_downwards(int asked, int expected) {
        // given
        server.assistant().script(META, new ChatEvent.Token("ok"), DONE);

        // when
        post("{\"max_tokens\":" + asked + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        // then
        assertThat(server.assistant().lastRequest().profile().maxTokens()).isEqualTo(expected);
    }

    @Test
    void max_completion_tokens_wins_over_the_older_max_tokens() {
        // given
        server.assistant().script(META, new ChatEvent.Token("ok"), DONE);

        // when
        post("{\"max_tokens\":100,\"max_completion_tokens\":30,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        // then
        assertThat(server.assistant().lastRequest().profile().maxTokens()).isEqualTo(30);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}|messages",
        "{\"messages\":[]}|messages",
        "{\"messages\":\"Hi\"}|messages",
        "{\"messages\":[{\"role\":\"assistant\",\"content\":\"Hi\"}]}|messages",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}|messages",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"   \"}]}|messages",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{}}]}]}|messages",
        "{\"messages\":[{\"role\":\"user\",\"content\":42}]}|messages",
        "{\"messages\":[{\"role\":\"wizard\",\"content\":\"Hi\"}]}|messages",
        "{\"messages\":[{\"content\":\"Hi\"}]}|messages",
        "{\"model\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|model",
        "{\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|stream",
        "{\"max_tokens\":\"10\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|max_tokens",
        "{\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|max_tokens",
        "{\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|temperature",
        "{\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}|n",
        "{\"stream_options\":{\"include_usage\":1},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                + "|stream_options.include_usage"
    })
    void refuses_invalid_requests_with_openai_shaped_400s(String body, String param) {
        // when
        HttpResponse<String> res = post(body);

        // then
        assertThat(res.statusCode()).isEqualTo(400);
        JsonNode error = JsonPaths.tree(res.body()).at("/error");
        assertThat(error.at("/type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.at("/param").asText()).isEqualTo(param);
        assertThat(error.at("/message").asText()).isNotBlank();
        assertThat(error.has("code")).isTrue();
        assertThat(server.assistant().calls()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"messages\":[", "[1,2]", "not json"})
    void refuses_broken_json_with_400(String body) {
        // when
        HttpResponse<String> res = post(body);

        // then
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(JsonPaths.text(res.body(), "/error/type")).isEqualTo("invalid_request_error");
        assertThat(JsonPaths.tree(res.body()).at("/error/param").isNull()).isTrue();
    }

    @Test
    void refuses_a_body_over_the_limit_with_413() {
        // given
        String big = "x".repeat(OpenAiServer.MAX_BODY_BYTES + 1);

        // when
        HttpResponse<String> res = post("{\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}");

        // then
        assertThat(res.statusCode()).isEqualTo(413);
        assertThat(JsonPaths.text(res.body(), "/error/type")).isEqualTo("invalid_request_error");
    }

    @Test
    void refuses_a_last_message_over_the_character_limit() {
        // given
        String long_ = "x".repeat(OpenAiServer.MAX_MESSAGE_CHARS + 1);

        // when
        HttpResponse<String> res = post("{\"messages\":[{\"role\":\"user\",\"content\":\"" + long_ + "\"}]}");

        // then
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(JsonPaths.text(res.body(), "/error/param")).isEqualTo("messages");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer short", "Basic dXNlcjpwYXNzd29yZA==", "Bearer"})
    void refuses_missing_or_bad_keys_with_401(String authorization) {
        // given
        HttpRequest.Builder request = server.request("/v1/chat/completions", null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HI));
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }

        // when
        HttpResponse<String> res = send(request.build());

        // then
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(JsonPaths.text(res.body(), "/error/type")).isEqualTo("authentication_error");
        assertThat(res.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(server.assistant().calls()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"UPSTREAM, 502", "UNAVAILABLE, 503", "TIMEOUT, 504"})
    void maps_upstream_failures_to_5xx(ChatEvent.Reason reason, int status) {
        // given
        server.assistant().script(META, new ChatEvent.Token("Part"),
                new ChatEvent.Failed("upstream_x", "The model failed.", "", reason));

        // when
        HttpResponse<String> res = post(HI);

        // then
        assertThat(res.statusCode()).isEqualTo(status);
        JsonNode error = JsonPaths.tree(res.body()).at("/error");
        assertThat(error.at("/type").asText()).isEqualTo("api_error");
        assertThat(error.at("/code").asText()).isEqualTo("upstream_x");
        assertThat(error.at("/message").asText()).isEqualTo("The model failed.");
    }

    @Test
    void refuses_with_429_and_retry_after_when_admission_is_full() {
        // given
        List<Admission.Ticket> held = new ArrayList<>();
        server.admission().tryEnter().ifPresent(held::add);
        server.admission().tryEnter().ifPresent(held::add);

        // when
        HttpResponse<String> res = post(HI);
        HttpResponse<String> streamed = post(streamBody(""));
        held.forEach(Admission.Ticket::close);

        // then
        for (HttpResponse<String> r : List.of(res, streamed)) {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v))
                    .isBetween(1L, 120L));
            assertThat(JsonPaths.text(r.body(), "/error/type")).isEqualTo("rate_limit_error");
            assertThat(JsonPaths.text(r.body(), "/error/code")).isEqualTo("server_busy");
        }
        assertThat(server.assistant().calls()).isZero();
    }

    @Test
    void lists_the_model() {
        // when
        HttpResponse<String> res = send(server.request("/v1/models", KEY).GET().build());

        // then
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"object\":\"list\",\"data\":[{\"id\":\"" + OpenAiServer.MODEL_ID
                + "\",\"object\":\"model\",\"created\":0,\"owned_by\":\"research-assistant\"}]}");
    }

    @Test
    void answers_unknown_v1_routes_with_an_openai_shaped_404() {
        // when
        HttpResponse<String> res = send(server.request("/v1/embeddings", KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        // then
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(JsonPaths.text(res.body(), "/error/type")).isEqualTo("invalid_request_error");
        assertThat(JsonPaths.text(res.body(), "/error/message")).contains("/v1/embeddings");
    }

    @Test
    void streams_chunks_exactly_as_openai_does_with_usage_when_asked() {
        // given
        server.assistant().script(META, new ChatEvent.Token("Hel"), new ChatEvent.Token("lo"), DONE);

        // when
        HttpResponse<String> res = post(streamBody(",\"stream_options\":{\"include_usage\":true}"));

        // then
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("text/event-stream"));
        assertThat(res.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v)
                .contains("no-cache"));
        assertThat(res.headers().firstValue("X-Accel-Buffering")).contains("no");
        JsonNode first = OpenAiStreams.chunks(res.body()).getFirst();
        String head = "{\"id\":\"" + first.at("/id").asText() + "\",\"object\":\"chat.completion.chunk\",\"created\":"
                + first.at("/created").asLong() + ",\"model\":\"gpt-4o\",\"choices\":[";
        assertThat(OpenAiStreams.withoutComments(res.body())).isEqualTo(
                "data: " + head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
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
        HttpResponse<String> res = post(streamBody(""));

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
        server.assistant().script(META, new ChatEvent.Token("Part"),
                new ChatEvent.Failed("upstream_timeout", "The model did not answer in time.", "",
                        ChatEvent.Reason.TIMEOUT));

        // when
        HttpResponse<String> res = post(streamBody(""));

        // then
        assertThat(res.statusCode()).isEqualTo(200);
        List<String> data = OpenAiStreams.dataLines(res.body());
        assertThat(data).hasSize(4);
        assertThat(data.get(2)).isEqualTo("{\"error\":{\"message\":\"The model did not answer in time.\","
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
        HttpResponse<String> res = post(streamBody(""));

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
        HttpResponse<String> res = post(streamBody(""));

        // then
        assertThat(OpenAiStreams.sdkRead(res.body()))
                .isEqualTo(new OpenAiStreams.SdkResult(words.stream().collect(Collectors.joining()), ""));
    }

    @Test
    void the_assistant_crashing_mid_stream_still_ends_with_an_error_and_done() {
        // given
        server.assistant().scriptThenThrow(List.of(META, new ChatEvent.Token("Part")),
                new IllegalStateException("boom"));

        // when
        HttpResponse<String> res = post(streamBody(""));

        // then
        List<String> data = OpenAiStreams.dataLines(res.body());
        assertThat(JsonPaths.text(data.get(data.size() - 2), "/error/code")).isEqualTo("internal");
        assertThat(data.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void the_assistant_crashing_without_a_stream_answers_an_openai_shaped_500() {
        // given
        server.assistant().scriptThenThrow(List.of(META), new IllegalStateException("boom"));

        // when
        HttpResponse<String> res = post(HI);

        // then
        assertThat(res.statusCode()).isEqualTo(500);
        assertThat(JsonPaths.text(res.body(), "/error/type")).isEqualTo("api_error");
        assertThat(res.body()).doesNotContain("boom");
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
        try (InputStream body = server.http().send(request, HttpResponse.BodyHandlers.ofInputStream()).body()) {
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
