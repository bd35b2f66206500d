package com.researchassistant.web;

import static com.researchassistant.web.OpenAiServer.HI;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.config.AdmissionConfig;
import com.researchassistant.testing.JsonPaths;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code /v1/chat/completions} refuses, and how: OpenAI-shaped 400, 401 and 413 errors. */
@Timeout(30)
class OpenAiApiHandlerValidationIT {

    private OpenAiServer server;

    @BeforeEach
    void start() {
        server = OpenAiServer.start(new AdmissionConfig(2, 0), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
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
        HttpResponse<String> res = server.post(body);

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
        HttpResponse<String> res = server.post(body);

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
        HttpResponse<String> res = server.post("{\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}");

        // then
        assertThat(res.statusCode()).isEqualTo(413);
        assertThat(JsonPaths.text(res.body(), "/error/type")).isEqualTo("invalid_request_error");
    }

    @Test
    void refuses_a_last_message_over_the_character_limit() {
        // given
        String long_ = "x".repeat(OpenAiServer.MAX_MESSAGE_CHARS + 1);

        // when
        HttpResponse<String> res = server.post("{\"messages\":[{\"role\":\"user\",\"content\":\"" + long_ + "\"}]}");

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
        HttpResponse<String> res = server.send(request.build());

        // then
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(JsonPaths.text(res.body(), "/error/type")).isEqualTo("authentication_error");
        assertThat(res.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(server.assistant().calls()).isZero();
    }
}
