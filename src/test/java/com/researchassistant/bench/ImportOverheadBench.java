package com.researchassistant.bench;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.config.StoreConfig;
import com.researchassistant.imports.ImportSettings;
import com.researchassistant.imports.ImportState;
import com.researchassistant.imports.Imports;
import com.researchassistant.imports.Receiving;
import com.researchassistant.job.Job;
import com.researchassistant.job.JobSettings;
import com.researchassistant.job.JobStore;
import com.researchassistant.library.Library;
import com.researchassistant.library.LibrarySettings;
import com.researchassistant.retrieve.Passage;
import com.researchassistant.retrieve.ReplicaIndex;
import com.researchassistant.retrieve.ScoredPassage;
import com.researchassistant.testing.FakeEmbedder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What the import job itself costs, without the embedding model and the search index (another
 * part's work): the same zip of generated abstracts as {@link ZipImportBench}, imported in process
 * through the real job, library records and passages in SQLite, with a hashing fake embedder and
 * an index that keeps nothing. Prints documents/s: the rate the import could feed the indexing.
 * A main class, not a test.
 *
 * <p>Usage: {@code ImportOverheadBench [documents=5000]}
 */
public final class ImportOverheadBench {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final String OWNER = "bench-owner";

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        Path data = Files.createTempDirectory("ra-import-overhead");
        Clock clock = Clock.systemUTC();
        FakeEmbedder embedder = new FakeEmbedder();
        StoreConfig store = new StoreConfig(
                data, Optional.empty(), 0, 0, Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofHours(1));
        LibrarySettings d = LibrarySettings.defaults();
        try (Library library = Library.open(store, d, embedder, new NoIndex(), clock);
                JobStore jobs = JobStore.open(
                        DatabaseConfig.of("jdbc:sqlite:" + data.resolve("research-assistant.db")), clock);
                Imports imports = Imports.start(
                        jobs,
                        library,
                        new ImportSettings(
                                data.resolve("imports"),
                                1L << 31,
                                20_000,
                                d.maxUploadBytes(),
                                1L << 32,
                                100,
                                16L << 20,
                                32,
                                Duration.ofMillis(250)),
                        new JobSettings(1, 4, 2, Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofDays(1)),
                        clock)) {
            Instant start = clock.instant();
            Job job;
            try (Receiving receiving = imports.receive(OWNER)) {
                try (OutputStream out = receiving.file("abstracts.zip", "")) {
                    writeZip(out, documents);
                }
                job = imports.submit(receiving);
            }
            ImportState state;
            do {
                Thread.sleep(100);
                state = imports.find(OWNER, job.id()).orElseThrow();
            } while (!List.of("done", "failed", "cancelled").contains(state.status()));
            double seconds = Duration.between(start, clock.instant()).toMillis() / 1000.0;
            OUT.printf(
                    "import job without model and index: %d documents in %.1f s, %.0f documents/s; %s%n",
                    documents, seconds, documents / seconds, state.totals());
        }
        System.exit(0);
    }

    private static void writeZip(OutputStream out, int documents) throws java.io.IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (int n = 0; n < documents; n++) {
            zip.putNextEntry(new ZipEntry("abstracts/abstract-" + n + ".txt"));
            zip.write(ImportBench.text(n).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        zip.finish();
    }

    /** An index that keeps nothing: searching is not what is measured. */
    private static final class NoIndex implements ReplicaIndex {
        private long applied;

        @Override
        public void add(List<Passage> passages, List<float[]> vectors) {}

        @Override
        public void deleteDocument(String owner, String documentId) {}

        @Override
        public boolean holds(String owner) {
            return false;
        }

        @Override
        public List<ScoredPassage> search(String owner, String query, float[] queryVector, int k) {
            return List.of();
        }

        @Override
        public List<ScoredPassage> searchWithin(
                String owner, Set<String> documentIds, String query, float[] queryVector, int k) {
            return List.of();
        }

        @Override
        public Set<HeldDocument> documents() {
            return Set.of();
        }

        @Override
        public long appliedPosition() {
            return applied;
        }

        @Override
        public void markApplied(long position) {
            applied = position;
        }
    }
}
