package com.researchassistant;

import com.researchassistant.account.Accounts;
import com.researchassistant.account.JdbcDeviceStore;
import com.researchassistant.account.LinkRefused;
import com.researchassistant.account.OwnerTransfer;
import com.researchassistant.answers.AnswerBoard;
import com.researchassistant.answers.RedisAnswerBoard;
import com.researchassistant.chat.ChatService;
import com.researchassistant.chat.GroundingSettings;
import com.researchassistant.chat.Knowledge;
import com.researchassistant.chat.Pipeline;
import com.researchassistant.chat.PipelineSettings;
import com.researchassistant.chat.Reference;
import com.researchassistant.chat.StatelessAssistant;
import com.researchassistant.chat.TitleAgent;
import com.researchassistant.config.AppConfig;
import com.researchassistant.config.ImportConfig;
import com.researchassistant.config.LeaseConfig;
import com.researchassistant.config.PipelineConfig;
import com.researchassistant.config.RetrievalConfig;
import com.researchassistant.config.RoutingConfig;
import com.researchassistant.config.SearchConfig;
import com.researchassistant.db.Database;
import com.researchassistant.embed.EmbeddingModel;
import com.researchassistant.fetch.GuardedFetcher;
import com.researchassistant.imports.ImportSettings;
import com.researchassistant.imports.Imports;
import com.researchassistant.job.JobSettings;
import com.researchassistant.job.JobStore;
import com.researchassistant.library.DocumentMetadata;
import com.researchassistant.library.JdbcCollectionStore;
import com.researchassistant.library.Library;
import com.researchassistant.library.LibrarySettings;
import com.researchassistant.library.LibrarySpaces;
import com.researchassistant.library.LlmReranker;
import com.researchassistant.library.OriginalsSettings;
import com.researchassistant.library.PassageReader;
import com.researchassistant.library.Reranker;
import com.researchassistant.limit.ClusterLoad;
import com.researchassistant.limit.IdentityLimits;
import com.researchassistant.limit.InProcessLimits;
import com.researchassistant.limit.RedisLimits;
import com.researchassistant.llm.OpenAiLlmClient;
import com.researchassistant.llm.RoutedTaskModels;
import com.researchassistant.redis.RedisClient;
import com.researchassistant.research.Research;
import com.researchassistant.research.ResearchSources;
import com.researchassistant.research.ResearchTools;
import com.researchassistant.retrieve.Ranking;
import com.researchassistant.retrieve.RelevanceFeedback;
import com.researchassistant.retrieve.SearchSettings;
import com.researchassistant.session.SessionStorage;
import com.researchassistant.share.JdbcShareStore;
import com.researchassistant.share.Shares;
import com.researchassistant.sources.Sources;
import com.researchassistant.viewer.SourceViewer;
import com.researchassistant.web.WebApp;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * One start of the {@link Application}: its parts built in dependency order. Everything opened is
 * pushed on a stack, so that a start that fails half-way, and the application's close, close them
 * newest first.
 */
final class Wiring {

    /** Documents of one import waiting for their indexing at once. */
    private static final int IMPORT_WINDOW = 32;
    /** An import reports progress and writes its checkpoint at most this often. */
    private static final Duration IMPORT_FLUSH = Duration.ofMillis(250);

    private final AppConfig config;
    private final Clock wall;
    private final Clock elapsed;
    private final Application.Overrides overrides;
    private final Deque<AutoCloseable> opened;
    private final AppMetrics metrics = new AppMetrics();

    Wiring(AppConfig config, Application.Overrides overrides, Deque<AutoCloseable> opened) {
        this.config = config;
        this.wall = overrides.wall();
        this.elapsed = overrides.elapsed();
        this.overrides = overrides;
        this.opened = opened;
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.push(resource);
        return resource;
    }

