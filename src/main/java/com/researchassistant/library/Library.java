package com.researchassistant.library;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.config.StoreConfig;
import com.researchassistant.embed.Embedder;
import com.researchassistant.retrieve.Passage;
import com.researchassistant.retrieve.ScoredPassage;
import com.researchassistant.retrieve.ReplicaIndex;
import com.researchassistant.db.Identifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's research library: upload, list, delete and search documents. Thread-safe.
 *
 * <p>An upload is parsed and chunked on the caller's thread, so a bad one fails at once with a
 * {@link DocumentRejected} and leaves nothing behind. It is then recorded as indexing and embedded
 * in the background; {@link #ingest} waits up to {@link LibrarySettings#readyWait()} so small
 * documents come back ready, and {@link #find} shows the progress of larger ones. Searches never
 * see a document that is not ready.
 *
 * <p>After a crash, {@link #recover()} marks documents left indexing as failed (and removes their
 * passages) rather than indexing them again: the uploaded bytes are not kept, so the person
 * uploads the file again, and sees why in the document's {@code failure}.
 *
 * <p><b>Several instances.</b> Instances sharing a database share the library: the passages and
 * their vectors are stored in the database and each instance's index is a replica of them, fed
 * from a change log ({@link IndexReplica}). A document indexing on an instance is claimed by it
 * for a lease it keeps renewing; when an instance dies, another fails its unfinished documents
 * once their lease has run out ({@link Upkeep}). See {@code docs/scaling.md}.
 */
public final class Library implements AutoCloseable {

    static final String SQLITE_FILE = "research-assistant.db";

    private static final Logger log = LoggerFactory.getLogger(Library.class);

    /** How long after a search background re-embedding still leaves the CPU to interactive work. */
    private static final long INTERACTIVE_MILLIS = 1_000;

    private final JdbcDocumentStore store;
    private final DocumentParser parser;
    private final Chunker chunker;
    private final LiveSpace live;
    private final Indexer indexer;
    private final IndexReplica replica;
    private final Upkeep upkeep;
    private final Optional<Reembedding> reembedding;
    private final LibrarySettings settings;
    private final Reranker reranker;
    private final Clock clock;
    private final ReentrantLock samplesLock = new ReentrantLock();
    private volatile long lastSearchMillis = Long.MIN_VALUE / 2;

    private Library(JdbcDocumentStore store, Spaces spaces, LibrarySettings settings, SharingSettings sharing,
            Reranker reranker, Clock clock) {
        this.store = store;
        this.reranker = Objects.requireNonNull(reranker, "reranker");
        this.live = new LiveSpace(spaces.live());
        this.settings = settings;
        this.clock = clock;
        this.parser = new DocumentParser(settings.maxUploadBytes(), settings.maxTextChars());
        this.chunker = new Chunker(settings.chunkChars(), settings.chunkOverlapChars());
        this.replica = new IndexReplica(store, live::current, store.instance(), IndexReplica.Rebuild.AT_ONCE,
                sharing.pollBatch());
        this.indexer = new Indexer(store, live, replica::appliedHere, settings.embedBatchSize(),
                settings.indexingThreads(), settings.indexingQueue(), clock);
        this.reembedding = spaces.target().map(target -> new Reembedding(
                new IndexReplica(store, () -> target, reembeddingReplica(store), IndexReplica.Rebuild.PER_DOCUMENT,
                        sharing.pollBatch()),
                target, live, replica, this::busy, spaces.handover(), clock));
        this.upkeep = new Upkeep(store, indexer, replica, reembedding, sharing);
    }

    /** The name the index being re-embedded into reports its position in the change log under. */
    private static String reembeddingReplica(JdbcDocumentStore store) {
        return store.instance() + "/re-embedding";
    }

    /**
     * Opens the library on the database the sessions use ({@code RA_DATABASE_URL}, or the SQLite
     * file in the data directory), as the instance whose id is kept in the data directory. Call
     * {@link #recover()} once before serving requests.
     */
    public static Library open(
            StoreConfig store, LibrarySettings settings, Embedder embedder, ReplicaIndex index, Clock clock) {
        return open(store, settings, Spaces.of(Space.of(DEFAULT_EMBEDDING, embedder, index)), Reranker.NONE, clock);
    }

    /**
     * As above, starting in {@code spaces.live()} and re-embedding into {@code spaces.target()} if
     * present, with {@code reranker} as the last stage of every search.
     */
    public static Library open(StoreConfig store, LibrarySettings settings, Spaces spaces, Reranker reranker,
            Clock clock) {
        Objects.requireNonNull(store, "store");
        DatabaseConfig database = store.database().orElseGet(() -> DatabaseConfig.of(sqliteUrl(store.dataDir())));
        return open(database, settings, SharingSettings.defaults(), InstanceId.of(store.dataDir()), spaces, reranker,
                clock);
    }

    /** The embedding of the default model with this library's recipe. */
    static final String DEFAULT_EMBEDDING = Space.embeddingOf(SharedPassages.LEGACY_EMBEDDING);

    /** On one database URL, as a new instance with default sharing settings. */
    static Library open(String jdbcUrl, LibrarySettings settings, Embedder embedder, ReplicaIndex index, Clock clock) {
        return open(DatabaseConfig.of(jdbcUrl), settings, SharingSettings.defaults(), Identifiers.newId(), embedder,
                index, clock);
    }

    static Library open(DatabaseConfig database, LibrarySettings settings, SharingSettings sharing, String instance,
            Embedder embedder, ReplicaIndex index, Clock clock) {
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(index, "index");
        return open(database, settings, sharing, instance, Spaces.of(Space.of(DEFAULT_EMBEDDING, embedder, index)),
                Reranker.NONE, clock);
    }

    /** Opens and starts the background rounds. */
    static Library open(DatabaseConfig database, LibrarySettings settings, SharingSettings sharing, String instance,
            Spaces spaces, Reranker reranker, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sharing, "sharing");
        Objects.requireNonNull(spaces, "spaces");
        JdbcDocumentStore store = JdbcDocumentStore.open(database, clock, instance, sharing.lease());
        Library library = new Library(store, spaces, settings, sharing, reranker, clock);
        library.upkeep.start();
        return library;
    }

    private static String sqliteUrl(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LibraryException("cannot create the data directory " + dir + ": " + e, e);
        }
        return "jdbc:sqlite:" + dir.resolve(SQLITE_FILE);
    }

    /**
     * Takes a document into the owner's library.
     *
     * @return the document, ready if indexing finished within the wait, else indexing (or failed)
     * @throws DocumentRejected when the upload cannot be read; nothing is stored then
     */
    public Document ingest(String owner, Upload upload) {
        JdbcDocumentStore.requireOwner(owner);
        Objects.requireNonNull(upload, "upload");
        return ingest(owner, upload, parser.parse(upload));
    }

    private Document ingest(String owner, Upload upload, ParsedDocument parsed) {
        List<Chunk> chunks = chunker.chunk(parsed.sections());
        Document recorded = store.insert(owner, SharedPassages.withoutNul(parsed.title()),
                parsed.format().mediaType(), upload.content().size(), chunks.size());
        log.info("Library document {} recorded: {} chunks from {} bytes of {}", recorded.id(), chunks.size(),
                upload.content().size(), parsed.format().mediaType());
        List<Passage> passages = chunks.stream()
                .map(c -> new Passage(SharedPassages.passageId(recorded.id(), c.ordinal()), owner, recorded.id(),
                        recorded.title(), c.ordinal(), SharedPassages.withoutNul(c.location()),
                        SharedPassages.withoutNul(c.text())))
                .toList();
        Future<?> indexing;
        try {
            indexing = indexer.submit(owner, recorded.id(), passages);
        } catch (RuntimeException e) {
            store.delete(owner, recorded.id());
            throw e;
        }
        awaitBriefly(indexing);
        return store.find(owner, recorded.id()).orElse(recorded);
    }

    private void awaitBriefly(Future<?> indexing) {
        try {
            indexing.get(settings.readyWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.debug("Indexing continues in the background");
        } catch (ExecutionException e) {
            throw new LibraryException("indexing job failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The owner's documents, newest first, with their status and progress. */
    public List<Document> list(String owner) {
        return store.list(owner);
    }

    /** One of the owner's documents; empty for an unknown id or another owner's document. */
    public Optional<Document> find(String owner, String documentId) {
        return store.find(owner, documentId);
    }

    /**
     * Removes the document and its passages, here at once and on other instances with their next
     * round; false if the owner has no such document.
     */
    public boolean delete(String owner, String documentId) {
        if (store.find(owner, documentId).isEmpty()) {
            return false;
        }
        indexer.cancel(documentId);
        boolean deleted = store.delete(owner, documentId);
        replica.deleteHere(owner, documentId);
        return deleted;
    }

    /** The best {@code k} passages of the owner's ready documents for the query, best first. */
    public List<ScoredPassage> search(String owner, String query, int k) {
        JdbcDocumentStore.requireOwner(owner);
        Objects.requireNonNull(query, "query");
        if (query.isBlank()) {
            throw new IllegalArgumentException("query must not be blank");
        }
        if (k < 1 || k > settings.maxSearchResults()) {
            throw new IllegalArgumentException("k must be between 1 and " + settings.maxSearchResults() + ": " + k);
        }
        lastSearchMillis = clock.millis();
        replica.catchUpBeforeSearch();
        Space space = live.current();
        if (!space.index().holds(owner)) {
            return List.of(); // nothing to find: no need to embed the query
        }
        float[] vector = space.embedder().embed(space.queryText().apply(query));
        // ask for enough extra results to still have k once passages of unfinished documents are dropped
        int unfinished = indexer.inFlightPassages(owner);
        int wanted = Math.max(k, reranker.depth());
        List<ScoredPassage> found = space.index().search(owner, query, vector, wanted + unfinished);
        Set<String> hidden = indexer.inFlightDocuments(owner);
        List<ScoredPassage> ranked = found.stream()
                .filter(scored -> !hidden.contains(scored.passage().documentId()))
                .limit(wanted)
                .toList();
        return reranker.rerank(query, ranked).stream().limit(k).toList();
    }

    /**
     * Cleans up after a crash and catches up with the shared library: every document that this
     * instance left indexing, or whose indexing instance stopped renewing its claim, and that is
     * not being indexed here has its passages removed and is marked failed; then the index applies
     * the changes it missed (a new or wiped index is rebuilt from the database). Call once at
     * start-up, before serving.
     *
     * @return how many documents were marked failed
     */
    public int recover() {
        int recovered = upkeep.recoverAtStart();
        if (reembedding.isPresent()) {
            reembedding.get().start();
        } else {
            store.forgetReplica(reembeddingReplica(store)); // a re-embedding abandoned by configuration
        }
        if (recovered > 0) {
            log.warn("Marked {} library documents failed: their indexing was interrupted by a restart", recovered);
        }
        return recovered;
    }

    /**
     * Loads the sample library into the owner's library, skipping samples whose title the owner
     * already has (unless that copy failed). Safe to call again.
     *
     * @return the documents loaded now
     */
    public List<Document> loadSamples(String owner) {
        JdbcDocumentStore.requireOwner(owner);
        samplesLock.lock();
        try {
            Set<String> present = store.list(owner).stream()
                    .filter(document -> document.status() != DocumentStatus.FAILED)
                    .map(Document::title)
                    .collect(Collectors.toSet());
            List<Document> loaded = new ArrayList<>();
            for (Upload sample : Samples.read()) {
                ParsedDocument parsed = parser.parse(sample);
                if (present.add(parsed.title())) {
                    loaded.add(ingest(owner, sample, parsed));
                }
            }
            return List.copyOf(loaded);
        } finally {
            samplesLock.unlock();
        }
    }

    /** The embedding searches use now; it changes once a background re-embedding completes. */
    public String embedding() {
        return live.current().embedding();
    }

    /** Whether interactive work is going on, which background re-embedding leaves the CPU to. */
    private boolean busy() {
        return clock.millis() - lastSearchMillis < INTERACTIVE_MILLIS || !indexer.inFlightDocuments().isEmpty();
    }

    /** Stops background work, then closes the database. Does not close the embedders or the indexes. */
    @Override
    public void close() {
        reembedding.ifPresent(Reembedding::close);
        upkeep.close();
        indexer.close();
        store.close();
    }
}
