package com.researchassistant.retrieve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The research library's index on disk: one Lucene document per passage, holding the passage's
 * fields, its vector in an HNSW graph (dot product, which is cosine for normalised vectors) and
 * its text analysed for BM25.
 *
 * <p><b>Hybrid ranking.</b> A search runs an HNSW search and a BM25 search for {@link
 * LuceneSettings#candidates()} hits each, both filtered to the owner inside Lucene (the HNSW
 * search skips other owners' vectors rather than dropping them afterwards, so an owner with few
 * passages still gets {@code k}), and fuses them as {@link SearchSettings} say; by default by
 * score: each list min-max scaled to [0, 1], then averaged (a passage missing from one list gets
 * 0 there). Result scores are these fused scores, in [0, 1]. BM25 searches the passage text and
 * the document's title, a title word counting {@link SearchSettings#titleBoost()} of a text word,
 * and by default expands the query with RM3 feedback from its own best passages ({@link
 * RelevanceFeedback}: NFCorpus nDCG@10 0.354 -> 0.358, recall@100 0.322 -> 0.340).
 * On BEIR NFCorpus (docs/benchmarks.md) score fusion gave nDCG@10 0.353, reciprocal rank fusion
 * (k = 60) 0.349, vector only 0.323, BM25 only 0.323; on the small set of {@code
 * RetrievalQualityTest} (recall@5, fake embedder) 0.94 against RRF 0.86. RRF gives a weak list
 * the same say as a strong one; score fusion keeps the vector ranking where BM25 has little to
 * say and still lifts exact rare terms.
 *
 * <p>Text is analysed with {@link EnglishAnalyzer} (stemming, English stopwords): equal to
 * {@code StandardAnalyzer} under score fusion, better under RRF (0.86 against 0.75). Query text
 * is analysed and turned into term queries directly, never parsed, and capped at {@link
 * LuceneSettings#maxQueryTerms()} distinct terms; a query of only stopwords or punctuation is
 * ranked by its vector alone.
 *
 * <p><b>Durability.</b> {@link #add} and {@link #deleteDocument} validate everything first, then
 * write and commit, one call at a time, so each call is atomic across a crash: the index reopens
 * with every call that returned and all or nothing of the one that was running (Lucene commits
 * are atomic; uncommitted writes vanish). What the caller must do: a document ingested with
 * several {@code add} calls, or whose {@code add} was running at the crash, may be partly
 * indexed, so on restart delete or re-ingest every document not recorded as finished. The same
 * holds when {@code add} throws an I/O error: the part already written is published by the next
 * commit.
 *
 * <p><b>Replica position.</b> The position in the shared change log ({@link ReplicaIndex}) is kept
 * in the commit's user data, so it is part of the same atomic commits as the passages: a wiped
 * directory forgets it with them, and every later commit carries it forward.
 *
 * <p>Passages are replaced by owner and id together. Thread-safe; one instance per directory
 * (Lucene's write lock refuses a second).
 */
public final class LuceneIndex implements ReplicaIndex, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LuceneIndex.class);

    private static final Set<String> OWNER_ONLY = Set.of(PassageFields.OWNER);

    /** Commit user data key of {@link #appliedPosition()}. */
    static final String APPLIED_POSITION = "ra.appliedPosition";

    private final LuceneSettings settings;
    private final SearchSettings search;
    private final IndexBuild build;
    /** Extra threads of a large add (the caller writes one slice itself); idle threads end. */
    private final ExecutorService writers;
    /** Threads that build a merged segment's graph together; {@code null} for one. */
    private final ExecutorService mergers;

    private final VectorShape shape;
    private final LexicalSearch lexical;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** One change and its commit at a time, so a concurrent commit never publishes half a batch. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /**
     * The position in the last commit's user data, kept apart so that reading it takes no lock: a
     * search asks for it first, and under the write lock it waited for a whole add, commit and
     * refresh of a bulk import (docs/benchmarks.md, "Bulk import", second round).
     */
    private volatile long appliedPosition;

    private LuceneIndex(
            LuceneSettings settings, IndexBuild build, SearchSettings search, Analyzer analyzer, Directory directory)
            throws IOException {
        this.settings = settings;
        this.search = search;
        this.build = build;
        this.writers = build.writeThreads() > 1 ? pool("lucene-write-", build.writeThreads() - 1) : null;
        this.mergers = build.mergeWorkers() > 1 ? pool("lucene-merge-graph-", build.mergeWorkers()) : null;
        this.shape = new VectorShape(settings.dimensions());
        this.lexical =
                new LexicalSearch(new QueryTerms(analyzer, PassageFields.TEXT, settings.maxQueryTerms()), analyzer);
        this.directory = directory;
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false)
                // Lucene waits up to 500 ms per commit for merges of tiny segments; under search load
                // that made each add slow. Merges still run, in the background.
                .setMaxFullFlushMergeWaitMillis(0)
                .setRAMBufferSizeMB(build.ramBufferMb())
                .setCodec(codec(settings, build, mergers));
        this.writer = new IndexWriter(directory, config);
        if (!DirectoryReader.indexExists(directory)) {
            writer.commit(); // an empty commit, so an empty index can be searched and reopened
        }
        this.searchers = new SearcherManager(writer, null);
        this.appliedPosition = committedPosition();
    }

    /** Opens the index in {@code dir}, creating the directory and an empty index when absent. */
    public static LuceneIndex open(Path dir, LuceneSettings settings) {
        return open(dir, settings, IndexBuild.defaults(), SearchSettings.defaults(), new EnglishAnalyzer());
    }

    /** As {@link #open(Path, LuceneSettings)}, ranking searches as {@code search} says. */
    public static LuceneIndex open(Path dir, LuceneSettings settings, SearchSettings search) {
        return open(dir, settings, IndexBuild.defaults(), search, new EnglishAnalyzer());
    }

    /** As {@link #open(Path, LuceneSettings)}, building graphs as {@code build} says. */
    public static LuceneIndex open(Path dir, LuceneSettings settings, IndexBuild build) {
        return open(dir, settings, build, SearchSettings.defaults(), new EnglishAnalyzer());
    }

    /** With another analyser, for measuring; it must be the one the index was built with. */
    static LuceneIndex open(Path dir, LuceneSettings settings, Analyzer analyzer) {
        return open(dir, settings, IndexBuild.defaults(), SearchSettings.defaults(), analyzer);
    }

    /** With another analyser and ranking, for measuring; the analyser must be the one the index was built with. */
    static LuceneIndex open(Path dir, LuceneSettings settings, SearchSettings search, Analyzer analyzer) {
        return open(dir, settings, IndexBuild.defaults(), search, analyzer);
    }

    private static LuceneIndex open(
            Path dir, LuceneSettings settings, IndexBuild build, SearchSettings search, Analyzer analyzer) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(search, "search");
        Directory directory = null;
        try {
            directory = FSDirectory.open(dir);
            return new LuceneIndex(settings, build, search, analyzer, directory);
        } catch (IOException e) {
            closeQuietly(directory, e);
            throw new UncheckedIOException("cannot open the index in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void add(List<Passage> passages, List<float[]> vectors) {
        shape.checkBatch(passages, vectors);
        change(() -> {
            write(passages, vectors);
            writer.commit();
        });
    }

    /**
     * Merges the index down to at most {@code maxSegments} segments and commits. Every segment has
     * its own HNSW graph, searched one after the other, so fewer segments answer faster; merging
     * rebuilds the graphs, which is CPU-heavy: for quiet times. Adds and searches go on meanwhile.
     */
    public void compact(int maxSegments) {
        try {
            writer.forceMerge(maxSegments);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the index: " + e.getMessage(), e);
        }
        change(writer::commit);
    }

    /**
     * Every segment carries its own HNSW graph and a query walks them one after the other: at 100k
     * passages added in 10 batches, 13 segments answered in 4.9 ms, one segment in 0.47 ms at the
     * same recall (docs/benchmarks.md). Beyond this many segments a quiet index is merged to one.
     */
    static final int MAX_QUIET_SEGMENTS = 4;

    @Override
    public boolean tidy() {
        int segments = segmentCount();
        if (segments <= MAX_QUIET_SEGMENTS) {
            return false;
        }
        long started = System.nanoTime();
        compact(1);
        log.info(
                "Search index merged from {} segments to {} in {} ms",
                segments,
                segmentCount(),
                (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /** How many segments searches go through now. */
    public int segmentCount() {
        return withSearcher(
                "cannot read the index",
                searcher -> searcher.getIndexReader().leaves().size());
    }

    /** Adds without committing, as a crash would leave it; only for testing crash recovery. */
    void addUncommitted(List<Passage> passages, List<float[]> vectors) {
        shape.checkBatch(passages, vectors);
        change(() -> write(passages, vectors));
    }

    @Override
    public void deleteDocument(String owner, String documentId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(documentId, "documentId");
        Query document = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(PassageFields.OWNER, owner)), Occur.FILTER)
                .add(new TermQuery(new Term(PassageFields.DOCUMENT_ID, documentId)), Occur.FILTER)
                .build();
        change(() -> {
            writer.deleteDocuments(document);
            writer.commit();
        });
    }

    @Override
    public long appliedPosition() {
        return appliedPosition;
    }

    private long committedPosition() {
        for (Map.Entry<String, String> entry : liveCommitData()) {
            if (entry.getKey().equals(APPLIED_POSITION)) {
                return Long.parseLong(entry.getValue());
            }
        }
        return 0;
    }

    @Override
    public void markApplied(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        change(() -> {
            Map<String, String> data = new HashMap<>();
            liveCommitData().forEach(e -> data.put(e.getKey(), e.getValue()));
            data.put(APPLIED_POSITION, Long.toString(position));
            writer.setLiveCommitData(data.entrySet());
            writer.commit();
            appliedPosition = position;
        });
    }

    private Iterable<Map.Entry<String, String>> liveCommitData() {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        return data == null ? List.of() : data;
    }

    /** Reads each document id's first live passage for its owner; one pass over the id terms. */
    @Override
    public Set<HeldDocument> documents() {
        return withSearcher("cannot list the index's documents", searcher -> {
            Set<HeldDocument> held = new HashSet<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                LeafReader reader = leaf.reader();
                Terms ids = reader.terms(PassageFields.DOCUMENT_ID);
                if (ids == null) {
                    continue;
                }
                Bits live = reader.getLiveDocs();
                StoredFields stored = reader.storedFields();
                TermsEnum id = ids.iterator();
                PostingsEnum passages = null;
                while (id.next() != null) {
                    passages = id.postings(passages, PostingsEnum.NONE);
                    for (int doc = passages.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = passages.nextDoc()) {
                        if (live == null || live.get(doc)) {
                            held.add(new HeldDocument(
                                    stored.document(doc, OWNER_ONLY).get(PassageFields.OWNER),
                                    id.term().utf8ToString()));
                            break;
                        }
                    }
                }
            }
            return held;
        });
    }

    /** Counts deleted passages until a merge drops them, so it may say true for an owner who deleted all. */
    @Override
    public boolean holds(String owner) {
        return withSearcher(
                "cannot read the index",
                searcher -> searcher.getIndexReader().docFreq(new Term(PassageFields.OWNER, owner)) > 0);
    }

    @Override
    public List<ScoredPassage> search(String owner, String query, float[] queryVector, int k) {
        return search(owner, query, queryVector, k, search, ownerOnly(owner));
    }

    @Override
    public List<ScoredPassage> searchWithin(
            String owner, Set<String> documentIds, String query, float[] queryVector, int k) {
        Objects.requireNonNull(documentIds, "documentIds");
        if (documentIds.isEmpty()) {
            return List.of();
        }
        Query within = new BooleanQuery.Builder()
                .add(ownerOnly(owner), Occur.FILTER)
                .add(
                        new TermInSetQuery(
                                PassageFields.DOCUMENT_ID,
                                documentIds.stream().map(BytesRef::new).toList()),
                        Occur.FILTER)
                .build();
        return search(owner, query, queryVector, k, search, within);
    }

    /** {@link #search} with another ranking, for measuring what fusion adds. */
    List<ScoredPassage> search(String owner, String query, float[] queryVector, int k, Ranking ranking) {
        return search(owner, query, queryVector, k, search.with(ranking));
    }

    /** {@link #search} ranked as {@code how} says, for measuring. */
    List<ScoredPassage> search(String owner, String query, float[] queryVector, int k, SearchSettings how) {
        return search(owner, query, queryVector, k, how, ownerOnly(owner));
    }

    static Query ownerOnly(String owner) {
        return new TermQuery(new Term(PassageFields.OWNER, owner));
    }

    /** Both rankings run among the passages {@code scope} matches (the owner's, or some of their documents'). */
    private List<ScoredPassage> search(
            String owner, String query, float[] queryVector, int k, SearchSettings how, Query scope) {
        shape.checkQuery(owner, query, queryVector, k);
        return withSearcher("cannot search the index", searcher -> {
            // capped by the index size: Lucene sizes its HNSW result heap by this number
            int indexSize = Math.max(1, searcher.getIndexReader().maxDoc());
            int candidates = Math.clamp(Math.max(k, settings.candidates()), 1, indexSize);
            List<Ranking.Hit> ranked = how.ranking()
                    .rank(
                            vectorHits(searcher, scope, queryVector, candidates),
                            lexical.hits(searcher, scope, query, candidates, how.titleBoost(), how.feedback()),
                            how.vectorWeight());
            return load(searcher, ranked.subList(0, Math.min(k, ranked.size())));
        });
    }

    /**
     * The two candidate lists of one query before fusion, and the document of every hit: for
     * measuring rankings outside the index (the NFCorpus experiments).
     */
    record Candidates(List<Ranking.Hit> vector, List<Ranking.Hit> lexical, Map<Integer, String> documents) {}

    Candidates candidates(String owner, String query, float[] queryVector, int n, float titleBoost) {
        shape.checkQuery(owner, query, queryVector, n);
        return withSearcher("cannot search the index", searcher -> {
            int candidates =
                    Math.clamp(n, 1, Math.max(1, searcher.getIndexReader().maxDoc()));
            List<Ranking.Hit> vector = vectorHits(searcher, ownerOnly(owner), queryVector, candidates);
            List<Ranking.Hit> lexical =
                    this.lexical.hits(searcher, ownerOnly(owner), query, candidates, titleBoost, search.feedback());
            Map<Integer, String> documents = new HashMap<>();
            StoredFields stored = searcher.storedFields();
            for (List<Ranking.Hit> hits : List.of(vector, lexical)) {
                for (Ranking.Hit hit : hits) {
                    if (!documents.containsKey(hit.doc())) {
                        documents.put(hit.doc(), stored.document(hit.doc()).get(PassageFields.DOCUMENT_ID));
                    }
                }
            }
            return new Candidates(vector, lexical, documents);
        });
    }

    /** What is read from one searcher, which may throw the index's I/O failures. */
    private interface SearcherRead<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** Reads through the current searcher and releases it; an I/O failure becomes {@code failure: cause}. */
    private <T> T withSearcher(String failure, SearcherRead<T> read) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return read.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(failure + ": " + e.getMessage(), e);
        }
    }

    /** Discards anything not committed and releases the directory. */
    @Override
    public void close() {
        try {
            IOUtils.close(searchers, writer, directory); // closes all, then throws the first failure
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the index: " + e.getMessage(), e);
        } finally {
            if (writers != null) {
                writers.shutdown();
            }
            if (mergers != null) {
                mergers.shutdown();
            }
        }
    }

    private List<Ranking.Hit> vectorHits(IndexSearcher searcher, Query scope, float[] vector, int n)
            throws IOException {
        return hits(searcher, new KnnFloatVectorQuery(PassageFields.VECTOR, vector, n, scope), n);
    }

    /**
     * For measuring BM25 variants (the NFCorpus experiments): hits of weighted, already analysed
     * terms, scored by {@code similarity}.
     */
    List<Ranking.Hit> lexicalHits(
            String owner,
            Map<String, Float> terms,
            int n,
            float titleBoost,
            org.apache.lucene.search.similarities.Similarity similarity) {
        return withSearcher("cannot search the index", shared -> {
            Query query = LexicalSearch.query(ownerOnly(owner), terms, titleBoost);
            if (query == null) {
                return List.of();
            }
            IndexSearcher searcher = new IndexSearcher(shared.getIndexReader());
            searcher.setSimilarity(similarity);
            return hits(
                    searcher,
                    query,
                    Math.clamp(n, 1, Math.max(1, shared.getIndexReader().maxDoc())));
        });
    }

    /** The analysed query terms of {@code text}, as BM25 searches them. */
    List<String> queryTerms(String text) {
        return lexical.terms(text);
    }

    /** The document a hit belongs to, for measuring. */
    String documentIdOf(int doc) {
        return withSearcher(
                "cannot read the index",
                searcher -> searcher.storedFields().document(doc).get(PassageFields.DOCUMENT_ID));
    }

    /** The stored title and text of a hit, for measuring query expansion. */
    String titleAndText(int doc) {
        return withSearcher("cannot read the index", searcher -> {
            org.apache.lucene.document.Document stored = searcher.storedFields().document(doc);
            return stored.get(PassageFields.TITLE) + "\n\n" + stored.get(PassageFields.TEXT);
        });
    }

    static List<Ranking.Hit> hits(IndexSearcher searcher, Query query, int n) throws IOException {
        ScoreDoc[] scoreDocs = searcher.search(query, n).scoreDocs;
        List<Ranking.Hit> hits = new ArrayList<>(scoreDocs.length);
        for (ScoreDoc scoreDoc : scoreDocs) {
            hits.add(new Ranking.Hit(scoreDoc.doc, scoreDoc.score));
        }
        return hits;
    }

    private static List<ScoredPassage> load(IndexSearcher searcher, List<Ranking.Hit> hits) throws IOException {
        StoredFields stored = searcher.storedFields();
        List<ScoredPassage> passages = new ArrayList<>(hits.size());
        for (Ranking.Hit hit : hits) {
            passages.add(new ScoredPassage(PassageFields.toPassage(stored.document(hit.doc())), hit.score()));
        }
        return List.copyOf(passages);
    }

    /**
     * Writes the passages, spread over up to {@link IndexBuild#writeThreads()} threads when there
     * are enough of them: IndexWriter gives each thread its own in-memory segment, whose HNSW graph
     * is built as passages arrive, so the graphs grow in parallel.
     */
    private void write(List<Passage> passages, List<float[]> vectors) throws IOException {
        int slices = Math.min(build.writeThreads(), passages.size() / build.minPassagesPerThread());
        if (slices <= 1 || writers == null) {
            writeSlice(passages, vectors, 0, passages.size());
            return;
        }
        int size = (passages.size() + slices - 1) / slices;
        List<Future<?>> others = new ArrayList<>(slices - 1);
        for (int from = size; from < passages.size(); from += size) {
            int start = from;
            int end = Math.min(passages.size(), from + size);
            others.add(writers.submit(() -> {
                writeSlice(passages, vectors, start, end);
                return null;
            }));
        }
        IOException failure = null;
        try {
            writeSlice(passages, vectors, 0, size);
        } catch (IOException e) {
            failure = e;
        }
        for (Future<?> other : others) {
            failure = await(other, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void writeSlice(List<Passage> passages, List<float[]> vectors, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            Passage passage = passages.get(i);
            writer.updateDocument(PassageFields.key(passage), PassageFields.toDocument(passage, vectors.get(i)));
        }
    }

    /** Waits for a slice written by another thread; its failure joins {@code failure}. */
    private static IOException await(Future<?> slice, IOException failure) {
        try {
            slice.get();
            return failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return merged(failure, new IOException("interrupted while writing passages", e));
        } catch (ExecutionException e) {
            IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            return merged(failure, cause);
        }
    }

    private static IOException merged(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static ExecutorService pool(String name, int threads) {
        return Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().name(name, 0).daemon(true).factory());
    }

    private interface Change {
        void apply() throws IOException;
    }

    private void change(Change change) {
        writeLock.lock();
        try {
            change.apply();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the index: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private static Lucene104Codec codec(LuceneSettings settings, IndexBuild build, ExecutorService mergers) {
        KnnVectorsFormat hnsw = new FlushOrMergeFormat(
                hnsw(settings, build, mergers, build.flushGraphThreshold()),
                hnsw(settings, build, mergers, Lucene99HnswVectorsFormat.HNSW_GRAPH_THRESHOLD));
        return new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return hnsw;
            }
        };
    }

    private static KnnVectorsFormat hnsw(
            LuceneSettings settings, IndexBuild build, ExecutorService mergers, int graphThreshold) {
        int workers = mergers == null ? 1 : build.mergeWorkers();
        return build.int8()
                ? new Lucene104HnswScalarQuantizedVectorsFormat(
                        ScalarEncoding.UNSIGNED_BYTE,
                        settings.maxConn(),
                        settings.beamWidth(),
                        workers,
                        mergers,
                        graphThreshold)
                : new Lucene99HnswVectorsFormat(
                        settings.maxConn(), settings.beamWidth(), workers, mergers, graphThreshold);
    }

    private static void closeQuietly(Directory directory, IOException cause) {
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
