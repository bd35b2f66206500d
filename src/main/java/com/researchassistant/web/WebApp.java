package com.researchassistant.web;

import com.researchassistant.account.Accounts;
import com.researchassistant.answers.AnswerBoard;
import com.researchassistant.answers.RunningAnswers;
import com.researchassistant.chat.Assistant;
import com.researchassistant.chat.ChatService;
import com.researchassistant.chat.ConversationSearch;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.config.AdmissionConfig;
import com.researchassistant.config.DevicesConfig;
import com.researchassistant.config.ProfileConfig;
import com.researchassistant.config.ServerConfig;
import com.researchassistant.config.UploadConfig;
import com.researchassistant.imports.Imports;
import com.researchassistant.library.JdbcCollectionStore;
import com.researchassistant.library.Library;
import com.researchassistant.limit.IdentityLimits;
import com.researchassistant.research.Research;
import com.researchassistant.share.Shares;
import com.researchassistant.viewer.SourceViewer;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP server: the route table, with one filter timing every request and one error handler
 * turning every failure into a response ({@link ErrorMapper}).
 */
public final class WebApp implements AutoCloseable {

    /** Patterns that take any method; their handlers answer 404 in the API's shape. */
    private static final String ANY_API = "/api/*";

    private static final String ANY_OPENAI = "/v1/*";

    /**
     * How the web layer is configured.
     *
     * @param modelId the model id the OpenAI-compatible face reports
     * @param modelConfigured whether a language model is configured, as {@code /health} reports it
     */
    public record Settings(
            ServerConfig server,
            ProfileConfig mobile,
            ProfileConfig desktop,
            AdmissionConfig admission,
            UploadConfig uploads,
            String modelId,
            boolean modelConfigured) {

        public Settings {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(mobile, "mobile");
            Objects.requireNonNull(desktop, "desktop");
            Objects.requireNonNull(admission, "admission");
            Objects.requireNonNull(uploads, "uploads");
            Objects.requireNonNull(modelId, "modelId");
        }
    }

    /**
     * What the web layer serves from.
     *
     * @param board where the answers in progress are marked, shared between instances or local
     * @param clock the time source of request timings and of the upload buffer's Retry-After
     * @param research the research jobs, also the OpenAI face's {@code research} model
     */
    public record Backends(
            SessionStore sessions,
            ChatService chat,
            Assistant assistant,
            Library library,
            IdentityLimits limits,
            AnswerBoard board,
            PrometheusMeterRegistry registry,
            Clock clock,
            Research research,
            SourceViewer viewer,
            Imports imports) {

        public Backends {
            Objects.requireNonNull(sessions, "sessions");
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(assistant, "assistant");
            Objects.requireNonNull(library, "library");
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(board, "board");
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(research, "research");
            Objects.requireNonNull(viewer, "viewer");
            Objects.requireNonNull(imports, "imports");
        }
    }

    /**
     * What is a researcher's own beyond conversations and the library: linked devices, shared
     * links, collections, and finding old conversations.
     */
    public record Personal(
            Accounts accounts,
            Shares shares,
            JdbcCollectionStore collections,
            ConversationSearch conversations,
            DevicesConfig config) {

        public Personal {
            Objects.requireNonNull(accounts, "accounts");
            Objects.requireNonNull(shares, "shares");
            Objects.requireNonNull(collections, "collections");
            Objects.requireNonNull(conversations, "conversations");
            Objects.requireNonNull(config, "config");
        }
    }

    private final Settings settings;
    private final Backends backends;
    private final Identities identities;
    private final Admission admission;
    private final WebMetrics metrics;
    private final RunningAnswers running;
    private final SessionHandler sessions;
    private final ChatHandler chat;
    private final LibraryHandler library;
    private final ImportHandler imports;
    private final OpenAiApiHandler openAi;
    private final ViewerHandler viewer;
    private final DeviceHandler devices;
    private final ShareHandler shares;
    private final CollectionHandler collections;
    private final ConversationSearchHandler conversations;
    private final ResearchHandler research;
    private final ResearchExports exports;
    private final StaticFiles files = new StaticFiles();
    private WebServer server;

