package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.PostgresServer;
import com.researchassistant.testing.RedisServer;
import com.researchassistant.testing.SseClient;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import com.researchassistant.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances sharing PostgreSQL and Redis, as behind a load balancer without affinity: one
 * answer per conversation, {@code answering} and Stop hold across them.
 */
@Timeout(120)
class ClusterAnswersIT {

    @TempDir
    Path dir;

    private final StubLlmServer stub = StubLlmServer.start();
    private final RedisServer redis = RedisServer.launch();
    private TestApp first;
    private TestApp second;

    @BeforeEach
    void start() {
        stub.scriptOnly(StubLlmServer::streams);
        Map<String, String> env = Map.of(
                "RA_DATABASE_URL",
                PostgresServer.shared().newDatabase(),
                "RA_REDIS_URL",
                redis.url(),
                "RA_CACHE_MAX_SESSIONS",
                "100");
        first = TestApp.withModel(dir.resolve("first"), stub, env);
        second = TestApp.withModel(dir.resolve("second"), stub, env);
    }

    @AfterEach
    void stop() {
        try {
            first.close();
            second.close();
        } finally {
            stub.close();
            redis.close();
        }
    }

    @Test
    void an_answer_running_on_one_instance_is_seen_refused_and_stopped_through_the_other() throws Exception {
        // given an answer running on the first instance, its client gone (a locked phone)
        String session = first.newSession(ALICE);
        stub.enqueue(StubResponse.sse(ChatApiIT.ONE_TOKEN_THEN_SILENCE).thenHang());
        SseClient sse = SseClient.open(
                first.http(), first.streamMessage(session, ALICE, "{\"content\":\"q\",\"onDisconnect\":\"finish\"}"));
        sse.nextNamed("token");
        sse.close();

        // when the page, back from the background, reaches the second instance
        JsonNode seen =
                JsonPaths.tree(second.get("/api/sessions/" + session, ALICE).body());
        HttpResponse<String> another =
                second.postJson("/api/sessions/" + session + "/messages", ALICE, "{\"content\":\"again\"}");
        HttpResponse<String> stop = second.postJson("/api/sessions/" + session + "/cancel", ALICE, "{}");

        // then
        assertThat(seen.at("/answering").asBoolean()).isTrue();
        assertThat(another.statusCode()).as(another.body()).isEqualTo(409);
        assertThat(JsonPaths.text(another.body(), "/error/code")).isEqualTo("answer_in_progress");
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
        assertThat(stub.awaitClientDisconnect(Duration.ofSeconds(15))).isTrue();
        Eventually.await(
                Duration.ofSeconds(15),
                () -> !answering(second, session) && !answering(first, session),
                "the answer ended on both instances' view");
        JsonNode stored =
                JsonPaths.tree(second.get("/api/sessions/" + session, ALICE).body());
        assertThat(stored.at("/messages").size()).isEqualTo(2);
        assertThat(stored.at("/messages/1/status").asText()).isEqualTo("partial");
        assertThat(stored.at("/messages/1/content").asText()).isEqualTo("Partial");
        HttpResponse<String> nothingLeft = first.postJson("/api/sessions/" + session + "/cancel", ALICE, "{}");
        assertThat(nothingLeft.statusCode()).isEqualTo(200);
        HttpResponse<String> next =
                second.postJson("/api/sessions/" + session + "/messages", ALICE, "{\"content\":\"next\"}");
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
    }

    private static boolean answering(TestApp app, String session) {
        return JsonPaths.tree(app.get("/api/sessions/" + session, ALICE).body())
                .at("/answering")
                .asBoolean();
    }
}
