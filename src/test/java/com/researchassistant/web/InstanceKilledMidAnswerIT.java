package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.PostgresServer;
import com.researchassistant.testing.RedisServer;
import com.researchassistant.testing.SeparateInstance;
import com.researchassistant.testing.SseClient;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import com.researchassistant.testing.TestApp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One of two instances sharing PostgreSQL and Redis (session cache on) is killed with {@code kill -9} while it streams an
 * answer: the other instance has every acknowledged turn and carries the conversation on. The
 * killed instance is a separate JVM started from {@code Main}, as in production.
 */
@Timeout(180)
class InstanceKilledMidAnswerIT {

    @TempDir
    Path dir;

    private final StubLlmServer stub = StubLlmServer.start();
    private final RedisServer redis = RedisServer.launch();
    /** The dead instance's marks lapse after this, not production's 10 s. */
    private static final String MARK_LEASE = "2s";

    private SeparateInstance doomed;
    private TestApp survivor;

    @AfterEach
    void stop() throws InterruptedException {
        try {
            if (doomed != null) {
                doomed.kill();
            }
            if (survivor != null) {
                survivor.close();
            }
        } finally {
            stub.close();
            redis.close();
        }
    }

    @Test
    void a_kill_mid_answer_loses_no_acknowledged_turn_and_the_other_instance_continues() throws Exception {
        // given two instances on one database; streamed answers are slow unless scripted
        String database = PostgresServer.shared().newDatabase();
        stub.scriptOnly(StubLlmServer::streams)
                .respondByDefault(StubLlmServer.answering(Collections.nCopies(400, "word "), Duration.ofMillis(50)))
                .enqueue(StubResponse.tokens(List.of("Quick", " answer."), Duration.ZERO));
        doomed = startInstance(database);
        survivor = TestApp.withModel(
                dir.resolve("survivor"),
                stub,
                Map.of(
                        "RA_DATABASE_URL",
                        database,
                        "RA_REDIS_URL",
                        redis.url(),
                        "RA_CACHE_MAX_SESSIONS",
                        "100",
                        "RA_ANSWER_MARK_LEASE",
                        MARK_LEASE));
        doomed.awaitHealthy(Duration.ofSeconds(90));
        String session = JsonPaths.text(send("POST", "/api/sessions", "{}").body(), "/id");
        HttpResponse<String> first =
                send("POST", "/api/sessions/" + session + "/messages", "{\"content\":\"First question\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

        // when the instance is killed while it streams the second answer
        try (SseClient sse = SseClient.open(
                doomed.http(),
                HttpRequest.newBuilder(doomed.uri("/api/sessions/" + session + "/messages"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + ALICE)
                        .header("Content-Type", "application/json")
                        .header("Accept", "text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"Second question, cut short\"}"))
                        .build())) {
            sse.nextNamed("meta"); // the second question is acknowledged
            sse.nextNamed("token");
            sse.nextNamed("token");
            assertThat(doomed.kill()).isTrue(); // SIGKILL
        }

        // then the other instance has every acknowledged turn, and the conversation goes on there
        assertThat(contents(session)).containsExactly("First question", "Quick answer.", "Second question, cut short");
        // the dead instance's "being answered" mark in Redis holds the conversation until its lease
        // lapses; meanwhile the survivor says so (409), then accepts the next message
        stub.enqueue(StubResponse.tokens(List.of("Carried", " on."), Duration.ZERO));
        List<HttpResponse<String>> tries = new ArrayList<>();
        Eventually.await(
                Duration.ofSeconds(30),
                () -> {
                    HttpResponse<String> attempt = survivor.postJson(
                            "/api/sessions/" + session + "/messages", ALICE, "{\"content\":\"Third question\"}");
                    tries.add(attempt);
                    if (attempt.statusCode() == 409) {
                        LockSupport.parkNanos(Duration.ofMillis(250).toNanos()); // a bounded number of retries
                        return false;
                    }
                    return true;
                },
                "the dead instance's mark to lapse");
        HttpResponse<String> third = tries.getLast();
        assertThat(third.statusCode()).as(third.body()).isEqualTo(200);
        assertThat(tries.subList(0, tries.size() - 1))
                .allSatisfy(refused -> assertThat(refused.body()).contains("answer_in_progress"));
        assertThat(contents(session))
                .containsExactly(
                        "First question",
                        "Quick answer.",
                        "Second question, cut short",
                        "Third question",
                        "Carried on.");
    }

    private List<String> contents(String session) {
        List<String> contents = new ArrayList<>();
        JsonPaths.tree(survivor.get("/api/sessions/" + session, ALICE).body())
                .get("messages")
                .forEach(m -> contents.add(m.get("content").asText()));
        return contents;
    }

    private SeparateInstance startInstance(String database) throws IOException {
        return SeparateInstance.start(
                Map.of(
                        "RA_DATA_DIR",
                        dir.resolve("doomed").toString(),
                        "RA_DATABASE_URL",
                        database,
                        "RA_REDIS_URL",
                        redis.url(),
                        "RA_CACHE_MAX_SESSIONS",
                        "100",
                        "RA_ANSWER_MARK_LEASE",
                        MARK_LEASE,
                        "RA_LLM_BASE_URL",
                        stub.url().toString(),
                        "HF_TOKEN",
                        "hf_test_token_never_shown",
                        "RA_LLM_MAX_ATTEMPTS",
                        "1"),
                dir.resolve("doomed.log"));
    }

    private HttpResponse<String> send(String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(doomed.uri(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + ALICE)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        return TestApp.send(doomed.http(), request);
    }
}
