package com.researchassistant.web;

import com.researchassistant.config.AdmissionConfig;
import com.researchassistant.config.LimitsConfig;
import com.researchassistant.config.ProfileConfig;
import com.researchassistant.config.ServerConfig;
import com.researchassistant.limit.InProcessLimits;
import io.helidon.webserver.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A real Helidon server on port 0 with only the OpenAI routes, wired as {@link WebApp} would wire
 * them, in front of a {@link ScriptedAssistant}.
 */
final class OpenAiServer implements AutoCloseable {

    static final String MODEL_ID = "research-assistant-test";
    /** Any key of 16+ characters is its own identity when no keys are configured. */
    static final String KEY = "sk-test-0123456789abcdef";

    static final String HI = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_MESSAGE_CHARS = 4_000;

    private final ScriptedAssistant assistant = new ScriptedAssistant();
    private final Admission admission;
    private final WebServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OpenAiServer(AdmissionConfig admissionConfig, Duration heartbeat) {
        this.admission = new Admission(admissionConfig, Clock.systemUTC());
        Profiles profiles = new Profiles(
                new ProfileConfig(800, Duration.ofSeconds(15), 4_000),
                new ProfileConfig(2000, Duration.ofSeconds(30), 16_000));
        WebMetrics metrics =
                new WebMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), admission, Clock.systemUTC());
        AnswerIntake intake = new AnswerIntake(
                new Identities(Set.of(), new SameOrigin(Set.of())),
                profiles,
                admission,
                new InProcessLimits(new LimitsConfig(0, 0), Clock.systemUTC()),
                metrics,
                Clock.systemUTC());
        ServerConfig config =
                new ServerConfig(0, MAX_MESSAGE_CHARS, MAX_BODY_BYTES, 1 << 20, heartbeat, Set.of(), Set.of());
        OpenAiApiHandler handler = new OpenAiApiHandler(assistant, intake, config, MODEL_ID, Optional.empty());
        this.server = WebServer.builder()
                .port(0)
                .host("127.0.0.1")
                .shutdownHook(false)
                .routing(r -> r.error(Exception.class, ErrorMapper::handle)
                        .post("/v1/chat/completions", handler::chatCompletions)
                        .get("/v1/models", handler::models)
                        .any("/v1/*", handler::unknownRoute))
                .build()
                .start();
    }

    static OpenAiServer start(AdmissionConfig admission, Duration heartbeat) {
        return new OpenAiServer(admission, heartbeat);
    }

    ScriptedAssistant assistant() {
        return assistant;
    }

    Admission admission() {
        return admission;
    }

    HttpClient http() {
        return http;
    }

    /** A request to this server, with a Bearer key unless {@code key} is null. */
    HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20));
        return key == null ? b : b.header("Authorization", "Bearer " + key);
    }

    /** A body asking for a stream of the answer to "Hi", with extra top-level fields. */
    static String streamBody(String options) {
        return "{\"model\":\"gpt-4o\",\"stream\":true" + options
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    HttpResponse<String> post(String body) {
        return send(request("/v1/chat/completions", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
        server.stop();
    }
}
