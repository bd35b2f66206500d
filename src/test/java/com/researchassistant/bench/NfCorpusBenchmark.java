package com.researchassistant.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.MonotonicClock;
import com.researchassistant.config.StoreConfig;
import com.researchassistant.embed.EmbeddingModel;
import com.researchassistant.embed.OnnxEmbedder;
import com.researchassistant.library.Document;
import com.researchassistant.library.DocumentStatus;
import com.researchassistant.library.Library;
import com.researchassistant.library.LibrarySettings;
import com.researchassistant.library.LibrarySpaces;
import com.researchassistant.library.Reranker;
import com.researchassistant.library.Upload;
import com.researchassistant.retrieve.LuceneIndex;
import com.researchassistant.retrieve.LuceneSettings;
import com.researchassistant.retrieve.Ranking;
import com.researchassistant.retrieve.RelevanceFeedback;
import com.researchassistant.retrieve.ReplicaIndex;
import com.researchassistant.retrieve.ScoredPassage;
import com.researchassistant.retrieve.SearchSettings;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Retrieval quality on BEIR NFCorpus (issue 14), loaded through the library the way documents
 * enter (chunking, embedding, the Lucene hybrid index) and searched through the path {@code GET
 * /api/library/search} uses: first in-process through {@link Library#search}, then over HTTP
 * against the real server ({@code ./ra serve}) on the same data directory. A main class, not a
 * test: the data lives outside the repository.
 *
 * <p>Arguments: {@code [archive] [--data dir] [--model id] [--http] [--latency-only [--by-client]] [--variants]
 * [--feedback-pair] [--reindex] [--legacy]} ({@code --feedback-pair}: the defaults and the defaults without relevance feedback)
 * ({@code --reindex}: rebuild the index from the database's stored vectors, for a changed index layout). The archive defaults to
 * {@code ../shared/reference/beir-nfcorpus/nfcorpus.tar.gz}; a data directory that already holds the
 * ingested corpus is reused (delete it to ingest again).
 */
public final class NfCorpusBenchmark {

    static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    /** The Bearer key the benchmark's library belongs to, over HTTP and in-process alike. */
    static final String KEY = "nfcorpus-benchmark-key-0001";

    static final int LIBRARY_SIZE_FOR_LATENCY = 5_000;

    private final NfCorpus corpus;
    private final Path dataDir;
    private final Clock clock = new MonotonicClock();
    /** Library document id to corpus id. */
    private final Map<String, String> corpusIds = new HashMap<>();

    private final EmbeddingModel model;

    private NfCorpusBenchmark(NfCorpus corpus, Path dataDir, EmbeddingModel model) {
        this.corpus = corpus;
        this.dataDir = dataDir;
        this.model = model;
    }

    public static void main(String[] args) throws Exception {
        Path archive = NfCorpus.DEFAULT;
        Path data = Path.of("/tmp/ra-nfcorpus");
        boolean http = false;
        boolean variants = false;
        boolean feedbackPair = false;
        boolean reindex = false;
        boolean legacy = false;
        boolean latencyOnly = false;
        boolean byClient = false;
        EmbeddingModel model = EmbeddingModel.ALL_MINILM_L6_V2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--http" -> http = true;
                case "--variants" -> variants = true;
                case "--feedback-pair" -> feedbackPair = true;
                case "--reindex" -> reindex = true;
                case "--legacy" -> legacy = true;
                case "--latency-only" -> latencyOnly = true;
                case "--by-client" -> byClient = true;
                case "--model" -> model = EmbeddingModel.of(args[++i]);
                default -> archive = Path.of(args[i]);
            }
        }
        OUT.printf(
                "# nfcorpus %s, nproc %d, loadavg %s%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), loadAverage());
        NfCorpus corpus = NfCorpus.read(archive);
        OUT.printf(
                "# %d documents, %d judged queries, %d judgements%n",
                corpus.documents().size(),
                corpus.queries().size(),
                corpus.judgements().values().stream().mapToInt(Map::size).sum());
        if (reindex) {
            // the library replays its change log into a new index (stored vectors where they are of its embedding)
            try (var entries = Files.list(data)) {
                for (Path dir : entries.filter(p -> p.getFileName().toString().startsWith("index"))
                        .toList()) {
                    deleteTree(dir);
                }
            }
            Files.deleteIfExists(data.resolve("library-embedding"));
        }
        NfCorpusBenchmark bench = new NfCorpusBenchmark(corpus, data, model);
        if (latencyOnly) {
            bench.loadCorpusIds();
            Path project = Path.of(System.getProperty("bench.project", ".")).toAbsolutePath();
            if (byClient) {
                bench.httpByClient(project);
            } else {
                bench.httpOnly(project);
            }
        } else if (legacy) {
            bench.inProcessLegacy(variants, feedbackPair);
        } else {
            bench.inProcess(variants, feedbackPair);
        }
        if (http) {
            bench.overHttp(Path.of(System.getProperty("bench.project", ".")).toAbsolutePath());
        }
        OUT.printf("# end %s, loadavg %s%n", Instant.now(), loadAverage());
        System.exit(0);
    }

    static String owner() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8));
            return "k:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void inProcess(boolean variants, boolean feedbackPair) throws Exception {
        Files.createDirectories(dataDir);
        OUT.println(SearchEval.HEADER);
        for (Map.Entry<String, SearchSettings> variant :
                variants(variants, feedbackPair).entrySet()) {
            try (LibrarySpaces spaces = LibrarySpaces.open(dataDir, model, variant.getValue(), 10_000);
                    Library library = Library.open(store(dataDir), settings(), spaces.spaces(), Reranker.NONE, clock)) {
                library.recover();
                ingest(library, spaces.spaces().live().index());
                evaluate(
                        variant.getKey() + ", " + library.embedding(),
                        library,
                        variants && variant.getKey().startsWith("default"));
            }
        }
    }

    /** An index built by the code before issue 14 (all-MiniLM-L6-v2 over passage text), read as it is. */
    private void inProcessLegacy(boolean variants, boolean feedbackPair) throws Exception {
        OUT.println(SearchEval.HEADER);
        try (OnnxEmbedder embedder = OnnxEmbedder.open(dataDir.resolve("models"))) {
            for (Map.Entry<String, SearchSettings> variant :
                    variants(variants, feedbackPair).entrySet()) {
                try (LuceneIndex index = LuceneIndex.open(
                                dataDir.resolve("index"),
                                LuceneSettings.defaults(embedder.dimensions()),
                                variant.getValue());
                        Library library = Library.open(store(dataDir), settings(), embedder, index, clock)) {
                    library.recover();
                    ingest(library, index);
                    evaluate(
                            variant.getKey() + ", legacy index",
                            library,
                            variants && variant.getKey().startsWith("default"));
                }
            }
        }
    }

    private void evaluate(String name, Library library, boolean rollUps) throws Exception {
        OUT.println(SearchEval.run(name, corpus, (q, k) -> maxRollUp(library.search(owner(), q, k == 10 ? 50 : 300), k))
                .row());
        if (rollUps) {
            for (double decay : new double[] {0, 0.25, 0.5, 1}) {
                OUT.println(SearchEval.run(
                                "roll-up of 300 passages, decay " + decay,
                                corpus,
                                (q, k) -> rollUp(library.search(owner(), q, 300), decay, k))
                        .row());
            }
        }
    }

    /** The default ranking, then (when asked) each alternative, all on the same index. */
    private static Map<String, SearchSettings> variants(boolean all, boolean feedbackPair) {
        Map<String, SearchSettings> variants = new java.util.LinkedHashMap<>();
        SearchSettings d = SearchSettings.defaults();
        variants.put("default " + d, d);
        if (feedbackPair) {
            variants.put("no relevance feedback", d.with(RelevanceFeedback.NONE));
        }
        if (all) {
            for (Ranking ranking : Ranking.values()) {
                variants.put(ranking.name(), d.with(ranking));
            }
            for (double weight : new double[] {0.3, 0.4, 0.6, 0.7}) {
                variants.put("vector weight " + weight, d.withVectorWeight(weight));
            }
            for (float boost : new float[] {0f, 0.5f, 1f, 2f}) {
                variants.put("title boost " + boost, d.withTitleBoost(boost));
            }
            variants.put("no relevance feedback", d.with(RelevanceFeedback.NONE));
            for (RelevanceFeedback feedback : List.of(
                    new RelevanceFeedback(5, 10, 0.5),
                    new RelevanceFeedback(20, 10, 0.5),
                    new RelevanceFeedback(10, 5, 0.5),
                    new RelevanceFeedback(10, 20, 0.5),
                    new RelevanceFeedback(10, 10, 0.3),
                    new RelevanceFeedback(10, 10, 0.7))) {
                variants.put("feedback " + feedback, d.with(feedback));
            }
        }
        return variants;
    }

    private void ingest(Library library, ReplicaIndex index) throws Exception {
        List<Document> present = library.list(owner());
        Path ids = dataDir.resolve("corpus-ids.tsv");
        if (!present.isEmpty() && Files.exists(ids)) {
            for (String line : Files.readAllLines(ids)) {
                String[] cells = line.split("\t");
                corpusIds.put(cells[0], cells[1]);
            }
            OUT.printf("# reusing the library in %s: %d documents%n", dataDir, present.size());
            return;
        }
        Instant started = clock.instant();
        List<String> lines = new ArrayList<>();
        for (NfCorpus.Doc doc : corpus.documents().values()) {
            Document added = library.ingest(owner(), Upload.text(doc.title(), doc.text()));
            corpusIds.put(added.id(), doc.id());
            lines.add(added.id() + "\t" + doc.id());
        }
        awaitReady(library, corpus.documents().size());
        Duration took = Duration.between(started, clock.instant());
        index.tidy(); // merges to one segment, as the server does once its index is quiet
        Files.write(ids, lines);
        int chunks =
                library.list(owner()).stream().mapToInt(Document::chunkCount).sum();
        OUT.printf(
                "# ingested %d documents, %d chunks in %.1f s (%.1f chunks/s), then merged to one segment%n",
                corpus.documents().size(), chunks, took.toMillis() / 1000.0, chunks * 1000.0 / took.toMillis());
    }

    private void loadCorpusIds() throws java.io.IOException {
        for (String line : Files.readAllLines(dataDir.resolve("corpus-ids.tsv"))) {
            String[] cells = line.split("\t");
            corpusIds.put(cells[0], cells[1]);
        }
    }

    private void awaitReady(Library library, int expected) throws InterruptedException {
        while (true) {
            List<Document> documents = library.list(owner());
            long ready = documents.stream()
                    .filter(d -> d.status() == DocumentStatus.READY)
                    .count();
            long failed = documents.stream()
                    .filter(d -> d.status() == DocumentStatus.FAILED)
                    .count();
            if (failed > 0) {
                throw new IllegalStateException(failed + " documents failed to index");
            }
            if (ready >= expected) {
                return;
            }
            Thread.sleep(500);
        }
    }

    /**
     * Documents by the sum of their passages' scores, the i-th best (from 0) weighted decay^i: 0 is
     * the best passage alone (max), 1 the plain sum.
     */
    private List<String> rollUp(List<ScoredPassage> passages, double decay, int k) {
        Map<String, Double> scores = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (ScoredPassage passage : passages) {
            String id = corpusIds.getOrDefault(
                    passage.passage().documentId(), passage.passage().documentId());
            int rank = seen.merge(id, 1, Integer::sum) - 1;
            scores.merge(id, passage.score() * Math.pow(decay, rank), Double::sum);
        }
        return scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(k)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Documents in the order of their first (best) passage. */
    private List<String> maxRollUp(List<ScoredPassage> passages, int k) {
        Set<String> documents = new LinkedHashSet<>();
        for (ScoredPassage passage : passages) {
            documents.add(corpusIds.getOrDefault(
                    passage.passage().documentId(), passage.passage().documentId()));
            if (documents.size() == k) {
                break;
            }
        }
        return List.copyOf(documents);
    }

    // ---- over HTTP: the real server on the same data directory

    private void overHttp(Path project) throws Exception {
        HttpClient http = client();
        // the ranking before issue 14 on the same library, as the latency baseline of this run
        try (BenchServer server = BenchServer.start(
                project, dataDir, Map.of("RA_EMBEDDING_MODEL", model.id(), "RA_SEARCH_TITLE_BOOST", "0"))) {
            OUT.printf("# %s; flags: %s%n", server, server.commandLine());
            OUT.println(SearchEval.HEADER);
            OUT.println(SearchEval.run(
                                    "HTTP, ranking before issue 14 (RA_SEARCH_TITLE_BOOST=0), "
                                            + corpus.documents().size() + " documents",
                                    corpus,
                                    httpSearch(server, http))
                            .row()
                    + String.format(" RSS %.1f MB", server.rssMb()));
        }
        try (BenchServer server = BenchServer.start(project, dataDir, Map.of("RA_EMBEDDING_MODEL", model.id()))) {
            SearchEval.Search search = httpSearch(server, http);
            OUT.println(SearchEval.run("HTTP, defaults, " + corpus.documents().size() + " documents", corpus, search)
                            .row()
                    + String.format(" RSS %.1f MB", server.rssMb()));
            addFillers(
                    server, http, LIBRARY_SIZE_FOR_LATENCY - corpus.documents().size());
            OUT.println(SearchEval.run("HTTP, defaults, " + LIBRARY_SIZE_FOR_LATENCY + " documents", corpus, search)
                            .row()
                    + String.format(" RSS %.1f MB, peak %.1f MB", server.rssMb(), server.hwmMb()));
        }
    }

    /** HTTP/1.1 with kept-alive connections, as a browser's fetch over plain HTTP (no h2c upgrade attempts). */
    private static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Latency over HTTP on kept-alive connections, on the library as it is (no ingestion, no
     * fillers): the server without relevance feedback and with the defaults, alternately twice, a
     * new server each time (so its query embedding cache starts empty), two passes each: queries not
     * yet cached, then cached.
     */
    private void httpOnly(Path project) throws Exception {
        OUT.println(SearchEval.HEADER);
        for (int round = 1; round <= 2; round++) {
            for (Map.Entry<String, String> variant : Map.of(
                            "before (RA_SEARCH_FEEDBACK=none)", "none", "after (defaults, RM3 feedback)", "rm3")
                    .entrySet()
                    .stream()
                    .sorted(Map.Entry.comparingByValue())
                    .toList()) {
                try (BenchServer server = BenchServer.start(
                        project,
                        dataDir,
                        Map.of("RA_EMBEDDING_MODEL", model.id(), "RA_SEARCH_FEEDBACK", variant.getValue()))) {
                    HttpClient http = client();
                    OUT.println(SearchEval.run(
                                    "round " + round + ", " + variant.getKey() + ", kept-alive, queries not cached",
                                    corpus,
                                    httpSearch(server, http))
                            .row());
                    OUT.println(SearchEval.run(
                                            "round " + round + ", " + variant.getKey() + ", kept-alive, queries cached",
                                            corpus,
                                            httpSearch(server, http))
                                    .row()
                            + String.format(" RSS %.1f MB", server.rssMb()));
                }
            }
        }
    }

    /** The earlier latency-only run: defaults, per client kind. */
    private void httpByClient(Path project) throws Exception {
        try (BenchServer server = BenchServer.start(project, dataDir, Map.of("RA_EMBEDDING_MODEL", model.id()))) {
            OUT.printf("# %s; flags: %s%n", server, server.commandLine());
            OUT.println(SearchEval.HEADER);
            // first pass: the queries' embeddings are not cached yet in the server; the second finds them cached
            OUT.println(SearchEval.run(
                            "HTTP, defaults, a new connection per search (as curl), queries not cached"
                                    + " (quality columns not read)",
                            corpus,
                            freshConnectionSearch(server))
                    .row());
            OUT.println(SearchEval.run(
                                    "HTTP, defaults, kept-alive JDK client, queries cached",
                                    corpus,
                                    httpSearch(server, client()))
                            .row()
                    + String.format(" RSS %.1f MB", server.rssMb()));
            OUT.println(SearchEval.run(
                            "HTTP, defaults, a new connection per search (as curl), queries cached"
                                    + " (quality columns not read)",
                            corpus,
                            freshConnectionSearch(server))
                    .row());
        }
    }

    /**
     * The same request on a new TCP connection (TCP_NODELAY, {@code Connection: close}), read to
     * the end: what curl measures. Returns no documents; only its latency is of interest.
     */
    private SearchEval.Search freshConnectionSearch(BenchServer server) {
        return (q, k) -> {
            try (java.net.Socket socket =
                    new java.net.Socket(server.base().getHost(), server.base().getPort())) {
                socket.setTcpNoDelay(true);
                String request = "GET /api/library/search?k=50&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
                        + "\r\nConnection: close\r\n\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                readResponse(socket.getInputStream());
            }
            return List.of();
        };
    }

    /** Reads one response to its end (Content-Length or the last chunk), whether or not the server closes. */
    private static void readResponse(java.io.InputStream in) throws java.io.IOException {
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        int headEnd = -1;
        long contentLength = -1;
        byte[] buffer = new byte[16 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            seen.write(buffer, 0, n);
            String text = seen.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                if (!text.startsWith("HTTP/1.1 200")) {
                    throw new IllegalStateException(
                            "search answered " + text.lines().findFirst().orElse(""));
                }
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                        .matcher(text.substring(0, headEnd));
                contentLength = length.find() ? Long.parseLong(length.group(1)) : -1;
            }
            boolean whole = headEnd >= 0
                    && (contentLength >= 0
                            ? seen.size() >= headEnd + 4 + contentLength
                            : text.endsWith("\r\n0\r\n\r\n"));
            if (whole) {
                return;
            }
        }
    }

    /**
     * {@code GET /api/library/search} for 50 passages (the API's most), rolled up to documents by
     * their best passage: nDCG@10 as a client sees it; recall here is within those 50 passages.
     */
    private SearchEval.Search httpSearch(BenchServer server, HttpClient http) {
        ObjectMapper json = new ObjectMapper();
        return (q, k) -> {
            URI uri =
                    server.base().resolve("/api/library/search?k=50&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + KEY)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("search answered " + response.statusCode() + ": " + response.body());
            }
            Set<String> documents = new LinkedHashSet<>();
            for (JsonNode hit : json.readTree(response.body()).get("results")) {
                documents.add(corpusIds.getOrDefault(hit.get("documentId").asText(), "?"));
            }
            return documents.stream().limit(k).toList();
        };
    }

    /** Documents stitched from random corpus sentences, so the library reaches its latency size. */
    private void addFillers(BenchServer server, HttpClient http, int count) throws Exception {
        List<String> sentences = corpus.documents().values().stream()
                .flatMap(d -> List.of(d.text().split("(?<=\\.) ")).stream())
                .toList();
        Random random = new Random(42);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < 1500) {
                text.append(sentences.get(random.nextInt(sentences.size()))).append(' ');
            }
            String body = json.writeValueAsString(Map.of("title", "Filler " + i, "text", text.toString()));
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(server.base().resolve("/api/library/documents"))
                            .header("Authorization", "Bearer " + KEY)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("upload answered " + response.statusCode() + ": " + response.body());
            }
        }
        OUT.printf(
                "# added %d filler documents over HTTP; waiting 75 s for the server to merge its quiet index%n", count);
        Thread.sleep(75_000);
    }

    static StoreConfig store(Path dataDir) {
        return new StoreConfig(
                dataDir,
                Optional.empty(),
                100,
                1 << 20,
                Duration.ofMinutes(5),
                Duration.ofDays(90),
                Duration.ofHours(1));
    }

    /** The library's defaults, but uploads return at once and a search may ask for 300 passages. */
    static LibrarySettings settings() {
        LibrarySettings d = LibrarySettings.defaults();
        return new LibrarySettings(
                d.maxUploadBytes(),
                d.maxTextChars(),
                d.chunkChars(),
                d.chunkOverlapChars(),
                d.embedBatchSize(),
                d.indexingThreads(),
                d.indexingQueue(),
                Duration.ZERO,
                300);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path :
                        paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
