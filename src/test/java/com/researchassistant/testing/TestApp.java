package com.researchassistant.testing;

import com.researchassistant.Application;
import com.researchassistant.config.ConfigLoader;
import com.researchassistant.research.ResearchSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real application on a free loopback port, configured through the same environment
 * variables as production, plus a small HTTP client that speaks its API.
 */
public final class TestApp implements AutoCloseable {

    /** A Bearer key accepted by the test app (any key of 16+ characters is its own identity). */
    public static final String ALICE = "alice-key-0123456789";

    public static final String BOB = "bob-key-0123456789ab";

    private final Application app;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private TestApp(Application app) {
        this.app = app;
    }

    /** Starts the app with its data under {@code dataDir}, the given variables overriding the test defaults. */
    public static TestApp start(Path dataDir, Map<String, String> env) {
        return new TestApp(Application.start(new ConfigLoader(withDefaults(dataDir, env)).load()));
    }

    /** Starts the app with research searching {@code sources} (fake providers and fetcher). */
    public static TestApp start(Path dataDir, Map<String, String> env, ResearchSources sources) {
        return new TestApp(Application.start(
                new ConfigLoader(withDefaults(dataDir, env)).load(),
                Application.Overrides.none().withResearchSources(sources)));
    }

    /** Starts the app with {@code overrides} in place of production's parts (a test clock, fake sources). */
    public static TestApp start(Path dataDir, Map<String, String> env, Application.Overrides overrides) {
        return new TestApp(Application.start(new ConfigLoader(withDefaults(dataDir, env)).load(), overrides));
    }

    private static Map<String, String> withDefaults(Path dataDir, Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("PORT", "0");
        all.put("RA_DATA_DIR", dataDir.toString());
        all.put("RA_HEARTBEAT", "1s");
        all.putAll(env);
        return all;
    }

    /** Starts the app against a stub model server. */
    public static TestApp withModel(Path dataDir, StubLlmServer stub, Map<String, String> env) {
        return start(dataDir, modelEnv(stub, env));
    }

    /** Starts the app against a stub model server, with research searching {@code sources}. */
    public static TestApp withModel(
            Path dataDir, StubLlmServer stub, Map<String, String> env, ResearchSources sources) {
        return start(dataDir, modelEnv(stub, env), sources);
    }

    private static Map<String, String> modelEnv(StubLlmServer stub, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("RA_LLM_BASE_URL", stub.url().toString());
        all.put("HF_TOKEN", "hf_test_token_never_shown");
        all.putIfAbsent("RA_LLM_MAX_ATTEMPTS", "1");
        return all;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    public HttpClient http() {
        return http;
    }

    public HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        return key == null ? b : b.header("Authorization", "Bearer " + key);
    }

    public HttpResponse<String> get(String path, String key) {
        return send(request(path, key).GET().build());
    }

    public HttpResponse<String> delete(String path, String key) {
        return send(request(path, key).DELETE().build());
    }

    public HttpResponse<String> postJson(String path, String key, String json) {
        return send(request(path, key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build());
    }

    /** A message to {@code sessionId} asking for the answer as server-sent events. */
    public HttpRequest streamMessage(String sessionId, String key, String json) {
        return request("/api/sessions/" + sessionId + "/messages", key)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
    }

    public HttpResponse<String> send(HttpRequest request) {
        return send(http, request);
    }

    /** Sends with {@code http} and reads the body as UTF-8; failures become unchecked. */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a session for {@code key} and returns its id. */
    public String newSession(String key) {
        HttpResponse<String> res = postJson("/api/sessions", key, "{}");
        if (res.statusCode() != 201) {
            throw new IllegalStateException("session not created: " + res.statusCode() + " " + res.body());
        }
        return JsonPaths.text(res.body(), "id");
    }

    @Override
    public void close() {
        app.close();
    }
}
