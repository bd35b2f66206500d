package com.researchassistant.library;

import com.researchassistant.testing.PostgresServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;

/**
 * Where to keep uploaded originals, measured: writing a 20 MB upload as the document's original
 * in SQLite and in PostgreSQL (parts of 256 KiB), reading it back to a local file, against copying
 * the same file on local disk (what a per-instance file store would cost). Random bytes, as a
 * PDF's compressed streams are. A main class, not a test.
 */
public final class OriginalsBenchmark {

    private static final Clock CLOCK = Clock.systemUTC();

    private OriginalsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("ra-originals-bench");
        Path upload = work.resolve("upload.bin");
        byte[] bytes = new byte[megabytes << 20];
        new Random(1).nextBytes(bytes);
        Files.write(upload, bytes);
        for (int r = 0; r < rounds; r++) {
            Instant t0 = CLOCK.instant();
            Files.copy(upload, work.resolve("copy-" + r), StandardCopyOption.REPLACE_EXISTING);
            System.out.printf(
                    Locale.ROOT,
                    "file store (local copy): %d ms%n",
                    Duration.between(t0, CLOCK.instant()).toMillis());
        }
        measure("SQLite", "jdbc:sqlite:" + work.resolve("bench.db"), upload, rounds, work);
        try (PostgresServer postgres = PostgresServer.launch()) {
            measure("PostgreSQL", postgres.newDatabase(), upload, rounds, work);
        }
    }

    private static void measure(String name, String url, Path upload, int rounds, Path work) throws Exception {
        try (JdbcDocumentStore store = JdbcDocumentStore.open(url, CLOCK)) {
            long size = Files.size(upload);
            for (int r = 0; r < rounds; r++) {
                Document d = store.insert("bench", "Original " + r, "application/pdf", size, 1);
                Instant t0 = CLOCK.instant();
                store.transaction(
                        "keep",
                        c -> OriginalParts.insert(
                                c, d.id(), "application/pdf", new Upload.Spooled(upload, size), CLOCK.millis()));
                Instant t1 = CLOCK.instant();
                Path back = work.resolve("back-" + r);
                try (OutputStream out = Files.newOutputStream(back)) {
                    store.transaction("copy", c -> OriginalParts.copy(c, d.id(), out));
                }
                Instant t2 = CLOCK.instant();
                if (Files.mismatch(upload, back) != -1) {
                    throw new IllegalStateException("the copy differs");
                }
                System.out.printf(
                        Locale.ROOT,
                        "%s: write %.0f MB %d ms, read back to a file %d ms, stored %s%n",
                        name,
                        size / 1e6,
                        Duration.between(t0, t1).toMillis(),
                        Duration.between(t1, t2).toMillis(),
                        stored(store, url));
            }
        }
    }

    private static String stored(JdbcDocumentStore store, String url) {
        return store.transaction("size", c -> {
            String sql = url.startsWith("jdbc:sqlite:")
                    ? "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
                    : "SELECT pg_total_relation_size('document_original_parts')";
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                r.next();
                return String.format(
                        Locale.ROOT,
                        "%.1f MB in %s",
                        r.getLong(1) / 1e6,
                        url.startsWith("jdbc:sqlite:") ? "the database file" : "document_original_parts");
            }
        });
    }
}
