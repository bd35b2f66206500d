package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.RedisServer;
import com.researchassistant.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The app with {@code RA_REDIS_URL}: Redis going away and coming back, and limits shared by two instances. */
@Timeout(120)
class RedisScaleOutIT {

    private static final String HI = "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @TempDir
    Path dir;

    private final RedisServer redis = RedisServer.launch();
    private final List<TestApp> apps = new ArrayList<>();

    @AfterEach
    void stop() {
        apps.forEach(TestApp::close);
        redis.close();
    }

    private TestApp app(String name, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("RA_REDIS_URL", redis.url());
        TestApp app = TestApp.start(dir.resolve(name), all);
        apps.add(app);
        return app;
    }

    private static HttpResponse<String> message(TestApp app, String sessionId, String content) {
        return app.postJson("/api/sessions/" + sessionId + "/messages", ALICE, "{\"content\":\"" + content + "\"}");
    }

    @Test
    void while_redis_is_away_writes_answer_503_reads_still_work_and_all_recovers_without_restart() {
        // given
        TestApp app = app("a", Map.of());
        String id = app.newSession(ALICE);
        assertThat(message(app, id, "before").statusCode()).isEqualTo(200);

        // when
        redis.stop();

        // then
        assertUnavailable(message(app, id, "during"));
        assertUnavailable(app.delete("/api/sessions/" + id, ALICE));
        assertUnavailable(app.get("/health", null));
        HttpResponse<String> openAi = app.postJson("/v1/chat/completions", ALICE, HI);
        assertThat(openAi.statusCode()).isEqualTo(503);
        assertThat(JsonPaths.text(openAi.body(), "/error/code")).isEqualTo("cache_unavailable");
        HttpResponse<String> read = app.get("/api/sessions/" + id, ALICE);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JsonPaths.tree(read.body()).at("/messages").size()).isEqualTo(2);

        // when
        redis.start();

        // then
        Eventually.await(Duration.ofSeconds(15), () -> app.get("/health", null).statusCode() == 200, "healthy again");
        assertThat(message(app, id, "after").statusCode()).isEqualTo(200);
        assertThat(JsonPaths.tree(app.get("/api/sessions/" + id, ALICE).body())
                        .at("/messages")
                        .findValuesAsText("content"))
                .contains("before", "after")
                .doesNotContain("during")
                .hasSize(4);
    }

    private static void assertUnavailable(HttpResponse<String> res) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(503);
        assertThat(JsonPaths.text(res.body(), "/error/code")).isEqualTo("cache_unavailable");
        assertThat(JsonPaths.text(res.body(), "/error/message")).isNotBlank();
    }

    @Test
    void the_rate_limit_holds_across_two_instances_and_metrics_show_the_cluster() {
        // given two instances (each with its own database here; they share only Redis)
        Map<String, String> env = Map.of("RA_RATE_LIMIT", "3");
        TestApp a = app("a", env);
        TestApp b = app("b", env);
        String onA = a.newSession(ALICE);
        String onB = b.newSession(ALICE);

        // when
        List<Integer> statuses = List.of(
                message(a, onA, "one").statusCode(),
                message(b, onB, "two").statusCode(),
                message(a, onA, "three").statusCode());
        HttpResponse<String> refused = message(b, onB, "four");

        // then
        assertThat(statuses).containsOnly(200);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(JsonPaths.text(refused.body(), "/error/code")).isEqualTo("rate_limited");
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(JsonPaths.tree(b.get("/api/sessions/" + onB, ALICE).body())
                        .at("/messages")
                        .size())
                .isEqualTo(2);
        Eventually.await(
                Duration.ofSeconds(15),
                () -> a.get("/metrics", null).body().contains("ra_cluster_instances 2.0"),
                "both instances report their load");
        String metrics = a.get("/metrics", null).body();
        assertThat(metrics).contains("ra_cluster_admission_running 0.0", "ra_cluster_admission_queue_depth 0.0");
        assertThat(metrics).containsPattern("ra_session_cache_hits_total [1-9]");
    }
}
