package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every JSON endpoint against bodies that break Jackson's read constraints (nesting depth, number
 * length, name length, string length, document length) or JSON itself: each gets a 4xx with a
 * clear error body, never a 500.
 */
@Timeout(300)
class MalformedJsonIT {

    /** The body limits the app runs with here: 256 KiB JSON bodies, 1 MiB uploads (+64 KiB multipart room). */
    private static final int BODY_LIMIT = 262_144;

    private static final int UPLOAD_LIMIT = 1_048_576 + 64 * 1024;

    @TempDir
    static Path dir;

    private static TestApp app;
    private static RawHttp raw;
    private static String session;

    enum JsonEndpoint {
        CREATE_SESSION("POST", "/api/sessions", BODY_LIMIT),
        RENAME_SESSION("PATCH", "/api/sessions/{id}", BODY_LIMIT),
        SEND_MESSAGE("POST", "/api/sessions/{id}/messages", BODY_LIMIT),
        ADD_TEXT_DOCUMENT("POST", "/api/library/documents", UPLOAD_LIMIT),
        START_RESEARCH("POST", "/api/sessions/{id}/research", BODY_LIMIT),
        CHAT_COMPLETION("POST", "/v1/chat/completions", BODY_LIMIT);

        final String method;
        final String path;
        final int limit;

        JsonEndpoint(String method, String path, int limit) {
            this.method = method;
            this.path = path;
            this.limit = limit;
        }

        boolean openAi() {
            return path.startsWith("/v1/");
        }
    }

