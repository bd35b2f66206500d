package com.researchassistant.library;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.retrieve.LuceneIndex;
import com.researchassistant.retrieve.LuceneSettings;
import com.researchassistant.testing.FakeEmbedder;
import com.researchassistant.testing.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What sharing the library through PostgreSQL costs: how long a document made ready on one
 * instance takes to reach an idle second instance (background rounds only, no search), how fast a
 * wiped index is rebuilt from the database, and how many bytes a passage takes in PostgreSQL. A
 * main class, not a test: timings belong in docs/scaling.md, not in CI. The embedder is the
 * hashing fake (replication and rebuilds never embed), the indexes are real Lucene indexes.
 *
 * <p>Arguments: {@code [documents] [paragraphsPerDocument]} (a paragraph is about one ~800-character
 * passage), default 200 and 50.
 */
public final class ReplicaBenchmark {

    private static final String OWNER = "bench";

    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int passagesPerDocument = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        new ReplicaBenchmark().run(documents, passagesPerDocument);
    }

    private void run(int documents, int passagesPerDocument) throws Exception {
        Path work = Files.createTempDirectory("ra-replica-bench-");
        try (PostgresServer postgres = PostgresServer.launch()) {
            String url = postgres.newDatabase();
            LibrarySettings settings =
                    new LibrarySettings(20L << 20, 2_000_000, 800, 100, 32, 1, 16, Duration.ofSeconds(60), 50);
            LuceneSettings lucene = LuceneSettings.defaults(FakeEmbedder.DIMENSIONS);
            out.printf(
                    "documents=%d passages/document=%d cores=%d%n",
                    documents, passagesPerDocument, Runtime.getRuntime().availableProcessors());
            try (LuceneIndex firstIndex = LuceneIndex.open(work.resolve("first"), lucene);
                    LuceneIndex secondIndex = LuceneIndex.open(work.resolve("second"), lucene);
                    Library first = Library.open(
                            DatabaseConfig.of(url),
                            settings,
                            SharingSettings.defaults(),
                            "first",
                            new FakeEmbedder(),
                            firstIndex,
                            Clock.systemUTC());
                    Library second = Library.open(
                            DatabaseConfig.of(url),
                            settings,
                            SharingSettings.defaults(),
                            "second",
                            new FakeEmbedder(),
                            secondIndex,
                            Clock.systemUTC())) {
                first.recover();
                second.recover();
                long[] lags = new long[documents];
                long ingestStart = System.nanoTime();
                for (int d = 0; d < documents; d++) {
                    Document document = first.ingest(OWNER, Upload.text("Document " + d, text(d, passagesPerDocument)));
                    if (document.status() != DocumentStatus.READY) {
                        throw new IllegalStateException("document " + d + " is " + document.status());
                    }
                    lags[d] = waitForReplica(secondIndex, d, System.nanoTime());
                }
                double ingestSeconds = (System.nanoTime() - ingestStart) / 1e9;
                Arrays.sort(lags);
                out.printf(
                        "replication lag to an idle instance (poll 500 ms): p50 %d ms, p90 %d ms, max %d ms%n",
                        lags[documents / 2], lags[documents * 9 / 10], lags[documents - 1]);
                out.printf(
                        "ingest on the first instance (fake embedder): %.1f s for %d documents%n",
                        ingestSeconds, documents);
            }
            int passages = rowCount(url);
            out.printf(
                    "passages in PostgreSQL: %d, %d bytes each on average (table, index, TOAST)%n",
                    passages, bytesPerPassage(url, passages));
            try (LuceneIndex wiped = LuceneIndex.open(work.resolve("rebuilt"), lucene);
                    Library third = Library.open(
                            DatabaseConfig.of(url),
                            settings,
                            SharingSettings.defaults(),
                            "third",
                            new FakeEmbedder(),
                            wiped,
                            Clock.systemUTC())) {
                long start = System.nanoTime();
                third.recover();
                double seconds = (System.nanoTime() - start) / 1e9;
                out.printf(
                        "rebuild of an empty index from the database: %d passages in %.1f s, %.0f passages/s%n",
                        passages, seconds, passages / seconds);
            }
        } finally {
            deleteTree(work);
        }
    }

    /** Waits until the second instance's own rounds (not a search) bring the document in. */
    private static long waitForReplica(LuceneIndex index, int document, long since) {
        long deadline = since + Duration.ofSeconds(30).toNanos();
        long wanted = document + 1L; // one add change per document, nothing deleted
        while (index.appliedPosition() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("document " + document + " not replicated within 30 s");
            }
            LockSupport.parkNanos(1_000_000);
        }
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static String text(int document, int passages) {
        return IntStream.range(0, passages)
                .mapToObj(p -> IntStream.range(0, 12)
                        .mapToObj(s -> "Document " + document + " passage " + p + " sentence " + s
                                + " carries some words about sleep and memory.")
                        .collect(Collectors.joining(" ")))
                .collect(Collectors.joining("\n\n"));
    }

    private static int rowCount(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet row = s.executeQuery("SELECT COUNT(*) FROM passages")) {
            row.next();
            return row.getInt(1);
        }
    }

    private static long bytesPerPassage(String url, int passages) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE passages");
            try (ResultSet row = s.executeQuery("SELECT pg_total_relation_size('passages')")) {
                row.next();
                return row.getLong(1) / Math.max(1, passages);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort((a, b) -> b.getNameCount() - a.getNameCount());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        }
    }
}
