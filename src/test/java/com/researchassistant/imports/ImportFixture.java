package com.researchassistant.imports;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.config.StoreConfig;
import com.researchassistant.embed.Embedder;
import com.researchassistant.job.Job;
import com.researchassistant.job.JobEvent;
import com.researchassistant.job.JobSettings;
import com.researchassistant.job.JobStore;
import com.researchassistant.job.Jobs;
import com.researchassistant.library.Library;
import com.researchassistant.library.LibrarySettings;
import com.researchassistant.retrieve.LuceneIndex;
import com.researchassistant.retrieve.LuceneSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real library (SQLite, Lucene, the given embedder) with imports running on it, as the server
 * wires them, in a data directory that outlives one instance: {@link #close()} then {@link #open}
 * is a restart.
 */
final class ImportFixture implements AutoCloseable {

    static final String ALICE = "alice";
    static final JobSettings JOBS =
            new JobSettings(1, 4, 2, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofDays(1));

    final Library library;
    final Imports imports;
    final Path dataDir;
    private final JobStore store;
    private final LuceneIndex index;

    private ImportFixture(Path dataDir, Embedder embedder, ImportSettings settings) {
        this.dataDir = dataDir;
        Clock clock = Clock.systemUTC();
        this.index = LuceneIndex.open(dataDir.resolve("index"), LuceneSettings.defaults(embedder.dimensions()));
        StoreConfig storeConfig = new StoreConfig(
                dataDir, Optional.empty(), 0, 0, Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofHours(1));
        this.library = Library.open(
                storeConfig,
                new LibrarySettings(1_000_000, 200_000, 400, 40, 8, 1, 4, Duration.ZERO, 20),
                embedder,
                index,
                clock);
        library.recover();
        this.store = JobStore.open(DatabaseConfig.of("jdbc:sqlite:" + dataDir.resolve("research-assistant.db")), clock);
        this.imports = Imports.start(store, library, settings, JOBS, clock);
    }

    static ImportFixture open(Path dataDir, Embedder embedder) {
        return new ImportFixture(dataDir, embedder, settings(dataDir, 1_000));
    }

    static ImportSettings settings(Path dataDir, int maxEntries) {
        return new ImportSettings(
                dataDir.resolve("imports"),
                50_000_000,
                maxEntries,
                1_000_000,
                20_000_000,
                100,
                1_000_000,
                4,
                Duration.ofMillis(20));
    }

    /** Uploads the files (name to bytes) as one import. */
    Job submit(Map<String, byte[]> files) {
        try (Receiving receiving = imports.receive(ALICE)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                try (OutputStream out = receiving.file(file.getKey(), "")) {
                    out.write(file.getValue());
                }
            }
            return imports.submit(receiving);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every event of the import until its end. */
    List<JobEvent> follow(String jobId) throws InterruptedException {
        List<JobEvent> events = new ArrayList<>();
        long seen = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Jobs.Batch batch =
                    imports.events(ALICE, jobId, seen, Duration.ofMillis(200)).orElseThrow();
            events.addAll(batch.events());
            if (!batch.events().isEmpty()) {
                seen = batch.events().get(batch.events().size() - 1).seq();
            }
            if (batch.finished()) {
                return events;
            }
        }
        throw new AssertionError("the import did not end within a minute: " + events);
    }

    ImportState state(String jobId) {
        return imports.find(ALICE, jobId).orElseThrow();
    }

    @Override
    public void close() {
        imports.close();
        store.close();
        library.close();
        index.close();
    }
}