    @BeforeAll
    static void start() {
        app = TestApp.start(dir, Map.of("RA_RATE_LIMIT", "0", "RA_MAX_UPLOAD_BYTES", "1048576"));
        raw = new RawHttp(app.uri("/").getPort());
        session = app.newSession(ALICE);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static RawHttp.Response post(JsonEndpoint endpoint, String contentType, byte[] body) {
        return raw.send(
                endpoint.method,
                endpoint.path.replace("{id}", session),
                Map.of("Authorization", "Bearer " + ALICE, "Content-Type", contentType),
                body);
    }

    private static RawHttp.Response postJson(JsonEndpoint endpoint, String body) {
        return post(endpoint, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** The status, and the error body in the endpoint's shape: the app's code, or OpenAI's type. */
    private static void assertRefused(JsonEndpoint endpoint, RawHttp.Response res, int status, String code) {
        assertThat(res.status()).as(res.body()).isEqualTo(status);
        assertThat(res.header("Content-Type")).startsWith("application/json");
        JsonNode error = JsonPaths.tree(res.body()).at("/error");
        assertThat(error.at("/message").asText()).isNotBlank();
        if (endpoint.openAi()) {
            assertThat(error.at("/type").asText()).isEqualTo("invalid_request_error");
        } else {
            assertThat(error.at("/code").asText()).isEqualTo(code);
        }
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void a_hundred_thousand_nested_arrays_answer_400(JsonEndpoint endpoint) {
        // when
        RawHttp.Response res = postJson(endpoint, "[".repeat(100_000) + "]".repeat(100_000));

        // then
        assertRefused(endpoint, res, 400, "invalid_json");
        assertThat(JsonPaths.text(res.body(), "/error/message")).contains("nested");
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void fifty_thousand_nested_objects_answer_400(JsonEndpoint endpoint) {
        // when
        RawHttp.Response res = postJson(endpoint, "{\"\":".repeat(50_000) + "1" + "}".repeat(50_000));

        // then
        assertRefused(endpoint, res, 400, "invalid_json");
        assertThat(JsonPaths.text(res.body(), "/error/message")).contains("nested");
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void nesting_within_the_limit_is_still_read_and_then_judged_by_its_fields(JsonEndpoint endpoint) {
        // when
        RawHttp.Response res = postJson(endpoint, "{\"extra\":" + "[".repeat(30) + "]".repeat(30) + ",\"title\":5}");

        // then
        assertThat(res.status()).as(res.body()).isBetween(400, 499);
        assertThat(JsonPaths.text(res.body(), "/error/message")).doesNotContain("nested");
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void an_overlong_number_answers_400(JsonEndpoint endpoint) {
        // when
        RawHttp.Response res = postJson(endpoint, "{\"title\":" + "9".repeat(5_000) + "}");

        // then
        assertRefused(endpoint, res, 400, "invalid_json");
        assertThat(JsonPaths.text(res.body(), "/error/message")).contains("number");
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void an_overlong_field_name_answers_400(JsonEndpoint endpoint) {
        // when
        RawHttp.Response res = postJson(endpoint, "{\"" + "n".repeat(60_000) + "\":1}");

        // then
        assertRefused(endpoint, res, 400, "invalid_json");
        assertThat(JsonPaths.text(res.body(), "/error/message")).contains("name");
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void a_string_longer_than_the_body_limit_answers_413(JsonEndpoint endpoint) {
        // when
        RawHttp.Response res = postJson(endpoint, "{\"title\":\"" + "s".repeat(endpoint.limit) + "\"}");

        // then
        assertRefused(endpoint, res, 413, "body_too_large");
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void a_document_longer_than_the_body_limit_sent_without_a_length_answers_413(JsonEndpoint endpoint) {
        // given: chunked, so the limit is found while reading, not from Content-Length
        String json = "[" + "0,".repeat(endpoint.limit / 2) + "0]";
        byte[] chunked = chunked(json.getBytes(StandardCharsets.UTF_8));

        // when
        RawHttp.Response res = raw.send(
                endpoint.method,
                endpoint.path.replace("{id}", session),
                Map.of(
                        "Authorization",
                        "Bearer " + ALICE,
                        "Content-Type",
                        "application/json",
                        "Transfer-Encoding",
                        "chunked"),
                chunked);

        // then
        assertRefused(endpoint, res, 413, "body_too_large");
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void tokens_after_the_object_answer_400(JsonEndpoint endpoint) {
        assertRefused(endpoint, postJson(endpoint, "{\"title\":\"a\"} {\"title\":\"b\"}"), 400, "invalid_json");
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void a_repeated_field_answers_400(JsonEndpoint endpoint) {
        assertRefused(endpoint, postJson(endpoint, "{\"title\":\"a\",\"title\":\"b\"}"), 400, "invalid_json");
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void broken_json_answers_400_with_where_it_broke(JsonEndpoint endpoint) {
        // when
        RawHttp.Response res = postJson(endpoint, "{\"title\":\n  tru}");

        // then
        assertRefused(endpoint, res, 400, "invalid_json");
        assertThat(JsonPaths.text(res.body(), "/error/message")).contains("line 2");
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void invalid_utf8_answers_400(JsonEndpoint endpoint) {
        // when
        RawHttp.Response res = post(endpoint, "application/json", new byte[] {
            '{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
        });

        // then
        assertRefused(endpoint, res, 400, "invalid_utf8");
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void json_that_is_not_an_object_answers_400(JsonEndpoint endpoint) {
        for (String body : new String[] {"[]", "\"title\"", "42", "null", "true"}) {
            assertRefused(endpoint, postJson(endpoint, body), 400, "invalid_json");
        }
    }

    @ParameterizedTest
    @EnumSource(JsonEndpoint.class)
    void numbers_beyond_any_range_are_refused_as_the_wrong_type(JsonEndpoint endpoint) {
        for (String number : new String[] {"1e999999", "-1e999999", "123456789012345678901234567890", "1.5e-400"}) {
            // when
            RawHttp.Response res = postJson(
                    endpoint,
                    "{\"title\":" + number + ",\"content\":" + number + ",\"text\":" + number + ",\"messages\":"
                            + number + "}");

            // then
            assertThat(res.status()).as(number + ": " + res.body()).isEqualTo(400);
        }
    }

    private static byte[] chunked(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += 8_192) {
            int n = Math.min(8_192, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
