package com.researchassistant.web;

import static com.researchassistant.testing.ApiErrors.assertError;
import static com.researchassistant.testing.TestApp.ALICE;
import static com.researchassistant.testing.TestApp.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.SseClient;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import com.researchassistant.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code {"retry": userMessageId}}: the last question answered again without being stored a
 * second time, through the same checks, limits and events as a new message; anything else a
 * retry names is refused with a 4xx and changes nothing.
 */
@Timeout(60)
class RetryApiIT {

    static final String QUESTION = "Why do leaves look green?";
    static final String ANSWER = String.join("", StubLlmServer.DEFAULT_TOKENS);

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

    private void start(Map<String, String> env) {
        stub.scriptOnly(StubLlmServer::streams);
        app = TestApp.withModel(dir, stub, env);
    }

    @Test
    void a_retry_answers_the_question_again_and_stores_it_once() {
        // given: an answer that broke off half way, its part kept
        start(Map.of());
        String id = app.newSession(ALICE);
        stub.enqueue(StubResponse.sse(ChatApiIT.ONE_TOKEN_THEN_SILENCE)
                .withPause(Duration.ofMillis(200))
                .thenReset());
        List<SseClient.Event> failed = stream(id, "{\"content\":\"" + QUESTION + "\"}");
        assertThat(failed.getLast().name()).isEqualTo("error");
        String questionId = JsonPaths.text(failed.getFirst().data(), "userMessageId");

        // when
        List<SseClient.Event> events = stream(id, "{\"retry\":\"" + questionId + "\",\"client\":\"desktop\"}");

        // then: the same events as a new message, meta naming the stored question
        assertThat(events)
                .extracting(SseClient.Event::name)
                .containsExactly("meta", "plan", "token", "token", "token", "token", "token", "trace", "done");
        assertThat(JsonPaths.text(events.getFirst().data(), "userMessageId")).isEqualTo(questionId);
        String text = events.stream()
                .filter(e -> e.name().equals("token"))
                .map(e -> JsonPaths.text(e.data(), "text"))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo(ANSWER);
        // the question is stored once; the new answer follows the kept part of the failed one
        JsonNode messages = session(id, ALICE).path("messages");
        assertThat(roles(messages)).containsExactly("user:complete", "assistant:partial", "assistant:complete");
        assertThat(messages.at("/0/id").asText()).isEqualTo(questionId);
        assertThat(messages.at("/2/id").asText())
                .isEqualTo(JsonPaths.text(events.getLast().data(), "messageId"));
        assertThat(messages.at("/2/content").asText()).isEqualTo(ANSWER);
        // and the model saw the question once, without the failed attempt
        JsonNode prompt =
                JsonPaths.tree(stub.streamedRequests().getLast().body()).path("messages");
        assertThat(prompt.toString()).doesNotContain("Partial");
        assertThat(prompt.findValuesAsText("content").stream().filter(c -> c.contains(QUESTION)))
                .hasSize(1);
    }

    @Test
    void a_question_whose_answer_failed_before_its_first_token_is_answered_as_one_json_reply() {
        // given: the model refuses the first call, so nothing of an answer is kept
        start(Map.of());
        String id = app.newSession(ALICE);
        stub.enqueue(StubResponse.json(401, "{\"error\":\"Invalid username or password.\"}"));
        List<SseClient.Event> failed = stream(id, "{\"content\":\"" + QUESTION + "\"}");
        assertThat(failed.getLast().name()).isEqualTo("error");
        String questionId = JsonPaths.text(failed.getFirst().data(), "userMessageId");

        // when
        HttpResponse<String> res = retry(id, ALICE, "{\"retry\":\"" + questionId + "\"}");

        // then
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(JsonPaths.text(res.body(), "/userMessageId")).isEqualTo(questionId);
        assertThat(JsonPaths.text(res.body(), "/message/content")).isEqualTo(ANSWER);
        assertThat(roles(session(id, ALICE).path("messages"))).containsExactly("user:complete", "assistant:complete");
    }