    public WebApp(Settings settings, Backends backends, Personal personal) {
        this.settings = settings;
        this.backends = backends;
        ServerConfig config = settings.server();
        this.identities =
                new Identities(config.apiKeys(), new SameOrigin(config.allowedOrigins()), personal.accounts()::ownerOf);
        this.admission = new Admission(settings.admission(), backends.clock());
        this.metrics = new WebMetrics(backends.registry(), admission, backends.clock());
        this.running = new RunningAnswers(backends.board());
        JsonBodies bodies = new JsonBodies(config.maxBodyBytes());
        AnswerIntake intake = new AnswerIntake(
                identities,
                new Profiles(settings.mobile(), settings.desktop()),
                admission,
                backends.limits(),
                metrics,
                backends.clock());
        this.sessions = new SessionHandler(backends.sessions(), identities, bodies, running);
        this.collections = new CollectionHandler(
                personal.collections(), backends.library(), backends.sessions(), identities, bodies);
        this.chat = new ChatHandler(
                backends.chat(), backends.sessions(), running, bodies, intake, config, collections::scopeOf);
        this.devices = new DeviceHandler(personal.accounts(), identities, bodies);
        this.shares =
                new ShareHandler(personal.shares(), backends.sessions(), identities, bodies, personal.config(), files);
        this.conversations = new ConversationSearchHandler(personal.conversations(), identities);
        UploadConfig uploads = settings.uploads();
        UploadBuffer buffer = new UploadBuffer(uploads.bufferBytes(), uploads.maxWait(), backends.clock());
        metrics.bindUploads(buffer);
        this.library = new LibraryHandler(
                backends.library(), identities, UploadReader.open(config.maxUploadBytes(), uploads.spoolDir()), buffer);
        Heartbeat heartbeat = new Heartbeat(config.heartbeat(), backends.clock());
        this.research = new ResearchHandler(backends.research(), identities, bodies, heartbeat);
        this.exports = new ResearchExports(backends.research(), identities);
        this.openAi = new OpenAiApiHandler(
                backends.assistant(),
                intake,
                config,
                settings.modelId(),
                Optional.of(new ResearchCompletions(backends.research(), research, heartbeat)));
        this.viewer = new ViewerHandler(backends.viewer(), identities);
        this.imports = new ImportHandler(backends.imports(), identities, heartbeat);
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start() {
        server = WebServer.builder()
                .port(settings.server().port())
                .host("0.0.0.0")
                .shutdownHook(false)
                .idleConnectionTimeout(Duration.ofMinutes(5))
                // Nagle's algorithm held each small SSE event until the client acknowledged the last
                // one, and clients delay their acks by up to 40 ms: the first token waited for it
                // (server-added TTFT p50 24-43 ms with Nagle, 5-15 ms without; docs/benchmarks.md)
                .connectionOptions(options -> options.tcpNoDelay(true))
                .directHandlers(ProtocolErrors.handlers())
                .routing(this::routes)
                .build()
                .start();
        return server.port();
    }

    private void routes(HttpRouting.Builder r) {
        r.addFilter(new RequestTiming(metrics, backends.clock(), Set.of(ANY_API, ANY_OPENAI)));
        r.error(Exception.class, ErrorMapper::handle);
        r.get("/health", this::health);
        r.get("/metrics", this::metrics);
        r.post("/api/sessions", sessions::create);
        r.get("/api/sessions", sessions::list);
        r.get("/api/sessions/search", conversations::search); // before {id}: no session id is "search"
        personalRoutes(r);
        r.get("/api/sessions/{id}", sessions::get);
        r.patch("/api/sessions/{id}", sessions::rename);
        r.delete("/api/sessions/{id}", sessions::delete);
        r.post("/api/sessions/{id}/cancel", sessions::cancel);
        r.get("/api/sessions/{id}/export", sessions::export);
        r.post("/api/sessions/{id}/messages", chat::post);
        r.post("/api/library/documents", library::upload);
        r.get("/api/library/documents", library::list);
        r.get("/api/library/documents/{id}", library::get);
        r.delete("/api/library/documents/{id}", library::delete);
        r.get("/api/library/search", library::search);
        r.post("/api/library/samples", library::loadSamples);
        r.get("/api/library/documents/{id}/view", viewer::view);
        r.get("/api/library/documents/{id}/pages/{page}", viewer::page);
        r.post("/api/sessions/{id}/research", research::start);
        r.get("/api/sessions/{id}/research", research::list);
        r.get("/api/research/sources", research::sources); // before {job}: no job id is "sources"
        r.get("/api/research/{job}", research::get);
        r.get("/api/research/{job}/report.md", exports::markdown);
        r.get("/api/research/{job}/references.bib", exports::bibtex);
        r.get("/api/research/{job}/events", research::events);
        r.post("/api/research/{job}/cancel", research::cancel);
        r.post("/api/research/{job}/sources/{n}/library", research::keep);
        r.post("/api/library/imports", imports::start);
        r.get("/api/library/imports", imports::list);
        r.get("/api/library/imports/{id}", imports::get);
        r.get("/api/library/imports/{id}/events", imports::events);
        r.post("/api/library/imports/{id}/cancel", imports::cancel);
        for (String path : files.paths()) {
            r.get(path, this::page);
        }
        r.post("/v1/chat/completions", openAi::chatCompletions);
        r.get("/v1/models", openAi::models);
        r.any(ANY_OPENAI, openAi::unknownRoute);
        r.any(ANY_API, (req, res) -> {
            throw new ApiException(
                    404,
                    "not_found",
                    "No such API endpoint: " + req.prologue().method().text() + " "
                            + req.path().path());
        });
    }

    /** Linked devices, shared links, collections and conversation scopes. */
    private void personalRoutes(HttpRouting.Builder r) {
        r.post("/api/devices/pairing", devices::startPairing);
        r.post("/api/devices/link", devices::link);
        r.get("/api/devices", devices::list);
        r.delete("/api/devices/{id}", devices::unlink);
        r.post("/api/sessions/{id}/shares", shares::create);
        r.get("/api/sessions/{id}/shares", shares::list);
        r.delete("/api/sessions/{id}/shares/{share}", shares::revoke);
        r.get("/api/shares/{token}", shares::read);
        r.get("/s/{token}", shares::page);
        r.get("/api/collections", collections::list);
        r.post("/api/collections", collections::create);
        r.get("/api/collections/{id}", collections::get);
        r.patch("/api/collections/{id}", collections::rename);
        r.delete("/api/collections/{id}", collections::delete);
        r.put("/api/collections/{id}/documents/{document}", collections::addDocument);
        r.delete("/api/collections/{id}/documents/{document}", collections::removeDocument);
        r.get("/api/collections/{id}/search", collections::search);
        r.get("/api/sessions/{id}/scope", collections::getScope);
        r.put("/api/sessions/{id}/scope", collections::setScope);
    }

    private void health(ServerRequest req, ServerResponse res) {
        try {
            backends.sessions().list("health:probe");
        } catch (RuntimeException e) {
            throw new ApiException(503, "store_unavailable", "The database is not reachable.");
        }
        try {
            backends.limits().probe();
        } catch (RuntimeException e) {
            throw new ApiException(503, "cache_unavailable", "The shared cache (Redis) is not reachable.");
        }
        Responses.json(
                req,
                res,
                200,
                Map.of("status", "ok", "model", settings.modelConfigured() ? "configured" : "not_configured"));
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(backends.registry().scrape().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A file of the web app; the page is where a browser gets its identity cookie (not its scripts
     * and styles, which a shared link's page loads too, without an identity).
     */
    private void page(ServerRequest req, ServerResponse res) {
        if (req.path().path().equals("/")) {
            identities.ensureCookie(req, res);
        }
        files.serve(req, res);
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
