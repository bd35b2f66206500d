package com.researchassistant;

import com.researchassistant.account.Accounts;
import com.researchassistant.account.JdbcDeviceStore;
import com.researchassistant.account.LinkRefused;
import com.researchassistant.account.OwnerTransfer;
import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.db.Database;
import com.researchassistant.library.JdbcCollectionStore;
import com.researchassistant.share.JdbcShareStore;
import com.researchassistant.share.Shares;

import com.researchassistant.answers.AnswerBoard;
import com.researchassistant.chat.ChatService;
import com.researchassistant.chat.Pipeline;
import com.researchassistant.chat.StatelessAssistant;
import com.researchassistant.chat.TitleAgent;
import com.researchassistant.chat.PipelineSettings;
import com.researchassistant.chat.GroundingSettings;
import com.researchassistant.chat.Knowledge;
import com.researchassistant.config.PipelineConfig;
import com.researchassistant.config.RetrievalConfig;
import com.researchassistant.config.RoutingConfig;
import com.researchassistant.embed.CachedEmbedder;
import com.researchassistant.embed.OnnxEmbedder;
import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.config.ImportConfig;
import com.researchassistant.imports.ImportSettings;
import com.researchassistant.imports.Imports;
import com.researchassistant.job.JobSettings;
import com.researchassistant.job.JobStore;
import com.researchassistant.chat.Reference;
import com.researchassistant.library.DocumentMetadata;
import com.researchassistant.library.Library;
import com.researchassistant.library.PassageReader;
import com.researchassistant.research.Research;
import com.researchassistant.research.ResearchSources;
import com.researchassistant.research.ResearchTools;
import com.researchassistant.sources.Sources;
import com.researchassistant.fetch.GuardedFetcher;
import com.researchassistant.library.LibrarySettings;
import com.researchassistant.library.OriginalsSettings;
import com.researchassistant.viewer.SourceViewer;
import com.researchassistant.retrieve.LuceneIndex;
import com.researchassistant.retrieve.LuceneSettings;
import com.researchassistant.config.AppConfig;
import com.researchassistant.llm.OpenAiLlmClient;
import com.researchassistant.llm.RoutedTaskModels;
import com.researchassistant.limit.ClusterLoad;
import com.researchassistant.limit.IdentityLimits;
import com.researchassistant.limit.InProcessLimits;
import com.researchassistant.limit.RedisLimits;
import com.researchassistant.answers.RedisAnswerBoard;
import com.researchassistant.redis.RedisClient;
import com.researchassistant.session.CachingSessionStore;
import com.researchassistant.session.SessionStorage;
import com.researchassistant.web.WebApp;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The object graph of one running server, built by hand in dependency order. */
public final class Application implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Application.class);

    /** How long an answer slot of a crashed instance stays taken; live ones are renewed. */
    private static final Duration ANSWER_LEASE = Duration.ofSeconds(60);
    /**
     * How long a dead instance's "being answered" marks block their conversations; live ones are
     * renewed every {@code RunningAnswers.POLL} (500 ms).
     */
    private static final Duration ANSWER_MARK_LEASE = Duration.ofSeconds(10);
    private static final Duration LOAD_PERIOD = Duration.ofSeconds(2);
    /** Documents of one import waiting for their indexing at once. */
    private static final int IMPORT_WINDOW = 32;
    /** An import reports progress and writes its checkpoint at most this often. */
    private static final Duration IMPORT_FLUSH = Duration.ofMillis(250);
    private static final Duration JOB_LEASE = Duration.ofSeconds(15);
    private static final Duration JOB_POLL = Duration.ofSeconds(2);
    private static final Duration JOB_RETENTION = Duration.ofDays(7);

    private final List<AutoCloseable> resources;
    private final int port;

    private Application(List<AutoCloseable> resources, int port) {
        this.resources = List.copyOf(resources);
        this.port = port;
    }

    /** Builds everything from {@code config} and starts listening. */
    public static Application start(AppConfig config) {
        Sources sources = Sources.fromConfig(config.sources(), new MonotonicClock());
        return start(config, new ResearchSources(sources.providers(), sources.library(),
                new GuardedFetcher(config.fetch(), new MonotonicClock())));
    }

    /** Builds everything, with research searching {@code sources}, and starts listening. */
    public static Application start(AppConfig config, ResearchSources sources) {
        routeJulToSlf4j();
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            Optional<RedisClient> redis = config.redis().map(r -> RedisClient.open(r, new MonotonicClock()));
            redis.ifPresent(opened::push);
            SessionStorage storage = SessionStorage.open(config.store(), redis, clock);
            opened.push(storage);
            bindCacheMetrics(registry, storage.sessions());
            Path dataDir = config.store().dataDir();
            OnnxEmbedder onnx = OnnxEmbedder.open(dataDir.resolve("models"));
            opened.push(onnx);
            CachedEmbedder embedder = new CachedEmbedder(onnx, config.retrieval().embeddingCacheEntries());
            bindEmbeddingMetrics(registry, embedder);
            LuceneIndex index = LuceneIndex.open(dataDir.resolve("index"), LuceneSettings.defaults(onnx.dimensions()));
            opened.push(index);
            Library library = Library.open(config.store(), librarySettings(config), new OriginalsSettings(
                    config.viewer().keepMaxBytes(), config.viewer().keepMaxBytesPerIdentity()), embedder, index, clock);
            opened.push(library);
            library.recover();
            SourceViewer viewer = new SourceViewer(library, config.viewer());
            opened.push(viewer);
            Gauge.builder("ra.viewer.renders", viewer, SourceViewer::renderLoad)
                    .description("PDF pages being drawn or waiting to be, for the source viewer")
                    .register(registry);
            JobStore jobStore = JobStore.open(config.store().database().orElseGet(() -> DatabaseConfig.of("jdbc:sqlite:"
                    + dataDir.toAbsolutePath().resolve("research-assistant.db"))), clock);
            opened.push(jobStore);
            Imports imports = imports(config, library, jobStore, clock, opened);
            RetrievalConfig retrieval = config.retrieval();
            Knowledge knowledge = new Knowledge(library::search, embedder, new GroundingSettings(
                    retrieval.libraryPassages(), retrieval.memoryTurns(), retrieval.minMemorySimilarity(),
                    retrieval.minSentenceSimilarity()), library::searchWithin,
                    (owner, ids) -> references(library.metadata(owner, ids)));
            WebApp.Personal personal = personal(config, storage, library, jobStore, clock, opened);
            RoutedTaskModels models = new RoutedTaskModels(new OpenAiLlmClient(config.llm(), clock), config.routing(),
                    config.llm().configured(), clock);
            FunctionCounter.builder("ra.llm.circuit.openings", models,
                            m -> m.circuitOpenings().values().stream().mapToLong(Long::longValue).sum())
                    .description("Times a model's circuit breaker opened and calls went to its fallback")
                    .register(registry);
            RoutingConfig routing = config.routing();
            PipelineConfig tuning = config.pipeline();
            Pipeline pipeline = new Pipeline(models, knowledge, new PipelineSettings(routing.classifyTimeout(),
                    routing.summarizeTimeout(), routing.safetyTimeout(), tuning.safetyGrace(), tuning.summaryChars(),
                    tuning.rulesSuffice(), tuning.citationBudget()), new MonotonicClock());
            opened.push(pipeline);
            ChatService chat = new ChatService(storage.sessions(), pipeline,
                    new TitleAgent(models, routing.summarizeTimeout(), config.pipeline().safetyGrace()),
                    config.llm().configured() ? routing.synthesize().model() : "");
            Research research = Research.start(config.research(), jobStore, storage.sessions(), new ResearchTools(models,
                    embedder, library::search, library::ingest, new PassageReader(librarySettings(config))), sources,
                    new MonotonicClock());
            opened.push(research);
            Gauge.builder("ra.research.jobs.active", research, Research::active)
                    .description("Research jobs running or queued on this instance").register(registry);
            WebApp web = new WebApp(
                    new WebApp.Settings(config.server(), config.mobile(), config.desktop(), config.admission(),
                            config.uploads(), "research-assistant", config.llm().configured()),
                    new WebApp.Backends(storage.sessions(), chat, new StatelessAssistant(pipeline, chat.model()),
                            library, limits(config, redis, clock, opened),
                            redis.<AnswerBoard>map(r -> new RedisAnswerBoard(r, ANSWER_MARK_LEASE))
                                    .orElse(AnswerBoard.LOCAL),
                            registry, clock, research, viewer, imports), personal);
            int port = web.start();
            opened.push(web);
            redis.ifPresent(r -> bindClusterMetrics(registry, opened, new ClusterLoad(r, web::running, web::queued,
                    LOAD_PERIOD, new MonotonicClock()).start()));
            storage.purger().start();
            storage.backfillSearch();
            return new Application(List.copyOf(opened), port);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /**
     * Devices, shares and collections share one more connection (pool) to the sessions' database.
     * Linking a device moves what it had into the account: its jobs first, which refuse while one is
     * queued or running, then the library, which refuses while a document is being indexed, then
     * conversations, collections and shares.
     */
    private static WebApp.Personal personal(AppConfig config, SessionStorage storage, Library library,
            JobStore jobStore, Clock clock, Deque<AutoCloseable> opened) {
        Path dataDir = config.store().dataDir().toAbsolutePath();
        Database database = Database.open(config.store().database()
                .orElseGet(() -> DatabaseConfig.of("jdbc:sqlite:" + dataDir.resolve("research-assistant.db"))),
                "personal");
        opened.push(database);
        JdbcCollectionStore collections = new JdbcCollectionStore(database, clock);
        JdbcShareStore shares = new JdbcShareStore(database);
        OwnerTransfer documents = (from, to) -> {
            if (!library.transferOwner(from, to)) {
                throw new LinkRefused(LinkRefused.Reason.BUSY, "This browser's library is still indexing documents. "
                        + "Wait until they are ready, then show a new code and try again.");
            }
        };
        OwnerTransfer jobs = (from, to) -> {
            if (!jobStore.transferOwner(from, to)) {
                throw new LinkRefused(LinkRefused.Reason.BUSY, "A research job or an import of this browser is still "
                        + "running. Wait until it has ended (or stop it), then show a new code and try again.");
            }
        };
        Accounts accounts = new Accounts(new JdbcDeviceStore(database), List.of(jobs, documents,
                storage::transferOwner, collections::transferOwner, shares::transferOwner), config.devices(), clock);
        return new WebApp.Personal(accounts, new Shares(shares, clock), collections, storage.database(),
                config.devices());
    }

    /** The library's document metadata as the chat cites it. */
    private static Map<String, Reference> references(Map<String, DocumentMetadata> metadata) {
        Map<String, Reference> references = new HashMap<>();
        metadata.forEach((id, m) -> references.put(id, new Reference(m.authors(),
                m.year().orElse(0), m.venue().orElse(""), m.doi().orElse(""), m.url().orElse(""))));
        return references;
    }

    /** Bulk imports, as jobs in the database the sessions use; they stop before the library closes. */
    private static Imports imports(AppConfig config, Library library, JobStore jobs, Clock clock,
            Deque<AutoCloseable> opened) {
        ImportConfig c = config.imports();
        Imports imports = Imports.start(jobs, library, new ImportSettings(c.dir(), c.maxBytes(), c.maxEntries(),
                        config.server().maxUploadBytes(), c.maxUncompressedBytes(), c.maxRatio(), c.maxMetadataBytes(),
                        IMPORT_WINDOW, IMPORT_FLUSH),
                new JobSettings(c.workers(), c.queue(), c.perIdentity(), JOB_LEASE, JOB_POLL, JOB_RETENTION), clock);
        opened.push(imports);
        return imports;
    }

    private static IdentityLimits limits(AppConfig config, Optional<RedisClient> redis, Clock clock,
            Deque<AutoCloseable> opened) {
        if (redis.isEmpty()) {
            return new InProcessLimits(config.limits(), clock);
        }
        RedisLimits limits = new RedisLimits(redis.get(), config.limits(), clock, ANSWER_LEASE).start();
        opened.push(limits);
        return limits;
    }

    private static void bindClusterMetrics(PrometheusMeterRegistry registry, Deque<AutoCloseable> opened,
            ClusterLoad load) {
        opened.push(load);
        Gauge.builder("ra.cluster.instances", load, l -> l.totals().instances())
                .description("Instances sharing this Redis that reported their load lately (-1: Redis unreachable)")
                .register(registry);
        Gauge.builder("ra.cluster.admission.running", load, l -> l.totals().running())
                .description("Chat pipelines running across all instances (-1: Redis unreachable)")
                .register(registry);
        Gauge.builder("ra.cluster.admission.queue.depth", load, l -> l.totals().queued())
                .description("Chat requests waiting for a worker across all instances (-1: Redis unreachable)")
                .register(registry);
    }

    private static LibrarySettings librarySettings(AppConfig config) {
        LibrarySettings d = LibrarySettings.defaults();
        return new LibrarySettings(config.server().maxUploadBytes(), d.maxTextChars(), d.chunkChars(),
                d.chunkOverlapChars(), d.embedBatchSize(), d.indexingThreads(), d.indexingQueue(), d.readyWait(),
                d.maxSearchResults());
    }

    private static void bindEmbeddingMetrics(PrometheusMeterRegistry registry, CachedEmbedder cache) {
        FunctionCounter.builder("ra.embedding.cache.hits", cache, c -> c.counters().hits())
                .description("Embeddings served from the cache")
                .register(registry);
        FunctionCounter.builder("ra.embedding.cache.misses", cache, c -> c.counters().misses())
                .description("Embeddings computed by the model")
                .register(registry);
        Gauge.builder("ra.embedding.cache.hit.ratio", cache, c -> c.counters().hitRate())
                .description("Share of embeddings served from the cache since start")
                .register(registry);
    }

    /** Helidon logs through java.util.logging; send it to the same place as everything else. */
    private static synchronized void routeJulToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    private static void bindCacheMetrics(PrometheusMeterRegistry registry, CachingSessionStore cache) {
        FunctionCounter.builder("ra.session.cache.hits", cache, c -> c.stats().hits())
                .description("Session reads served from the hot cache")
                .register(registry);
        FunctionCounter.builder("ra.session.cache.misses", cache, c -> c.stats().misses())
                .description("Session reads that went to the durable store")
                .register(registry);
        FunctionCounter.builder("ra.session.cache.evictions", cache, c -> c.stats().evictions())
                .description("Sessions dropped from the hot cache by size or idle time")
                .register(registry);
        Gauge.builder("ra.session.cache.size", cache, c -> c.stats().size())
                .description("Sessions in the hot cache")
                .register(registry);
        Gauge.builder("ra.session.cache.hit.ratio", cache, c -> c.stats().hitRate())
                .description("Share of session reads served from the hot cache since start")
                .register(registry);
    }

    public int port() {
        return port;
    }

    /** Stops the server, then closes what it used, newest first. */
    @Override
    public void close() {
        closeAll(new ArrayDeque<>(resources));
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        while (!opened.isEmpty()) {
            AutoCloseable resource = opened.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
