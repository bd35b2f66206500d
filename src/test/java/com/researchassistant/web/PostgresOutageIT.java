package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.PostgresServer;
import com.researchassistant.testing.SseClient;
import com.researchassistant.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL going away under a running application and coming back: clear 503s meanwhile,
 * recovery without a restart, nothing acknowledged lost. The server is this test's own, since it
 * is stopped.
 */
@Timeout(180)
class PostgresOutageIT {

    @TempDir
    Path dir;

    private PostgresServer postgres;
    private TestApp app;

    @BeforeEach
    void start() {
        postgres = PostgresServer.launch();
        app = TestApp.start(dir, Map.of("RA_DATABASE_URL", postgres.newDatabase(), "RA_DATABASE_TIMEOUT", "1s"));
    }

    @AfterEach
    void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            postgres.close();
        }
    }

    @Test
    void requests_fail_with_503_while_postgres_is_down_and_work_again_once_it_is_back() {
        // given a conversation with one acknowledged exchange and a document
        String session = app.newSession(ALICE);
        List<String> acknowledged = new ArrayList<>();
        acknowledged.add(ask(session, "What does sleep do for memory?"));
        assertThat(app.postJson(
                                "/api/library/documents",
                                ALICE,
                                "{\"title\":\"Spindles\",\"text\":\"Sleep spindles help consolidate memory overnight.\"}")
                        .statusCode())
                .isEqualTo(201);

        // when
        postgres.stop();

        // then: everything that needs the database says so, with a code and a retry hint
        HttpResponse<String> health = app.get("/health", null);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(JsonPaths.text(health.body(), "/error/code")).isEqualTo("store_unavailable");
        HttpResponse<String> create = app.postJson("/api/sessions", ALICE, "{}");
        assertThat(create.statusCode()).isEqualTo(503);
        assertThat(JsonPaths.text(create.body(), "/error/code")).isEqualTo("store_unavailable");
        assertThat(JsonPaths.text(create.body(), "/error/message")).contains("database is unreachable");
        assertThat(create.headers().firstValue("Retry-After")).contains("5");
        HttpResponse<String> message = app.postJson(
                "/api/sessions/" + session + "/messages", ALICE, "{\"content\":\"Asked while the database is down\"}");
        assertThat(message.statusCode()).isEqualTo(503);
        assertThat(JsonPaths.text(message.body(), "/error/code")).isEqualTo("store_unavailable");
        assertThat(streamedError(session)).isEqualTo("store_unavailable");
        HttpResponse<String> upload = app.postJson(
                "/api/library/documents", ALICE, "{\"title\":\"Later\",\"text\":\"Uploaded during the outage.\"}");
        assertThat(upload.statusCode()).isEqualTo(503);
        // searches need only this instance's index replica, which stays readable
        HttpResponse<String> search = app.get("/api/library/search?q=sleep%20spindles&k=3", ALICE);
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).contains("Spindles");

        // and when PostgreSQL is back, the same application serves again
        postgres.start();
        Eventually.await(Duration.ofSeconds(30), () -> app.get("/health", null).statusCode() == 200, "healthy again");
        assertThat(app.postJson("/api/sessions", ALICE, "{}").statusCode()).isEqualTo(201);
        acknowledged.add(ask(session, "And after the outage?"));

        // then every acknowledged turn is there, and nothing from the failed requests
        JsonNode stored =
                JsonPaths.tree(app.get("/api/sessions/" + session, ALICE).body());
        List<String> contents = new ArrayList<>();
        stored.get("messages").forEach(m -> contents.add(m.get("content").asText()));
        assertThat(contents).contains(acknowledged.toArray(String[]::new));
        assertThat(contents).doesNotContain("Asked while the database is down", "Streamed while the database is down");
        assertThat(contents).hasSize(4);
    }

    /** Sends a message and returns its content once the reply acknowledged it. */
    private String ask(String session, String content) {
        HttpResponse<String> reply =
                app.postJson("/api/sessions/" + session + "/messages", ALICE, "{\"content\":\"" + content + "\"}");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return content;
    }

    private String streamedError(String session) {
        HttpRequest request =
                app.streamMessage(session, ALICE, "{\"content\":\"Streamed while the database is down\"}");
        try (SseClient sse = SseClient.open(app.http(), request)) {
            if (sse.response().statusCode() != 200) {
                return JsonPaths.text(new String(readBody(sse), StandardCharsets.UTF_8), "/error/code");
            }
            return JsonPaths.text(sse.nextNamed("error").data(), "/code");
        }
    }

    private static byte[] readBody(SseClient sse) {
        try {
            return sse.response().body().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
