package com.researchassistant.library;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.config.StoreConfig;
import com.researchassistant.db.Identifiers;
import com.researchassistant.embed.Embedder;
import com.researchassistant.retrieve.Passage;
import com.researchassistant.retrieve.ReplicaIndex;
import com.researchassistant.retrieve.ScoredPassage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 * passages) rather than indexing them again, so the person uploads the file again, and sees why in
 * the document's {@code failure}. (The uploaded bytes are kept for the source viewer within
 * {@link OriginalsSettings}, see {@link Originals}; indexing does not read them back.)
 *
 * <p><b>Several instances.</b> Instances sharing a database share the library: the passages and
 * their vectors are stored in the database and each instance's index is a replica of them, fed
 * from a change log ({@link IndexReplica}). A document indexing on an instance is claimed by it
 * for a lease it keeps renewing; when an instance dies, another fails its unfinished documents
 * once their lease has run out ({@link Upkeep}). See {@code docs/scaling.md}.
 */
public final class Library implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Library.class);

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
    private final Originals originals;
    private final Foreground foreground;
    private final ReentrantLock samplesLock = new ReentrantLock();
    private final ReentrantLock intakeLock = new ReentrantLock();

    private Library(
            JdbcDocumentStore store,
            Spaces spaces,
            LibrarySettings settings,
            SharingSettings sharing,
            OriginalsSettings kept,
            Reranker reranker,
            Clock clock) {
        this.store = store;
        this.reranker = Objects.requireNonNull(reranker, "reranker");
        this.live = new LiveSpace(spaces.live());
        this.settings = settings;
        this.foreground = new Foreground(clock);
        this.parser = new DocumentParser(settings.maxUploadBytes(), settings.maxTextChars());
        this.chunker = new Chunker(settings.chunkChars(), settings.chunkOverlapChars());
        this.replica = new IndexReplica(
                store, live::current, store.instance(), IndexReplica.Rebuild.AT_ONCE, sharing.pollBatch());
        this.indexer = new Indexer(
                store,
                live,
                replica::appliedHere,
                foreground,
                settings.embedBatchSize(),
                settings.indexingThreads(),
                settings.indexingQueue(),
                clock);
        this.reembedding = spaces.target()
                .map(target -> new Reembedding(
                        new IndexReplica(
                                store,
                                () -> target,
                                reembeddingReplica(store),
                                IndexReplica.Rebuild.PER_DOCUMENT,
                                sharing.pollBatch()),
                        target,
                        live,
                        replica,
                        this::busy,
                        spaces.handover(),
                        clock));
        this.upkeep = new Upkeep(store, indexer, replica, reembedding, sharing);
        this.originals = new Originals(store, parser, kept, clock);
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
        return open(store, settings, OriginalsSettings.defaults(), embedder, index, clock);
    }

    /** As {@link #open(StoreConfig, LibrarySettings, Embedder, ReplicaIndex, Clock)}, keeping originals within {@code kept}. */
    public static Library open(
            StoreConfig store,
            LibrarySettings settings,
            OriginalsSettings kept,
            Embedder embedder,
            ReplicaIndex index,
            Clock clock) {
        return open(
                store, settings, kept, Spaces.of(Space.of(DEFAULT_EMBEDDING, embedder, index)), Reranker.NONE, clock);
    }

    /**
     * As above, starting in {@code spaces.live()} and re-embedding into {@code spaces.target()} if
     * present, with {@code reranker} as the last stage of every search, keeping originals as by default.
     */
    public static Library open(
            StoreConfig store, LibrarySettings settings, Spaces spaces, Reranker reranker, Clock clock) {
        return open(store, settings, OriginalsSettings.defaults(), spaces, reranker, clock);
    }

    /** As above, keeping originals within {@code kept}. */
    public static Library open(
            StoreConfig store,
            LibrarySettings settings,
            OriginalsSettings kept,
            Spaces spaces,
            Reranker reranker,
            Clock clock) {
        Objects.requireNonNull(store, "store");
        if (store.database().isEmpty()) {
            prepareDataDir(store.dataDir());
        }
        DatabaseConfig database = store.databaseOrEmbedded();
        return open(
                database,
                settings,
                SharingSettings.defaults(),
                kept,
                InstanceId.of(store.dataDir()),
                spaces,
                reranker,
                clock);
    }

    /** The embedding of the default model with this library's recipe. */
    static final String DEFAULT_EMBEDDING = Space.embeddingOf(SharedPassages.LEGACY_EMBEDDING);

    /** On one database URL, as a new instance with default sharing settings. */
    static Library open(String jdbcUrl, LibrarySettings settings, Embedder embedder, ReplicaIndex index, Clock clock) {
        return open(
                DatabaseConfig.of(jdbcUrl),
                settings,
                SharingSettings.defaults(),
                Identifiers.newId(),
                embedder,
                index,
                clock);
    }

    /** Opens and starts the background rounds, keeping originals as by default. */
    static Library open(
            DatabaseConfig database,
            LibrarySettings settings,
            SharingSettings sharing,
            String instance,
            Embedder embedder,
            ReplicaIndex index,
            Clock clock) {
        return open(database, settings, sharing, OriginalsSettings.defaults(), instance, embedder, index, clock);
    }

    /** Opens and starts the background rounds in one space. */
    static Library open(
            DatabaseConfig database,
            LibrarySettings settings,
            SharingSettings sharing,
            OriginalsSettings kept,
            String instance,
            Embedder embedder,
            ReplicaIndex index,
            Clock clock) {
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(index, "index");
        return open(
                database,
                settings,
                sharing,
                kept,
                instance,
                Spaces.of(Space.of(DEFAULT_EMBEDDING, embedder, index)),
                Reranker.NONE,
                clock);
    }

    /** Opens and starts the background rounds, keeping originals as by default. */
    static Library open(
            DatabaseConfig database,
            LibrarySettings settings,
            SharingSettings sharing,
            String instance,
            Spaces spaces,
            Reranker reranker,
            Clock clock) {
        return open(database, settings, sharing, OriginalsSettings.defaults(), instance, spaces, reranker, clock);
    }

    /** Opens and starts the background rounds. */
    static Library open(
            DatabaseConfig database,
            LibrarySettings settings,
            SharingSettings sharing,
            OriginalsSettings kept,
            String instance,
            Spaces spaces,
            Reranker reranker,
            Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sharing, "sharing");
        Objects.requireNonNull(spaces, "spaces");
        JdbcDocumentStore store = JdbcDocumentStore.open(database, clock, instance, sharing.lease());
        Library library = new Library(store, spaces, settings, sharing, kept, reranker, clock);
        library.upkeep.start();
        return library;
    }

    /** The embedded database's directory exists. */
    private static void prepareDataDir(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LibraryException("cannot create the data directory " + dir + ": " + e, e);
        }
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

    /**
     * Interactive work that background indexing gives way to. Library searches mark themselves; a
     * caller marks other interactive work (an answer being prepared) with {@link Foreground#begin}.
     */
    public Foreground foreground() {
        return foreground;
    }

    /**
     * Takes a document into the owner's library without waiting for its indexing: documents queued
     * one after another are embedded and written together. Waits while the indexing queue is full,
     * so a caller goes no faster than indexing and holds little text.
     *
     * @return the document, usually still indexing; {@link #find} shows its progress
     * @throws DocumentRejected when the upload cannot be read; nothing is stored then
     */
    public Document enqueue(String owner, Upload upload) {
        JdbcDocumentStore.requireOwner(owner);
        Objects.requireNonNull(upload, "upload");
        return record(owner, upload, parser.parse(upload)).document();
    }

    private Document ingest(String owner, Upload upload, ParsedDocument parsed) {
        Recorded recorded = record(owner, upload, parsed);
        awaitBriefly(recorded.indexing());
        return store.find(owner, recorded.document().id()).orElse(recorded.document());
    }

    /** A document recorded as indexing, and its indexing job. */
    private record Recorded(Document document, Future<?> indexing) {}

    private Recorded record(String owner, Upload upload, ParsedDocument parsed) {
        List<Chunk> chunks = chunker.chunk(parsed.sections());
        Document recorded = store.insert(
                owner,
                new JdbcDocumentStore.NewDocument(
                        SharedPassages.withoutNul(parsed.title()),
                        parsed.format().mediaType(),
                        upload.content().size(),
                        chunks.size(),
                        DocumentMetadata.NONE,
                        Optional.of(ContentHash.of(parsed.sections())),
                        Optional.empty()));
        keepOriginal(owner, recorded.id(), upload, parsed, chunks);
        return new Recorded(recorded, submit(owner, recorded, chunks));
    }

    /**
     * An upload read for an import: parsed, with the hash of its text. Reading is the slow part of
     * taking a document in and may run on several threads; {@link #take} then decides, one
     * document at a time and in the import's order, whether it is new.
     */
    public static final class Read {
        private final Upload upload;
        private final ParsedDocument parsed;
        private final String hash;

        private Read(Upload upload, ParsedDocument parsed, String hash) {
            this.upload = upload;
            this.parsed = parsed;
            this.hash = hash;
        }
    }

    /**
     * Reads an upload of an import.
     *
     * @throws DocumentRejected when the upload cannot be read
     */
    public Read read(Upload upload) {
        Objects.requireNonNull(upload, "upload");
        ParsedDocument parsed = parser.parse(upload);
        return new Read(upload, parsed, ContentHash.of(parsed.sections()));
    }

    /**
     * Takes one document of an import in, unless the owner has its text (or its DOI) already; its
     * indexing starts with {@link #index}. {@code origin} names the import entry ("job:entry"): a
     * copy with the same origin is this entry's own, from a run of the import that a restart cut
     * short, and a failed one (its indexing was interrupted) is replaced.
     */
    public Intake take(String owner, Read read, DocumentMetadata metadata, String origin) {
        JdbcDocumentStore.requireOwner(owner);
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(origin, "origin");
        intakeLock.lock(); // one check-then-insert at a time, so two copies in one import are caught
        try {
            JdbcDocumentStore.Lookup found = store.lookup(owner, read.hash, metadata.doi(), origin);
            if (found.copy().isPresent()) {
                JdbcDocumentStore.Copy copy = found.copy().get();
                return new Intake.Known(copy.document(), copy.origin().equals(Optional.of(origin)));
            }
            found.failedFromOrigin().forEach(id -> delete(owner, id));
            List<Chunk> chunks = chunker.chunk(read.parsed.sections());
            Document recorded = store.insert(
                    owner,
                    new JdbcDocumentStore.NewDocument(
                            SharedPassages.withoutNul(read.parsed.title()),
                            read.parsed.format().mediaType(),
                            read.upload.content().size(),
                            chunks.size(),
                            metadata,
                            Optional.of(read.hash),
                            Optional.of(origin)));
            keepOriginal(owner, recorded.id(), read.upload, read.parsed, chunks);
            return new Intake.Added(recorded, chunks);
        } finally {
            intakeLock.unlock();
        }
    }

    /** Starts indexing a document {@link #take} added; the future ends when it is ready or has failed. */
    public Future<?> index(String owner, Intake.Added added) {
        return submit(owner, added.document(), added.chunks());
    }

    /** Hands a recorded document's chunks to the indexer; removes the document if it cannot. */
    private Future<?> submit(String owner, Document recorded, List<Chunk> chunks) {
        log.info(
                "Library document {} recorded: {} chunks from {} bytes of {}",
                recorded.id(),
                chunks.size(),
                recorded.bytes(),
                recorded.mediaType());
        List<Passage> passages = chunks.stream()
                .map(c -> new Passage(
                        SharedPassages.passageId(recorded.id(), c.ordinal()),
                        owner,
                        recorded.id(),
                        recorded.title(),
                        c.ordinal(),
                        SharedPassages.withoutNul(c.location()),
                        SharedPassages.withoutNul(c.text())))
                .toList();
        try {
            return indexer.submit(owner, recorded.id(), passages);
        } catch (RuntimeException e) {
            store.delete(owner, recorded.id());
            throw e;
        }
    }

    /** The upload's bytes and its passages' places, for the viewer; a failure removes the document. */
    private void keepOriginal(
            String owner, String documentId, Upload upload, ParsedDocument parsed, List<Chunk> chunks) {
        try {
            originals.keep(owner, documentId, upload, parsed, chunks);
        } catch (RuntimeException e) {
            store.delete(owner, documentId);
            throw e;
        }
    }

    /** The metadata of those of the owner's documents that have any, by id; for citing them. */
    public Map<String, DocumentMetadata> metadata(String owner, Collection<String> documentIds) {
        return store.metadata(owner, documentIds);
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

    /** The kept originals and the passages' places, for the source viewer. */
    public Originals originals() {
        return originals;
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
        Foreground.Activity searching = foreground.begin();
        try {
            return searchReady(owner, query, k);
        } finally {
            searching.close();
        }
    }

    private List<ScoredPassage> searchReady(String owner, String query, int k) {
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
     * The best {@code k} passages among the owner's ready documents in {@code documentIds} (a
     * collection), best first; none for an empty set. Ranked as {@link #search} ranks, in the same
     * space, and counted as interactive work the same way.
     */
    public List<ScoredPassage> searchWithin(String owner, Set<String> documentIds, String query, int k) {
        JdbcDocumentStore.requireOwner(owner);
        Objects.requireNonNull(documentIds, "documentIds");
        Objects.requireNonNull(query, "query");
        if (query.isBlank()) {
            throw new IllegalArgumentException("query must not be blank");
        }
        if (k < 1 || k > settings.maxSearchResults()) {
            throw new IllegalArgumentException("k must be between 1 and " + settings.maxSearchResults() + ": " + k);
        }
        Foreground.Activity searching = foreground.begin();
        try {
            return searchReadyWithin(owner, documentIds, query, k);
        } finally {
            searching.close();
        }
    }

    private List<ScoredPassage> searchReadyWithin(String owner, Set<String> documentIds, String query, int k) {
        Set<String> hidden = indexer.inFlightDocuments(owner);
        Set<String> within =
                documentIds.stream().filter(id -> !hidden.contains(id)).collect(Collectors.toSet());
        replica.catchUpBeforeSearch();
        Space space = live.current();
        if (within.isEmpty() || !space.index().holds(owner)) {
            return List.of();
        }
        float[] vector = space.embedder().embed(space.queryText().apply(query));
        int wanted = Math.max(k, reranker.depth());
        List<ScoredPassage> found = space.index().searchWithin(owner, within, query, vector, wanted);
        return reranker.rerank(query, found).stream().limit(k).toList();
    }

    /**
     * Moves the owner's documents to another owner (devices linked into one account): here at once,
     * on other instances through the change log. Refused (false, nothing moved) while any of them
     * is still being indexed, whose passages carry the old owner.
     */
    public boolean transferOwner(String from, String to) {
        JdbcDocumentStore.requireOwner(from);
        JdbcDocumentStore.requireOwner(to);
        int moved = store.transferOwner(from, to);
        if (moved < 0) {
            return false;
        }
        if (moved > 0) {
            replica.catchUp(Integer.MAX_VALUE);
        }
        return true;
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

    /**
     * Whether background re-embedding should leave the CPU alone: interactive work runs or ended
     * within {@link Indexer#QUIET_AFTER} (the same {@link Foreground} uploads give way to), or an
     * upload is being indexed.
     */
    private boolean busy() {
        return foreground.activeWithin(Indexer.QUIET_AFTER)
                || !indexer.inFlightDocuments().isEmpty();
    }

    /** Whether closing has reached the indexer, which then starts no new round (for tests of closing). */
    boolean indexerStopping() {
        return indexer.stopping();
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