    int start() {
        Optional<RedisClient> redis = config.redis().map(r -> open(RedisClient.open(r, elapsed)));
        SessionStorage storage = open(SessionStorage.open(config.store(), redis, wall));
        metrics.sessionCache(storage.sessions());
        OpenAiLlmClient llm = new OpenAiLlmClient(config.llm(), elapsed);
        LibrarySpaces spaces = open(LibrarySpaces.open(
                config.store().dataDir(),
                EmbeddingModel.of(config.search().embeddingModel()),
                searchSettings(config.search()),
                config.retrieval().embeddingCacheEntries()));
        metrics.embeddingCache(spaces.embedder());
        Library library = open(Library.open(
                config.store(),
                librarySettings(config),
                new OriginalsSettings(
                        config.viewer().keepMaxBytes(), config.viewer().keepMaxBytesPerIdentity()),
                spaces.spaces(),
                reranker(llm),
                wall));
        library.recover();
        SourceViewer viewer = open(new SourceViewer(library, config.viewer()));
        metrics.viewer(viewer);
        JobStore jobs = open(JobStore.open(config.store().databaseOrEmbedded(), wall));
        Imports imports = imports(library, jobs);
        RoutedTaskModels models =
                new RoutedTaskModels(llm, config.routing(), config.llm().configured(), elapsed);
        metrics.models(models);
        Pipeline pipeline = open(pipeline(models, knowledge(library, spaces)));
        ChatService chat = new ChatService(
                storage.sessions(),
                pipeline,
                new TitleAgent(
                        models,
                        config.routing().summarizeTimeout(),
                        config.pipeline().safetyGrace()),
                config.llm().configured() ? config.routing().synthesize().model() : "");
        Research research = open(Research.start(
                config.research(),
                jobs,
                storage.sessions(),
                new ResearchTools(
                        models,
                        spaces.embedder(),
                        library::search,
                        library::ingest,
                        new PassageReader(librarySettings(config))),
                researchSources(),
                elapsed));
        metrics.research(research);
        WebApp web = new WebApp(
                new WebApp.Settings(
                        config.server(),
                        config.mobile(),
                        config.desktop(),
                        config.admission(),
                        config.uploads(),
                        "research-assistant",
                        config.llm().configured()),
                new WebApp.Backends(
                        storage.sessions(),
                        chat,
                        new StatelessAssistant(pipeline, chat.model()),
                        library,
                        limits(redis),
                        answerBoard(redis),
                        metrics.registry(),
                        elapsed,
                        research,
                        viewer,
                        imports),
                personal(storage, library, jobs));
        int port = web.start();
        open(web);
        redis.ifPresent(r -> metrics.cluster(open(
                new ClusterLoad(r, web::running, web::queued, config.leases().loadPeriod(), elapsed).start())));
        storage.purger().start();
        storage.backfillSearch();
        return port;
    }

    private ResearchSources researchSources() {
        return overrides.researchSources().orElseGet(() -> {
            Sources sources = Sources.fromConfig(config.sources(), elapsed);
            return new ResearchSources(
                    sources.providers(), sources.library(), new GuardedFetcher(config.fetch(), elapsed));
        });
    }

    private Knowledge knowledge(Library library, LibrarySpaces spaces) {
        RetrievalConfig retrieval = config.retrieval();
        return new Knowledge(
                library::search,
                spaces.embedder(),
                new GroundingSettings(
                        retrieval.libraryPassages(),
                        retrieval.memoryTurns(),
                        retrieval.minMemorySimilarity(),
                        retrieval.minSentenceSimilarity()),
                library::searchWithin,
                (owner, ids) -> references(library.metadata(owner, ids)));
    }

    private Pipeline pipeline(RoutedTaskModels models, Knowledge knowledge) {
        RoutingConfig routing = config.routing();
        PipelineConfig tuning = config.pipeline();
        return new Pipeline(
                models,
                knowledge,
                new PipelineSettings(
                        routing.classifyTimeout(),
                        routing.summarizeTimeout(),
                        routing.safetyTimeout(),
                        tuning.safetyGrace(),
                        tuning.summaryChars(),
                        tuning.rulesSuffice(),
                        tuning.citationBudget()),
                elapsed);
    }

    /** Bulk imports, as jobs in the database the sessions use; they stop before the library closes. */
    private Imports imports(Library library, JobStore jobs) {
        ImportConfig c = config.imports();
        LeaseConfig leases = config.leases();
        return open(Imports.start(
                jobs,
                library,
                new ImportSettings(
                        c.dir(),
                        c.maxBytes(),
                        c.maxEntries(),
                        config.server().maxUploadBytes(),
                        c.maxUncompressedBytes(),
                        c.maxRatio(),
                        c.maxMetadataBytes(),
                        IMPORT_WINDOW,
                        IMPORT_FLUSH),
                new JobSettings(
                        c.workers(),
                        c.queue(),
                        c.perIdentity(),
                        leases.importLease(),
                        leases.importPoll(),
                        leases.importRetention()),
                wall));
    }