    @Test
    void a_retry_of_anything_but_the_last_unanswered_question_is_refused_and_changes_nothing() {
        // given: a question with a complete answer, then one whose answer broke off
        start(Map.of());
        String id = app.newSession(ALICE);
        List<SseClient.Event> answered = stream(id, "{\"content\":\"first\"}");
        String firstId = JsonPaths.text(answered.getFirst().data(), "userMessageId");
        String answerId = JsonPaths.text(answered.getLast().data(), "messageId");
        stub.enqueue(StubResponse.sse(ChatApiIT.ONE_TOKEN_THEN_SILENCE)
                .withPause(Duration.ofMillis(200))
                .thenReset());
        List<SseClient.Event> failed = stream(id, "{\"content\":\"second\"}");
        String secondId = JsonPaths.text(failed.getFirst().data(), "userMessageId");
        int calls = stub.streamedRequests().size();
        JsonNode before = session(id, ALICE).path("messages");

        // when / then
        assertError(retry(id, ALICE, "{\"retry\":\"no-such-message\"}"), 404, "message_not_found");
        assertError(retry(id, ALICE, "{\"retry\":\"" + answerId + "\"}"), 409, "not_retryable");
        assertError(retry(id, ALICE, "{\"retry\":\"" + firstId + "\"}"), 409, "not_retryable");
        assertError(retry(id, ALICE, "{\"retry\":\"" + secondId + "\",\"content\":\"again\"}"), 400, "invalid_field");
        assertError(retry(id, ALICE, "{\"retry\":42}"), 400, "invalid_field");
        assertError(retry(id, ALICE, "{\"retry\":\" \"}"), 400, "invalid_field");
        assertError(retry(id, BOB, "{\"retry\":\"" + secondId + "\"}"), 404, "not_found");
        assertThat(session(id, ALICE).path("messages")).isEqualTo(before);
        assertThat(stub.streamedRequests()).hasSize(calls);

        // and once the retry has answered it, the question is answered: no second retry
        assertThat(retry(id, ALICE, "{\"retry\":\"" + secondId + "\"}").statusCode())
                .isEqualTo(200);
        assertError(retry(id, ALICE, "{\"retry\":\"" + secondId + "\"}"), 409, "not_retryable");
        assertThat(roles(session(id, ALICE).path("messages")))
                .containsExactly(
                        "user:complete",
                        "assistant:complete",
                        "user:complete",
                        "assistant:partial",
                        "assistant:complete");
    }

    @Test
    void a_retry_waits_its_turn_like_a_message_one_answer_at_a_time_and_within_the_rate_limit() {
        // given: at most two messages a minute, and an answer that hangs after its first token
        start(Map.of("RA_RATE_LIMIT", "2"));
        String id = app.newSession(ALICE);
        stub.enqueue(StubResponse.sse(ChatApiIT.ONE_TOKEN_THEN_SILENCE).thenHang());
        String questionId;
        try (SseClient sse =
                SseClient.open(app.http(), app.streamMessage(id, ALICE, "{\"content\":\"" + QUESTION + "\"}"))) {
            questionId = JsonPaths.text(sse.nextNamed("meta").data(), "userMessageId");
            sse.nextNamed("token");

            // when: a retry comes while the answer is still being written
            HttpResponse<String> early = retry(id, ALICE, "{\"retry\":\"" + questionId + "\"}");

            // then
            assertError(early, 409, "answer_in_progress");
            assertThat(app.postJson("/api/sessions/" + id + "/cancel", ALICE, "{}")
                            .statusCode())
                    .isEqualTo(202);
            sse.readAll();
        }
        Eventually.await(
                Duration.ofSeconds(10),
                () -> !session(id, ALICE).path("answering").asBoolean(true),
                "the stopped answer to be over");
        assertThat(roles(session(id, ALICE).path("messages"))).containsExactly("user:complete", "assistant:partial");

        // when: the stopped answer is retried, then retried once more
        HttpResponse<String> second = retry(id, ALICE, "{\"retry\":\"" + questionId + "\"}");
        HttpResponse<String> third = retry(id, ALICE, "{\"retry\":\"" + questionId + "\"}");

        // then: the question is answered, and the retry counted as one of the two messages
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertError(third, 409, "not_retryable");
        assertError(
                app.postJson("/api/sessions/" + id + "/messages", ALICE, "{\"content\":\"more\"}"),
                429,
                "rate_limited");
    }

    private List<SseClient.Event> stream(String id, String json) {
        try (SseClient sse = SseClient.open(app.http(), app.streamMessage(id, ALICE, json))) {
            assertThat(sse.response().statusCode()).isEqualTo(200);
            return sse.readAll().stream()
                    .filter(e -> !e.name().equals(":")
                            && !e.name().equals("safety")
                            && !e.name().equals("title"))
                    .toList();
        }
    }

    private HttpResponse<String> retry(String id, String key, String json) {
        return app.postJson("/api/sessions/" + id + "/messages", key, json);
    }

    private JsonNode session(String id, String key) {
        HttpResponse<String> res = app.get("/api/sessions/" + id, key);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JsonPaths.tree(res.body());
    }

    private static List<String> roles(JsonNode messages) {
        List<String> roles = new ArrayList<>();
        messages.forEach(
                m -> roles.add(m.path("role").asText() + ":" + m.path("status").asText()));
        return roles;
    }
}
