package com.researchassistant.web;

import com.researchassistant.answers.RunningAnswers;

import com.researchassistant.answers.AnswerBoard;
import com.researchassistant.chat.Assistant;
import com.researchassistant.chat.ChatService;
import com.researchassistant.config.AdmissionConfig;
import com.researchassistant.config.ProfileConfig;
import com.researchassistant.config.ServerConfig;
import com.researchassistant.library.Library;
import com.researchassistant.research.Research;
import com.researchassistant.limit.IdentityLimits;
import com.researchassistant.chat.SessionStore;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The HTTP server: routes, per-request metrics and error mapping. */
public final class WebApp implements AutoCloseable {

    /** Uploads parsed at once; each holds its file in memory. */
    private static final int CONCURRENT_UPLOADS = 2;

    private final ServerConfig config;
    private final SessionStore store;
    private final PrometheusMeterRegistry registry;
    private final boolean modelConfigured;
    private final Identities identities;
    private final WebMetrics metrics;
    private final SessionHandler sessions;
    private final ChatHandler chat;
    private final RunningAnswers running;
    private final LibraryHandler library;
    private final OpenAiApiHandler openAi;
    private final ResearchHandler researchApi;
    private final IdentityLimits limits;
    private final Admission admission;
    private final StaticFiles files = new StaticFiles();
    private WebServer server;

    public WebApp(ServerConfig config, ProfileConfig mobile, ProfileConfig desktop, AdmissionConfig admissionConfig,
            SessionStore store, ChatService chatService, Assistant assistant, Library library,
            PrometheusMeterRegistry registry, boolean modelConfigured, String modelId, IdentityLimits limits,
            AnswerBoard board, Research research) {
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.modelConfigured = modelConfigured;
        this.identities = new Identities(config.apiKeys());
        this.limits = limits;
        this.admission = new Admission(admissionConfig);
        this.metrics = new WebMetrics(registry, admission);
        JsonBodies bodies = new JsonBodies(config.maxBodyBytes());
        this.running = new RunningAnswers(board);
        this.sessions = new SessionHandler(store, identities, bodies, running);
        Profiles profiles = new Profiles(mobile, desktop);
        this.chat = new ChatHandler(chatService, store, identities, bodies, profiles, admission, running, limits,
                metrics, config.maxMessageChars(), config.heartbeat());
        this.library = new LibraryHandler(library, identities, config.maxUploadBytes(), CONCURRENT_UPLOADS);
        this.researchApi = new ResearchHandler(research, identities, bodies, config.heartbeat());
        this.openAi = new OpenAiApiHandler(assistant, identities, admission, limits, profiles, metrics,
                config.maxBodyBytes(), config.maxMessageChars(), config.heartbeat(), modelId,
                Optional.of(new ResearchCompletions(research, researchApi, config.heartbeat())));
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start() {
        server = WebServer.builder()
                .port(config.port())
                .host("0.0.0.0")
                .shutdownHook(false)
                .idleConnectionTimeout(Duration.ofMinutes(5))
                .routing(this::routes)
                .build()
                .start();
        return server.port();
    }

    private void routes(HttpRouting.Builder r) {
        r.get("/health", route("GET", "/health", (req, res) -> health(req, res)));
        r.get("/metrics", route("GET", "/metrics", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            res.send(registry.scrape().getBytes(StandardCharsets.UTF_8));
        }));
        r.post("/api/sessions", route("POST", "/api/sessions", sessions::create));
        r.get("/api/sessions", route("GET", "/api/sessions", sessions::list));
        r.get("/api/sessions/{id}", route("GET", "/api/sessions/{id}", sessions::get));
        r.patch("/api/sessions/{id}", route("PATCH", "/api/sessions/{id}", sessions::rename));
        r.delete("/api/sessions/{id}", route("DELETE", "/api/sessions/{id}", sessions::delete));
        r.post("/api/sessions/{id}/cancel", route("POST", "/api/sessions/{id}/cancel", sessions::cancel));
        r.get("/api/sessions/{id}/export", route("GET", "/api/sessions/{id}/export", sessions::export));
        r.post("/api/sessions/{id}/messages", route("POST", "/api/sessions/{id}/messages", chat::post));
        r.post("/api/library/documents", route("POST", "/api/library/documents", library::upload));
        r.get("/api/library/documents", route("GET", "/api/library/documents", library::list));
        r.get("/api/library/documents/{id}", route("GET", "/api/library/documents/{id}", library::get));
        r.delete("/api/library/documents/{id}", route("DELETE", "/api/library/documents/{id}", library::delete));
        r.get("/api/library/search", route("GET", "/api/library/search", library::search));
        r.post("/api/sessions/{id}/research", route("POST", "/api/sessions/{id}/research", researchApi::start));
        r.get("/api/research/{job}", route("GET", "/api/research/{job}", researchApi::get));
        r.get("/api/research/{job}/events", route("GET", "/api/research/{job}/events", researchApi::events));
        r.post("/api/research/{job}/cancel", route("POST", "/api/research/{job}/cancel", researchApi::cancel));
        r.post("/api/research/{job}/sources/{n}/library",
                route("POST", "/api/research/{job}/sources/{n}/library", researchApi::keep));
        r.post("/api/library/samples", route("POST", "/api/library/samples", library::loadSamples));
        for (String path : files.paths()) {
            r.get(path, route("GET", path, (req, res) -> {
                identities.ensureCookie(req, res);
                files.serve(req, res);
            }));
        }
        r.post("/v1/chat/completions", route("POST", "/v1/chat/completions", openAi::chatCompletions));
        r.get("/v1/models", route("GET", "/v1/models", openAi::models));
        r.any("/v1/*", route("ANY", "/v1/*", openAi::unknownRoute));
        r.any("/api/*", route("ANY", "/api/*", (req, res) -> {
            throw new ApiException(404, "not_found", "No such API endpoint: " + req.prologue().method().text() + " "
                    + req.path().path());
        }));
    }

    private void health(io.helidon.webserver.http.ServerRequest req, io.helidon.webserver.http.ServerResponse res) {
        try {
            store.list("health:probe");
        } catch (RuntimeException e) {
            throw new ApiException(503, "store_unavailable", "The database is not reachable.");
        }
        try {
            limits.probe();
        } catch (RuntimeException e) {
            throw new ApiException(503, "cache_unavailable", "The shared cache (Redis) is not reachable.");
        }
        Responses.json(req, res, 200, Map.of("status", "ok", "model", modelConfigured ? "configured" : "not_configured"));
    }

    private Handler route(String method, String label, Handler handler) {
        return (req, res) -> {
            long start = System.nanoTime();
            res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
            try {
                handler.handle(req, res);
            } catch (Exception e) {
                ErrorMapper.write(req, res, e);
            } finally {
                metrics.request(method, label, res.status().code(), System.nanoTime() - start);
            }
        };
    }

    /** Chat pipelines running in this process now. */
    public int running() {
        return admission.running();
    }

    /** Chat requests waiting for a worker in this process now. */
    public int queued() {
        return admission.queued();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        running.close();
    }
}