    /**
     * Devices, shares and collections share one more connection (pool) to the sessions'
     * database. Linking a device moves what it had into the account: its jobs first, which
     * refuse while one is queued or running, then the library, which refuses while a document
     * is being indexed, then conversations, collections and shares.
     */
    private WebApp.Personal personal(SessionStorage storage, Library library, JobStore jobStore) {
        Database database = open(Database.open(config.store().databaseOrEmbedded(), "personal"));
        JdbcCollectionStore collections = new JdbcCollectionStore(database, wall);
        JdbcShareStore shares = new JdbcShareStore(database);
        OwnerTransfer jobs = refusing(
                jobStore::transferOwner,
                "A research job or an import of this browser is "
                        + "still running. Wait until it has ended (or stop it), then show a new code and try again.");
        OwnerTransfer documents = refusing(
                library::transferOwner,
                "This browser's library is still indexing "
                        + "documents. Wait until they are ready, then show a new code and try again.");
        Accounts accounts = new Accounts(
                new JdbcDeviceStore(database),
                List.of(jobs, documents, storage::transferOwner, collections::transferOwner, shares::transferOwner),
                config.devices(),
                wall);
        return new WebApp.Personal(
                accounts, new Shares(shares, wall), collections, storage.database(), config.devices());
    }

    private IdentityLimits limits(Optional<RedisClient> redis) {
        if (redis.isEmpty()) {
            return new InProcessLimits(config.limits(), wall);
        }
        return open(new RedisLimits(
                        redis.get(), config.limits(), wall, config.leases().answerSlot())
                .start());
    }

    private AnswerBoard answerBoard(Optional<RedisClient> redis) {
        return redis.<AnswerBoard>map(
                        r -> new RedisAnswerBoard(r, config.leases().answerMark()))
                .orElse(AnswerBoard.LOCAL);
    }

    /** The chat model reranking search results when one is named and a model server is configured. */
    private Reranker reranker(OpenAiLlmClient llm) {
        SearchConfig search = config.search();
        if (search.rerankModel().isEmpty() || !config.llm().configured()) {
            return Reranker.NONE;
        }
        return new LlmReranker(llm, search.rerankModel().get(), search.rerankCandidates(), search.rerankBudget());
    }

    /** A move of an owner's things that answers false when it cannot happen now, refused as busy. */
    private static OwnerTransfer refusing(BiPredicate<String, String> transfer, String whyBusy) {
        return (from, to) -> {
            if (!transfer.test(from, to)) {
                throw new LinkRefused(LinkRefused.Reason.BUSY, whyBusy);
            }
        };
    }

    /** The library's document metadata as the chat cites it. */
    private static Map<String, Reference> references(Map<String, DocumentMetadata> metadata) {
        Map<String, Reference> references = new HashMap<>();
        metadata.forEach((id, m) -> references.put(
                id,
                new Reference(
                        m.authors(),
                        m.year().orElse(0),
                        m.venue().orElse(""),
                        m.doi().orElse(""),
                        m.url().orElse(""))));
        return references;
    }

    private static SearchSettings searchSettings(SearchConfig search) {
        Ranking ranking = search.fusion().equals("rrf") ? Ranking.RECIPROCAL_RANK : Ranking.NORMALISED_SCORES;
        return new SearchSettings(
                ranking,
                search.vectorWeight(),
                (float) search.titleBoost(),
                search.feedback().equals("rm3") ? RelevanceFeedback.RM3 : RelevanceFeedback.NONE);
    }

    private static LibrarySettings librarySettings(AppConfig config) {
        LibrarySettings d = LibrarySettings.defaults();
        return new LibrarySettings(
                config.server().maxUploadBytes(),
                d.maxTextChars(),
                d.chunkChars(),
                d.chunkOverlapChars(),
                d.embedBatchSize(),
                d.indexingThreads(),
                d.indexingQueue(),
                d.readyWait(),
                d.maxSearchResults());
    }
}
