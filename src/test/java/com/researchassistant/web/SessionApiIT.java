package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static com.researchassistant.testing.TestApp.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.TestApp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionApiIT {

    @TempDir
    Path dir;

    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start(dir, Map.of());
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void health_and_metrics_answer() {
        HttpResponse<String> health = app.get("/health", null);
        HttpResponse<String> metrics = app.get("/metrics", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JsonPaths.text(health.body(), "status")).isEqualTo("ok");
        assertThat(JsonPaths.text(health.body(), "model")).isEqualTo("not_configured");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("ra_http_requests_seconds_count")
                .contains("ra_admission_queue_depth")
                .contains("ra_admission_rejected_total")
                .contains("ra_session_cache_hit_ratio")
                .contains("ra_chat_time_to_first_token_seconds")
                .contains("ra_embedding_cache_hit_ratio")
                .contains("ra_llm_circuit_openings_total");
    }

    @Test
    void request_metrics_are_labelled_with_the_matched_route_and_each_request_gets_nosniff() {
        // given
        String id = app.newSession(ALICE);

        // when
        HttpResponse<String> read = app.get("/api/sessions/" + id, ALICE);
        HttpResponse<String> unknown = app.send(app.request("/api/sessions/" + id, ALICE)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build());
        HttpResponse<String> nowhere = app.get("/no/such/page", null);
        String metrics = app.get("/metrics", null).body();

        // then
        assertThat(read.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(unknown.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(JsonPaths.text(nowhere.body(), "/error/code")).isEqualTo("not_found");
        assertThat(metrics)
                .contains("ra_http_requests_seconds_count{method=\"POST\",route=\"/api/sessions\",status=\"201\"} 1")
                .contains(
                        "ra_http_requests_seconds_count{method=\"GET\",route=\"/api/sessions/{id}\",status=\"200\"} 1")
                .contains("ra_http_requests_seconds_count{method=\"ANY\",route=\"/api/*\",status=\"404\"} 1")
                .contains("ra_http_requests_seconds_count{method=\"ANY\",route=\"unmatched\",status=\"404\"} 1")
                .doesNotContain(id);
    }

    @Test
    void creates_lists_reads_exports_and_deletes_a_session() {
        // when
        HttpResponse<String> created = app.postJson("/api/sessions", ALICE, "{\"title\":\"Sleep and memory\"}");
        String id = JsonPaths.text(created.body(), "id");

        // then
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/sessions/" + id);
        assertThat(JsonPaths.tree(app.get("/api/sessions", ALICE).body())
                        .at("/sessions/0/title")
                        .asText())
                .isEqualTo("Sleep and memory");
        HttpResponse<String> read = app.get("/api/sessions/" + id, ALICE);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JsonPaths.tree(read.body()).at("/messages").isArray()).isTrue();
        HttpResponse<String> export = app.get("/api/sessions/" + id + "/export", ALICE);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/markdown"));
        assertThat(export.body()).startsWith("# Sleep and memory");
        assertThat(app.delete("/api/sessions/" + id, ALICE).statusCode()).isEqualTo(204);
        assertThat(app.get("/api/sessions/" + id, ALICE).statusCode()).isEqualTo(404);
        assertThat(app.delete("/api/sessions/" + id, ALICE).statusCode()).isEqualTo(404);
    }

    @Test
    void another_identity_sees_not_found_not_forbidden() {
        // given
        String id = app.newSession(ALICE);

        // then
        for (HttpResponse<String> res : List.of(
                app.get("/api/sessions/" + id, BOB),
                app.get("/api/sessions/" + id + "/export", BOB),
                app.delete("/api/sessions/" + id, BOB),
                app.postJson("/api/sessions/" + id + "/messages", BOB, "{\"content\":\"hi\"}"))) {
            assertThat(res.statusCode()).isEqualTo(404);
            assertThat(JsonPaths.text(res.body(), "/error/code")).isEqualTo("not_found");
        }
        assertThat(JsonPaths.tree(app.get("/api/sessions", BOB).body())
                        .at("/sessions")
                        .size())
                .isZero();
        assertThat(app.get("/api/sessions/" + id, ALICE).statusCode()).isEqualTo(200);
    }

    @Test
    void unknown_ids_and_endpoints_answer_json_404() {
        HttpResponse<String> session = app.get("/api/sessions/does-not-exist", ALICE);
        HttpResponse<String> endpoint = app.get("/api/nothing-here", ALICE);

        assertThat(session.statusCode()).isEqualTo(404);
        assertThat(JsonPaths.text(session.body(), "/error/code")).isEqualTo("not_found");
        assertThat(endpoint.statusCode()).isEqualTo(404);
        assertThat(JsonPaths.text(endpoint.body(), "/error/code")).isEqualTo("not_found");
    }

    @Test
    void a_browser_gets_an_http_only_same_site_cookie_that_keeps_its_identity() {
        // given: a first visit to the page
        HttpResponse<String> page = app.get("/", null);
        String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        // when
        HttpResponse<String> created = app.send(app.request("/api/sessions", null)
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        HttpResponse<String> listed = app.send(app.request("/api/sessions", null)
                .header("Cookie", cookie)
                .GET()
                .build());
        HttpResponse<String> forged = app.send(app.request("/api/sessions", null)
                .header("Cookie", "ra_uid=" + "A".repeat(43))
                .GET()
                .build());

        // then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(setCookie)
                .startsWith("ra_uid=")
                .contains("HttpOnly")
                .contains("SameSite=Lax")
                .contains("Path=/");
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Set-Cookie")).isEmpty();
        String id = JsonPaths.text(created.body(), "id");
        assertThat(listed.body()).contains(id);
        assertThat(forged.body()).doesNotContain(id);
        assertThat(app.get("/api/sessions", null).body()).doesNotContain(id);
    }

    @Test
    void short_or_malformed_bearer_keys_are_refused() {
        HttpResponse<String> shortKey = app.get("/api/sessions", "short");
        HttpResponse<String> basic = app.send(app.request("/api/sessions", null)
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .GET()
                .build());

        assertThat(shortKey.statusCode()).isEqualTo(401);
        assertThat(JsonPaths.text(shortKey.body(), "/error/code")).isEqualTo("unauthorized");
        assertThat(basic.statusCode()).isEqualTo(401);
    }

    @Test
    void configured_api_keys_are_the_only_ones_accepted(@TempDir Path other) {
        try (TestApp locked = TestApp.start(other, Map.of("RA_API_KEYS", ALICE))) {
            assertThat(locked.get("/api/sessions", ALICE).statusCode()).isEqualTo(200);
            assertThat(locked.get("/api/sessions", BOB).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void static_files_are_gzipped_and_revalidated() {
        HttpResponse<String> plain = app.get("/main.js", null);
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = app.send(app.request("/main.js", null)
                .header("If-None-Match", etag)
                .GET()
                .build());
        HttpResponse<byte[]> gz;
        try {
            gz = app.http()
                    .send(
                            app.request("/main.js", null)
                                    .header("Accept-Encoding", "gzip")
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gz.body().length).isLessThan(plain.body().length());
    }

    @Test
    void every_file_of_the_web_app_is_served_and_cached_by_the_service_worker_for_offline_use() throws IOException {
        // given
        Path web = Path.of("src", "main", "resources", "web");
        List<String> files;
        try (Stream<Path> walk = Files.walk(web)) {
            files = walk.filter(Files::isRegularFile)
                    .map(p -> "/" + web.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("/index.html"))
                    .filter(p -> !p.equals("/share.html")) // a shared link's page, served at /s/<token> only
                    .toList();
        }

        // when
        String worker = app.get("/sw.js", null).body();

        // then
        assertThat(files).contains("/main.js", "/views/panels.js");
        for (String file : files) {
            assertThat(app.get(file, null).statusCode()).as(file).isEqualTo(200);
            if (!file.equals("/sw.js")) {
                assertThat(worker).as("the service worker caches " + file).contains("'" + file + "'");
            }
        }
        assertThat(worker).doesNotContain("__RA_VERSION__");
    }
}
