package com.researchassistant.web;

import static com.researchassistant.testing.ApiErrors.assertError;
import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.SseClient;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import com.researchassistant.testing.TestApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ChatApiIT {

    static final String ONE_TOKEN_THEN_SILENCE =
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Partial\"}}]}\n\n";

    @TempDir
    Path dir;

    private final StubLlmServer stub = StubLlmServer.start();
    private TestApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        stub.close();
    }

    private TestApp app(Map<String, String> env) {
        stub.scriptOnly(StubLlmServer::streams);
        app = TestApp.withModel(dir, stub, env);
        return app;
    }

    private HttpRequest streamRequest(String sessionId, String json) {
        return app.streamMessage(sessionId, ALICE, json);
    }

    @Test
    void streams_meta_tokens_and_done_in_order_and_stores_both_turns() {
        // given
        app(Map.of());
        String id = app.newSession(ALICE);

        // when
        List<SseClient.Event> events;
        HttpResponse<?> response;
        try (SseClient sse = SseClient.open(app.http(), streamRequest(id, "{\"content\":\"What is sleep for?\"}"))) {
            response = sse.response();
            events = sse.readAll();
        }

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-cache"));
        assertThat(response.headers().firstValue("X-Accel-Buffering")).contains("no");
        List<SseClient.Event> named = events.stream()
                .filter(e -> !e.name().equals(":")
                        && !e.name().equals("safety")
                        && !e.name().equals("title"))
                .toList();
        JsonNode trace = JsonPaths.tree(named.get(named.size() - 2).data());
        assertThat(trace.at("/steps").findValuesAsText("step"))
                .contains("intent", "context", "retrieval", "expertise", "synthesis", "safety");
        assertThat(JsonPaths.text(named.get(1).data(), "expertise")).isNotBlank();
        assertThat(named)
                .extracting(SseClient.Event::name)
                .containsExactly("meta", "plan", "token", "token", "token", "token", "token", "trace", "done");
        String text = named.stream()
                .filter(e -> e.name().equals("token"))
                .map(e -> JsonPaths.text(e.data(), "text"))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo(String.join("", StubLlmServer.DEFAULT_TOKENS));
        String answerId = JsonPaths.text(named.getLast().data(), "messageId");
        JsonNode session = JsonPaths.tree(app.get("/api/sessions/" + id, ALICE).body());
        assertThat(session.at("/messages").size()).isEqualTo(2);
        assertThat(session.at("/messages/0/content").asText()).isEqualTo("What is sleep for?");
        assertThat(session.at("/messages/0/id").asText())
                .isEqualTo(JsonPaths.text(named.getFirst().data(), "userMessageId"));
        assertThat(session.at("/messages/1/id").asText()).isEqualTo(answerId);
        assertThat(session.at("/messages/1/content").asText()).isEqualTo(text);
        assertThat(session.at("/messages/1/status").asText()).isEqualTo("complete");
        assertThat(stub.streamedRequests().getFirst().header("Authorization"))
                .contains("Bearer hf_test_token_never_shown");
    }

    @Test
    void answers_with_one_json_reply_without_event_stream_accept() {
        // given
        app(Map.of());
        String id = app.newSession(ALICE);

        // when
        HttpResponse<String> res = app.postJson("/api/sessions/" + id + "/messages", ALICE, "{\"content\":\"Hi\"}");

        // then
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(JsonPaths.text(res.body(), "/message/content"))
                .isEqualTo(String.join("", StubLlmServer.DEFAULT_TOKENS));
        assertThat(JsonPaths.text(res.body(), "/message/role")).isEqualTo("assistant");
        assertThat(JsonPaths.text(res.body(), "/userMessageId")).isNotBlank();
    }

    @Test
    void the_history_goes_into_the_next_prompt() {
        // given
        app(Map.of());
        String id = app.newSession(ALICE);
        app.postJson("/api/sessions/" + id + "/messages", ALICE, "{\"content\":\"My topic is circadian rhythm.\"}");

        // when
        app.postJson("/api/sessions/" + id + "/messages", ALICE, "{\"content\":\"Summarise it.\"}");

        // then
        JsonNode body = JsonPaths.tree(stub.streamedRequests().get(1).body());
        assertThat(body.at("/messages").toString())
                .contains("My topic is circadian rhythm.")
                .contains(String.join("", StubLlmServer.DEFAULT_TOKENS))
                .contains("Summarise it.");
        assertThat(body.at("/stream").asBoolean()).isTrue();
    }

    @Test
    void picks_the_mobile_profile_from_the_field_the_client_hint_or_the_user_agent() {
        // given
        app(Map.of());
        String id = app.newSession(ALICE);
        String path = "/api/sessions/" + id + "/messages";

        // when
        app.postJson(path, ALICE, "{\"content\":\"a\",\"client\":\"mobile\"}");
        app.send(app.request(path, ALICE)
                .header("Content-Type", "application/json")
                .header("Sec-CH-UA-Mobile", "?1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"b\"}"))
                .build());
        app.send(app.request(path, ALICE)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"c\"}"))
                .build());
        app.postJson(path, ALICE, "{\"content\":\"d\"}");
        app.postJson(path, ALICE, "{\"content\":\"e\",\"client\":\"desktop\"}");

        // then
        assertThat(stub.streamedRequests())
                .extracting(r -> JsonPaths.tree(r.body()).at("/max_tokens").asInt())
                .containsExactly(800, 800, 800, 2000, 2000);
    }

    @Test
    void bad_input_gets_a_clear_error_and_loses_nothing() {
        // given
        app(Map.of("RA_MAX_MESSAGE_CHARS", "100", "RA_MAX_BODY_BYTES", "2048"));
        String id = app.newSession(ALICE);
        String path = "/api/sessions/" + id + "/messages";

        // then
        assertError(app.postJson(path, ALICE, "{\"content\":"), 400, "invalid_json");
        assertError(app.postJson(path, ALICE, "[\"content\"]"), 400, "invalid_json");
        assertError(app.postJson(path, ALICE, "{\"content\":5}"), 400, "invalid_field");
        assertError(app.postJson(path, ALICE, "{\"text\":\"hi\"}"), 400, "missing_field");
        assertError(app.postJson(path, ALICE, "{\"content\":\"  \\n \"}"), 400, "empty_message");
        assertError(app.postJson(path, ALICE, "{\"content\":\"hi\",\"client\":\"tablet\"}"), 400, "invalid_field");
        assertError(app.postJson(path, ALICE, "{\"content\":\"" + "x".repeat(101) + "\"}"), 413, "message_too_long");
        assertError(app.postJson(path, ALICE, "{\"content\":\"" + "x".repeat(3000) + "\"}"), 413, "body_too_large");
        assertError(
                app.send(app.request(path, ALICE)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build()),
                415,
                "unsupported_media_type");
        byte[] invalidUtf8 = "{\"content\":\"caf\u00e9 \"}".getBytes(StandardCharsets.ISO_8859_1);
        assertError(
                app.send(app.request(path, ALICE)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(invalidUtf8))
                        .build()),
                400,
                "invalid_utf8");
        assertError(app.postJson("/api/sessions/nope/messages", ALICE, "{\"content\":\"hi\"}"), 404, "not_found");
        assertThat(stub.requests()).isEmpty();
        assertThat(JsonPaths.tree(app.get("/api/sessions/" + id, ALICE).body())
                        .at("/messages")
                        .size())
                .isZero();
        assertThat(app.get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void an_error_inside_the_upstream_stream_becomes_an_error_event_and_the_partial_answer_is_kept() {
        // given
        app(Map.of());
        String id = app.newSession(ALICE);
        stub.enqueue(StubResponse.sse(ONE_TOKEN_THEN_SILENCE
                + "data: {\"error\":\"Input validation error: too long\",\"error_type\":\"overloaded\"}\n\n"));

        // when
        List<SseClient.Event> events;
        try (SseClient sse = SseClient.open(app.http(), streamRequest(id, "{\"content\":\"q\"}"))) {
            events = sse.readAll().stream()
                    .filter(e -> !e.name().equals(":")
                            && !e.name().equals("safety")
                            && !e.name().equals("title"))
                    .toList();
        }

        // then
        assertThat(events).extracting(SseClient.Event::name).containsExactly("meta", "plan", "token", "trace", "error");
        assertThat(JsonPaths.text(events.getLast().data(), "code")).isEqualTo("upstream_error");
        assertThat(JsonPaths.tree(events.getLast().data()).at("/status").asInt())
                .isEqualTo(502);
        JsonNode session = JsonPaths.tree(app.get("/api/sessions/" + id, ALICE).body());
        assertThat(session.at("/messages/1/content").asText()).isEqualTo("Partial");
        assertThat(session.at("/messages/1/status").asText()).isEqualTo("partial");
    }

    @Test
    void an_upstream_that_resets_mid_stream_ends_with_an_error_event() {
        // given
        app(Map.of());
        String id = app.newSession(ALICE);
        stub.enqueue(StubResponse.sse(ONE_TOKEN_THEN_SILENCE)
                .withPause(Duration.ofMillis(300))
                .thenReset());

        // when
        List<SseClient.Event> events;
        try (SseClient sse = SseClient.open(app.http(), streamRequest(id, "{\"content\":\"q\"}"))) {
            events = sse.readAll().stream()
                    .filter(e -> !e.name().equals(":")
                            && !e.name().equals("safety")
                            && !e.name().equals("title"))
                    .toList();
        }

        // then
        assertThat(events).extracting(SseClient.Event::name).containsExactly("meta", "plan", "token", "trace", "error");
        assertThat(JsonPaths.text(events.getLast().data(), "code")).startsWith("upstream_");
    }

    @Test
    void an_upstream_that_hangs_times_out_with_504_within_the_profile_budget() {
        // given
        app(Map.of("RA_DESKTOP_TIMEOUT", "1s"));
        String id = app.newSession(ALICE);
        stub.enqueue(StubResponse.hangBeforeHeaders());
        stub.enqueue(StubResponse.sse(ONE_TOKEN_THEN_SILENCE).thenHang());

        // when
        long start = System.nanoTime();
        HttpResponse<String> json = app.postJson("/api/sessions/" + id + "/messages", ALICE, "{\"content\":\"q\"}");
        List<SseClient.Event> events;
        try (SseClient sse = SseClient.open(app.http(), streamRequest(id, "{\"content\":\"q2\"}"))) {
            events = sse.readAll().stream()
                    .filter(e -> !e.name().equals(":")
                            && !e.name().equals("safety")
                            && !e.name().equals("title"))
                    .toList();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // then
        assertError(json, 504, "upstream_timeout");
        assertThat(events).extracting(SseClient.Event::name).containsExactly("meta", "plan", "token", "trace", "error");
        assertThat(JsonPaths.text(events.getLast().data(), "code")).isEqualTo("upstream_timeout");
        assertThat(took).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void upstream_refusals_map_to_502_without_leaking_the_token() {
        // given
        app(Map.of());
        String id = app.newSession(ALICE);
        stub.enqueue(StubResponse.json(401, "{\"error\":\"Invalid username or password.\"}"));

        // when
        HttpResponse<String> res = app.postJson("/api/sessions/" + id + "/messages", ALICE, "{\"content\":\"q\"}");

        // then
        assertError(res, 502, "upstream_auth");
        assertThat(res.body()).doesNotContain("hf_test_token_never_shown");
        assertThat(app.get("/metrics", null).body()).contains("ra_chat_failures_total{code=\"upstream_auth\"}");
    }

    @Test
    void a_client_that_leaves_mid_stream_cancels_the_upstream_and_keeps_the_partial_answer() throws Exception {
        // given
        app(Map.of());
        String id = app.newSession(ALICE);
        stub.enqueue(StubResponse.sse(ONE_TOKEN_THEN_SILENCE).thenHang());
        SseClient sse = SseClient.open(app.http(), streamRequest(id, "{\"content\":\"q\"}"));
        sse.nextNamed("token");

        // when
        sse.close();

        // then
        assertThat(stub.awaitClientDisconnect(Duration.ofSeconds(15))).isTrue();
        Eventually.await(
                Duration.ofSeconds(10),
                () -> JsonPaths.tree(app.get("/api/sessions/" + id, ALICE).body())
                                .at("/messages")
                                .size()
                        == 2,
                "partial answer stored");
        JsonNode session = JsonPaths.tree(app.get("/api/sessions/" + id, ALICE).body());
        assertThat(session.at("/messages/1/status").asText()).isEqualTo("partial");
        assertThat(session.at("/messages/1/content").asText()).isEqualTo("Partial");
    }

    @Test
    void a_quiet_stream_gets_heartbeat_comments() {
        // given
        app(Map.of("RA_HEARTBEAT", "1s"));
        String id = app.newSession(ALICE);
        stub.enqueue(StubResponse.tokens(List.of("slow", " answer"), Duration.ofMillis(2500)));

        // when
        List<SseClient.Event> events;
        try (SseClient sse = SseClient.open(app.http(), streamRequest(id, "{\"content\":\"q\"}"))) {
            events = sse.readAll();
        }

        // then
        assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(new SseClient.Event(":", "keep-alive")));
        assertThat(events.getLast().name()).isEqualTo("done");
    }

    @Test
    void without_a_model_every_message_gets_a_polite_notice(@TempDir Path other) {
        // given
        app = TestApp.start(other, Map.of());
        String id = app.newSession(ALICE);

        // when
        List<SseClient.Event> events;
        try (SseClient sse = SseClient.open(app.http(), streamRequest(id, "{\"content\":\"q\"}"))) {
            events = sse.readAll().stream()
                    .filter(e -> !e.name().equals(":")
                            && !e.name().equals("safety")
                            && !e.name().equals("title"))
                    .toList();
        }
        HttpResponse<String> json = app.postJson("/api/sessions/" + id + "/messages", ALICE, "{\"content\":\"q\"}");

        // then
        assertThat(events).extracting(SseClient.Event::name).containsExactly("meta", "plan", "token", "trace", "done");
        assertThat(JsonPaths.text(events.get(2).data(), "text")).contains("No language model is configured");
        assertThat(JsonPaths.text(events.getLast().data(), "notice")).isEqualTo("no_model");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(JsonPaths.text(json.body(), "/message/status")).isEqualTo("notice");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void a_full_queue_answers_429_with_retry_after_and_a_queued_client_that_leaves_is_dropped() throws Exception {
        // given: one worker busy with a stream that never ends, one place in the queue (one
        // conversation each: a conversation is answered one message at a time)
        app(Map.of("RA_MAX_WORKERS", "1", "RA_QUEUE_CAPACITY", "1", "RA_ANSWERS_PER_IDENTITY", "0"));
        stub.enqueue(StubResponse.sse(ONE_TOKEN_THEN_SILENCE).thenHang());
        SseClient running = SseClient.open(app.http(), streamRequest(app.newSession(ALICE), "{\"content\":\"first\"}"));
        running.nextNamed("token");
        SseClient queued = SseClient.open(app.http(), streamRequest(app.newSession(ALICE), "{\"content\":\"second\"}"));
        assertThat(queued.response().statusCode()).isEqualTo(200);

        // when
        HttpResponse<String> refused =
                app.postJson("/api/sessions/" + app.newSession(ALICE) + "/messages", ALICE, "{\"content\":\"third\"}");
        queued.close();

        // then
        assertError(refused, 429, "server_busy");
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        Eventually.await(
                Duration.ofSeconds(10),
                () -> app.get("/metrics", null).body().contains("ra_admission_queue_depth 0.0"),
                "the queued request left the queue");
        assertThat(app.get("/metrics", null).body()).contains("ra_admission_rejected_total 1.0");
        running.close();
        assertThat(stub.awaitClientDisconnect(Duration.ofSeconds(15))).isTrue();
    }

    @Test
    void the_openai_compatible_face_runs_the_same_pipeline_without_storing_a_session() {
        // given
        app(Map.of());
        String body = "{\"model\":\"whatever\",\"messages\":[{\"role\":\"system\",\"content\":\"Be terse.\"},"
                + "{\"role\":\"user\",\"content\":\"What is sleep for?\"}],\"unknown_field\":1}";

        // when
        HttpResponse<String> reply = app.postJson("/v1/chat/completions", ALICE, body);
        HttpResponse<String> streamed = app.send(app.request("/v1/chat/completions", ALICE)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.replace("\"unknown_field\":1", "\"stream\":true")))
                .build());
        HttpResponse<String> models = app.get("/v1/models", ALICE);

        // then
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(JsonPaths.text(reply.body(), "/object")).isEqualTo("chat.completion");
        assertThat(JsonPaths.text(reply.body(), "/choices/0/message/content"))
                .isEqualTo(String.join("", StubLlmServer.DEFAULT_TOKENS));
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body())
                .contains("\"object\":\"chat.completion.chunk\"")
                .endsWith("data: [DONE]\n\n");
        assertThat(JsonPaths.text(models.body(), "/data/0/id")).isEqualTo("research-assistant");
        String prompt = JsonPaths.tree(stub.streamedRequests().getFirst().body())
                .at("/messages/0/content")
                .asText();
        assertThat(prompt).contains("Be terse.");
        assertThat(JsonPaths.tree(app.get("/api/sessions", ALICE).body())
                        .at("/sessions")
                        .size())
                .isZero();
        assertThat(app.postJson("/v1/chat/completions", null, body).statusCode())
                .isEqualTo(401);
    }

    @Test
    void the_stored_answer_carries_its_trace_and_reasoning() {
        // given
        app(Map.of());
        String id = app.newSession(ALICE);

        // when
        app.postJson("/api/sessions/" + id + "/messages", ALICE, "{\"content\":\"Compare two studies on sleep\"}");

        // then
        JsonNode answer =
                JsonPaths.tree(app.get("/api/sessions/" + id, ALICE).body()).at("/messages/1");
        assertThat(answer.at("/trace/intent").asText()).isNotBlank();
        assertThat(answer.at("/trace/expertise").asText()).isNotBlank();
        assertThat(answer.at("/trace/steps").findValuesAsText("step")).contains("synthesis");
        assertThat(answer.at("/trace/reasoning/hypothesis").asText()).isNotBlank();
    }
}
