package com.researchassistant.web;

import static com.researchassistant.web.OpenAiServer.HI;
import static com.researchassistant.web.OpenAiServer.KEY;
import static com.researchassistant.web.OpenAiServer.streamBody;
import static com.researchassistant.web.ScriptedAssistant.DONE;
import static com.researchassistant.web.ScriptedAssistant.META;
import static com.researchassistant.web.ScriptedAssistant.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.chat.AssistantRequest;
import com.researchassistant.chat.ChatEvent;
import com.researchassistant.config.AdmissionConfig;
import com.researchassistant.llm.ChatMessage;
import com.researchassistant.testing.JsonPaths;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /v1/chat/completions} without streaming, {@code /v1/models}, admission and failures. */
@Timeout(30)
class OpenAiApiHandlerIT {

    private OpenAiServer server;

    @BeforeEach
    void start() {
        server = OpenAiServer.start(new AdmissionConfig(2, 0), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void answers_one_chat_completion_with_usage_and_sources() {
        // given
        server.assistant()
                .script(
                        META,
                        new ChatEvent.Sources(List.of(SOURCE)),
                        new ChatEvent.Token("Hel"),
                        new ChatEvent.Token("lo [1]"),
                        DONE);

        // when
        HttpResponse<String> res = server.post(HI);

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
        server.assistant().script(META, new ChatEvent.Token("x"), new ChatEvent.Done("m1", "length", -1, -1, 1, 2, ""));

        // when
        HttpResponse<String> res = server.post("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

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
        server.post("""
                {"messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"developer","content":"Cite sources."},
                  {"role":"user","content":"My topic is sleep."},
                  {"role":"assistant","content":"Noted."},
                  {"role":"user","content":"Summarise it."}]}""");

        // then
        AssistantRequest asked = server.assistant().lastRequest();
        assertThat(asked.message()).isEqualTo("Summarise it.");
        assertThat(asked.history())
                .containsExactly(
                        ChatMessage.system("Be brief."),
                        ChatMessage.system("Cite sources."),
                        ChatMessage.user("My topic is sleep."),
                        ChatMessage.assistant("Noted."));
        assertThat(asked.owner()).startsWith("k:");
        assertThat(asked.profile().name()).isEqualTo("desktop");
    }

    @Test
    void reads_content_given_as_an_array_of_parts_and_ignores_non_text_parts() {
        // given
        server.assistant().script(META, new ChatEvent.Token("ok"), DONE);

        // when
        HttpResponse<String> res = server.post("""
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
        HttpResponse<String> res = server.post("""
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
        server.post("{\"max_tokens\":" + asked + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        // then
        assertThat(server.assistant().lastRequest().profile().maxTokens()).isEqualTo(expected);
    }

    @Test
    void max_completion_tokens_wins_over_the_older_max_tokens() {
        // given
        server.assistant().script(META, new ChatEvent.Token("ok"), DONE);

        // when
        server.post("{\"max_tokens\":100,\"max_completion_tokens\":30,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        // then
        assertThat(server.assistant().lastRequest().profile().maxTokens()).isEqualTo(30);
    }

    @ParameterizedTest
    @CsvSource({"UPSTREAM, 502", "UNAVAILABLE, 503", "TIMEOUT, 504"})
    void maps_upstream_failures_to_5xx(ChatEvent.Reason reason, int status) {
        // given
        server.assistant()
                .script(
                        META,
                        new ChatEvent.Token("Part"),
                        new ChatEvent.Failed("upstream_x", "The model failed.", "", reason));

        // when
        HttpResponse<String> res = server.post(HI);

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
        HttpResponse<String> res = server.post(HI);
        HttpResponse<String> streamed = server.post(streamBody(""));
        held.forEach(Admission.Ticket::close);

        // then
        for (HttpResponse<String> r : List.of(res, streamed)) {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 120L));
            assertThat(JsonPaths.text(r.body(), "/error/type")).isEqualTo("rate_limit_error");
            assertThat(JsonPaths.text(r.body(), "/error/code")).isEqualTo("server_busy");
        }
        assertThat(server.assistant().calls()).isZero();
    }

    @Test
    void lists_the_model() {
        // when
        HttpResponse<String> res =
                server.send(server.request("/v1/models", KEY).GET().build());

        // then
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body())
                .isEqualTo("{\"object\":\"list\",\"data\":[{\"id\":\"" + OpenAiServer.MODEL_ID
                        + "\",\"object\":\"model\",\"created\":0,\"owned_by\":\"research-assistant\"}]}");
    }

    @Test
    void answers_unknown_v1_routes_with_an_openai_shaped_404() {
        // when
        HttpResponse<String> res = server.send(server.request("/v1/embeddings", KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        // then
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(JsonPaths.text(res.body(), "/error/type")).isEqualTo("invalid_request_error");
        assertThat(JsonPaths.text(res.body(), "/error/message")).contains("/v1/embeddings");
    }

    @Test
    void the_assistant_crashing_without_a_stream_answers_an_openai_shaped_500() {
        // given
        server.assistant().scriptThenThrow(List.of(META), new IllegalStateException("boom"));

        // when
        HttpResponse<String> res = server.post(HI);

        // then
        assertThat(res.statusCode()).isEqualTo(500);
        assertThat(JsonPaths.text(res.body(), "/error/type")).isEqualTo("api_error");
        assertThat(res.body()).doesNotContain("boom");
    }
}
