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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web app relies on around one answer: renaming a conversation, an answer that outlives
 * its client (a phone locking mid-answer), the Stop button, and one answer at a time per session.
 */
@Timeout(60)
class AnswerLifecycleIT {

    @TempDir
    Path dir;

    private final StubLlmServer stub = StubLlmServer.start();
    private TestApp app;

    @BeforeEach
    void start() {
        stub.scriptOnly(StubLlmServer::streams);
        app = TestApp.withModel(dir, stub, Map.of());
    }

    @AfterEach
    void stop() {
        app.close();
        stub.close();
    }

    private HttpRequest streamRequest(String sessionId, String json) {
        return app.streamMessage(sessionId, ALICE, json);
    }

    private HttpResponse<String> patch(String path, String key, String json) {
        return app.send(app.request(path, key)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private JsonNode session(String id) {
        return JsonPaths.tree(app.get("/api/sessions/" + id, ALICE).body());
    }

    @Test
    void rename_changes_the_title_for_its_owner_only() {
        // given
        String id = app.newSession(ALICE);

        // when
        HttpResponse<String> renamed = patch("/api/sessions/" + id, ALICE, "{\"title\":\"  Leaf pigments \"}");

        // then
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        assertThat(JsonPaths.text(renamed.body(), "/title")).isEqualTo("Leaf pigments");
        assertThat(session(id).at("/title").asText()).isEqualTo("Leaf pigments");
        assertError(patch("/api/sessions/" + id, BOB, "{\"title\":\"mine now\"}"), 404, "not_found");
        assertError(patch("/api/sessions/no-such-session", ALICE, "{\"title\":\"x\"}"), 404, "not_found");
        assertError(patch("/api/sessions/" + id, ALICE, "{\"title\":\"   \"}"), 400, "invalid_field");
        assertError(patch("/api/sessions/" + id, ALICE, "{\"title\":42}"), 400, "invalid_field");
        assertError(
                patch("/api/sessions/" + id, ALICE, "{\"title\":\"" + "x".repeat(201) + "\"}"), 400, "invalid_field");
        assertError(patch("/api/sessions/" + id, ALICE, "{\"title\":"), 400, "invalid_json");
        assertThat(session(id).at("/title").asText()).isEqualTo("Leaf pigments");
    }

    @Test
    void the_first_message_names_an_unnamed_conversation_by_rules_then_by_the_model_and_a_named_one_keeps_its_name() {
        // given: the summary model answers side calls with a short title
        stub.respondByDefault(
                request -> StubLlmServer.streams(request)
                        ? StubResponse.tokens(StubLlmServer.DEFAULT_TOKENS, Duration.ofMillis(20))
                        : StubResponse.completion(
                                request.body().contains("short title")
                                        ? "Chlorophyll absorption spectra"
                                        : "{\"intent\":\"analysis_research\",\"confidence\":0.9,\"secondary\":null,\"notes\":[]}"));
        String unnamed = app.newSession(ALICE);
        String named = JsonPaths.text(
                app.postJson("/api/sessions", ALICE, "{\"title\":\"My title\"}").body(), "/id");
        String question = "How do chlorophyll a and b differ in their absorption spectra, and why does it matter?";

        // when
        List<SseClient.Event> events;
        try (SseClient sse = SseClient.open(app.http(), streamRequest(unnamed, "{\"content\":\"" + question + "\"}"))) {
            events = sse.readAll().stream().filter(e -> !e.name().equals(":")).toList();
        }
        app.postJson("/api/sessions/" + named + "/messages", ALICE, "{\"content\":\"" + question + "\"}");

        // then: the rules title at once, right after meta; the model's before done; the model's stored
        assertThat(events.get(0).name()).isEqualTo("meta");
        assertThat(events.get(1).name()).isEqualTo("title");
        assertThat(JsonPaths.tree(events.get(1).data()))
                .isEqualTo(JsonPaths.tree(
                        "{\"title\":\"How do chlorophyll a and b differ in their…\",\"method\":\"rules\"}"));
        assertThat(events.stream()
                        .filter(e -> e.name().equals("title"))
                        .toList()
                        .getLast()
                        .data())
                .isEqualTo("{\"title\":\"Chlorophyll absorption spectra\",\"method\":\"model\"}");
        assertThat(events.getLast().name()).isEqualTo("done");
        List<String> names = events.stream().map(SseClient.Event::name).toList();
        assertThat(names.lastIndexOf("title"))
                .as("the model's title is asked once the plan is out")
                .isGreaterThan(names.indexOf("plan"));
        assertThat(session(unnamed).at("/title").asText()).isEqualTo("Chlorophyll absorption spectra");
        assertThat(session(named).at("/title").asText()).isEqualTo("My title");
    }

    @Test
    void an_answer_asked_to_finish_outlives_its_client_and_is_stored_complete() {
        // given
        String id = app.newSession(ALICE);
        List<String> tokens = List.of("Chlorophyll", " absorbs", " red", " and", " blue", " light", ".");
        stub.enqueue(StubResponse.tokens(tokens, Duration.ofMillis(250)));
        SseClient sse =
                SseClient.open(app.http(), streamRequest(id, "{\"content\":\"q\",\"onDisconnect\":\"finish\"}"));
        sse.nextNamed("token");

        // when: the phone locks
        sse.close();

        // then: the page, coming back, first sees the answer on its way, then the whole answer
        assertThat(session(id).at("/answering").asBoolean()).isTrue();
        Eventually.await(
                Duration.ofSeconds(20), () -> session(id).at("/messages").size() == 2, "answer stored");
        JsonNode session = session(id);
        assertThat(session.at("/answering").asBoolean()).isFalse();
        assertThat(session.at("/messages/1/status").asText()).isEqualTo("complete");
        assertThat(session.at("/messages/1/content").asText()).isEqualTo(String.join("", tokens));
    }

    @Test
    void stop_cancels_an_answer_that_outlives_its_client_and_keeps_what_was_written() throws Exception {
        // given
        String id = app.newSession(ALICE);
        stub.enqueue(StubResponse.sse(ChatApiIT.ONE_TOKEN_THEN_SILENCE).thenHang());
        SseClient sse =
                SseClient.open(app.http(), streamRequest(id, "{\"content\":\"q\",\"onDisconnect\":\"finish\"}"));
        sse.nextNamed("token");
        sse.close();

        // when
        HttpResponse<String> stop = app.postJson("/api/sessions/" + id + "/cancel", ALICE, "{}");

        // then
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
        assertThat(JsonPaths.tree(stop.body()).at("/cancelled").asBoolean()).isTrue();
        assertThat(stub.awaitClientDisconnect(Duration.ofSeconds(15))).isTrue();
        Eventually.await(
                Duration.ofSeconds(10), () -> !session(id).at("/answering").asBoolean(), "answer ended");
        JsonNode session = session(id);
        assertThat(session.at("/messages").size()).isEqualTo(2);
        assertThat(session.at("/messages/1/status").asText()).isEqualTo("partial");
        assertThat(session.at("/messages/1/content").asText()).isEqualTo("Partial");
        HttpResponse<String> again = app.postJson("/api/sessions/" + id + "/cancel", ALICE, "{}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JsonPaths.tree(again.body()).at("/cancelled").asBoolean()).isFalse();
    }

    @Test
    void stop_ends_a_json_request_with_409_and_closes_the_upstream() throws Exception {
        // given
        String id = app.newSession(ALICE);
        stub.enqueue(StubResponse.sse(ChatApiIT.ONE_TOKEN_THEN_SILENCE).thenHang());
        AtomicReference<HttpResponse<String>> reply = new AtomicReference<>();
        Thread asking = Thread.ofVirtual()
                .start(() ->
                        reply.set(app.postJson("/api/sessions/" + id + "/messages", ALICE, "{\"content\":\"q\"}")));
        Eventually.await(Duration.ofSeconds(15), () -> stub.streamedRequests().size() == 1, "synthesis started");

        // when
        HttpResponse<String> stop = app.postJson("/api/sessions/" + id + "/cancel", ALICE, "{}");
        asking.join(Duration.ofSeconds(20));

        // then
        assertThat(stop.statusCode()).isEqualTo(202);
        assertError(reply.get(), 409, "cancelled");
        assertThat(stub.awaitClientDisconnect(Duration.ofSeconds(15))).isTrue();
        JsonNode session = session(id);
        assertThat(session.at("/answering").asBoolean()).isFalse();
        assertThat(session.at("/messages/0/content").asText()).isEqualTo("q");
        // the token may or may not have arrived before the stop: if anything was kept, it is marked partial
        session.at("/messages")
                .forEach(m -> assertThat(m.at("/status").asText()).isIn("complete", "partial"));
        assertThat(session.at("/messages").size() == 1
                        || "partial".equals(session.at("/messages/1/status").asText()))
                .isTrue();
    }

    @Test
    void a_second_message_while_the_first_is_answered_gets_409_and_nothing_is_stored_for_it() throws Exception {
        // given
        String id = app.newSession(ALICE);
        stub.enqueue(StubResponse.sse(ChatApiIT.ONE_TOKEN_THEN_SILENCE).thenHang());
        SseClient sse = SseClient.open(app.http(), streamRequest(id, "{\"content\":\"first\"}"));
        sse.nextNamed("token");

        // when
        HttpResponse<String> second =
                app.postJson("/api/sessions/" + id + "/messages", ALICE, "{\"content\":\"second\"}");

        // then
        assertError(second, 409, "answer_in_progress");
        sse.close();
        assertThat(stub.awaitClientDisconnect(Duration.ofSeconds(15))).isTrue();
        Eventually.await(
                Duration.ofSeconds(10), () -> !session(id).at("/answering").asBoolean(), "answer ended");
        assertThat(session(id).at("/messages").findValuesAsText("content")).containsExactly("first", "Partial");
    }

    @Test
    void a_message_sent_the_moment_the_previous_answer_is_done_is_accepted() {
        // given
        String id = app.newSession(ALICE);

        // when: a fast client, as the outbox or a script is, sends again as soon as it reads done
        for (int i = 0; i < 20; i++) {
            try (SseClient sse = SseClient.open(app.http(), streamRequest(id, "{\"content\":\"q" + i + "\"}"))) {
                assertThat(sse.response().statusCode()).as("message %d", i).isEqualTo(200);
                sse.nextNamed("done");
            }
        }

        // then
        assertThat(session(id).at("/messages").size()).isEqualTo(40);
    }

    @Test
    void stop_and_bad_disconnect_modes_are_checked() {
        // given
        String id = app.newSession(ALICE);

        // when / then
        assertError(app.postJson("/api/sessions/" + id + "/cancel", BOB, "{}"), 404, "not_found");
        assertError(app.postJson("/api/sessions/no-such-session/cancel", ALICE, "{}"), 404, "not_found");
        assertError(
                app.postJson(
                        "/api/sessions/" + id + "/messages", ALICE, "{\"content\":\"q\",\"onDisconnect\":\"later\"}"),
                400,
                "invalid_field");
        assertError(
                app.postJson("/api/sessions/" + id + "/messages", ALICE, "{\"content\":\"q\",\"onDisconnect\":true}"),
                400,
                "invalid_field");
        assertThat(session(id).at("/messages").size()).isZero();
    }
}
