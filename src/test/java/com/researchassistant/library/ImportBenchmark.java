package com.researchassistant.library;

import com.researchassistant.embed.CachedEmbedder;
import com.researchassistant.embed.OnnxEmbedder;
import com.researchassistant.retrieve.IndexBuild;
import com.researchassistant.retrieve.LuceneIndex;
import com.researchassistant.retrieve.LuceneSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Bulk import through the library's Java API with the real model, Lucene index and SQLite, in one
 * JVM (issue 15): the one-document path ({@link Library#ingest}, each upload waiting for its
 * indexing, as the upload API does) against the queued path ({@link Library#enqueue}), on the same
 * generated abstracts; search latency idle and while the queued import runs (a client searching
 * every 50 ms); then one long PDF. A main class, not a test: the figures go to docs/benchmarks.md.
 *
 * <p>Arguments: {@code cacheDir [abstracts] [pdfPages]}, default 1000 and 300.
 */
final class ImportBenchmark {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final String OWNER = "bench-owner";
    private static final String[] WORDS = ("the a of in on for with results method model data protein climate "
                    + "neural network sample cohort trial effect analysis variance regression estimate signal noise "
                    + "measurement sensor temperature pressure cell gene expression pathway response treatment dose "
                    + "patients survey respondents policy market price demand supply energy storage battery tidal "
                    + "turbine sediment estuary habitat species migration memory sleep consolidation retrieval")
            .split(" ");

    private ImportBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path cacheDir = Path.of(args[0]);
        int abstracts = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int pdfPages = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        List<Upload> uploads = abstracts(abstracts, new Random(42));
        OUT.printf(
                "abstracts=%d of %d chars on average; cores=%d; loadavg %s%n",
                uploads.size(),
                (int) uploads.stream().mapToLong(u -> u.content().size()).sum() / uploads.size(),
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        try (OnnxEmbedder onnx = OnnxEmbedder.open(cacheDir)) {
            onnx.embedAll(uploads.stream()
                    .limit(40)
                    .map(u -> new String(u.content().readAll(), StandardCharsets.UTF_8))
                    .toList());
            floor(onnx, uploads);
            run("one-document path (ingest, waits for each)", onnx, uploads, false);
            run("queued path (enqueue, rounds)", onnx, uploads, true);
            pdf(onnx, pdfPages);
        }
        OUT.printf("loadavg at end %s%n", loadAverage());
    }

    /**
     * The embedding work alone: every chunk of the import embedded one at a time on this thread, in
     * CPU time, and what that is on all cores; no import can be faster with this model at batch 1.
     */
    private static void floor(OnnxEmbedder onnx, List<Upload> uploads) {
        LibrarySettings settings = LibrarySettings.defaults();
        Chunker chunker = new Chunker(settings.chunkChars(), settings.chunkOverlapChars());
        DocumentParser parser = new DocumentParser(settings.maxUploadBytes(), settings.maxTextChars());
        List<String> texts = uploads.stream()
                .flatMap(upload -> chunker.chunk(parser.parse(upload).sections()).stream())
                .map(Chunk::text)
                .toList();
        long cpu = threadCpuNanos();
        texts.forEach(onnx::embed);
        double seconds = (threadCpuNanos() - cpu) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        OUT.printf(
                "embedding floor: %d chunks, %.1f ms of CPU a chunk at batch 1 -> %.1f CPU-s, %.1f s on %d cores%n",
                texts.size(), seconds * 1000 / texts.size(), seconds, seconds / cores, cores);
    }

    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void run(String name, OnnxEmbedder onnx, List<Upload> uploads, boolean queued) throws Exception {
        Path dir = Files.createTempDirectory("import-bench");
        try (LuceneIndex index = LuceneIndex.open(
                        dir.resolve("index"), LuceneSettings.defaults(onnx.dimensions()), IndexBuild.defaults());
                Library library = Library.open(
                        "jdbc:sqlite:" + dir.resolve("library.db"),
                        LibrarySettings.defaults(),
                        new CachedEmbedder(onnx, 10_000),
                        index,
                        Clock.systemUTC())) {
            library.ingest(OWNER, Upload.text("seed", "A first document so that searches have something to find."));
            long[] idle = searches(library, 100);
            OUT.printf("%s; loadavg %s%n  search idle: %s%n", name, loadAverage(), quantiles(idle));
            AtomicBoolean importing = new AtomicBoolean(true);
            List<Long> during = new ArrayList<>();
            Thread searcher = Thread.ofPlatform().start(() -> during.addAll(searchWhile(library, importing)));
            long start = System.nanoTime();
            long cpu = processCpuNanos();
            List<String> ids = new ArrayList<>();
            for (Upload upload : uploads) {
                ids.add((queued ? library.enqueue(OWNER, upload) : library.ingest(OWNER, upload)).id());
            }
            int chunks = awaitReady(library, ids);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
            importing.set(false);
            searcher.join();
            OUT.printf(
                    "  %d documents, %d chunks in %.1f s: %.1f documents/s, %.1f chunks/s; process CPU %.1f s"
                            + " (%.0f %% of %d cores)%n",
                    ids.size(),
                    chunks,
                    seconds,
                    ids.size() / seconds,
                    chunks / seconds,
                    cpuSeconds,
                    100 * cpuSeconds / seconds / Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors());
            OUT.printf(
                    "  search during the import (every 50 ms): %s%n",
                    quantiles(during.stream().mapToLong(Long::longValue).toArray()));
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void pdf(OnnxEmbedder onnx, int pages) throws Exception {
        Random random = new Random(3);
        List<List<String>> content = new ArrayList<>();
        for (int p = 0; p < pages; p++) {
            List<String> lines = new ArrayList<>();
            for (int l = 0; l < 40; l++) {
                lines.add(words(random, 12 + random.nextInt(4)));
            }
            content.add(lines);
        }
        byte[] bytes = Pdfs.pages("A long report", content);
        Path dir = Files.createTempDirectory("import-bench-pdf");
        try (LuceneIndex index = LuceneIndex.open(
                        dir.resolve("index"), LuceneSettings.defaults(onnx.dimensions()), IndexBuild.defaults());
                Library library = Library.open(
                        "jdbc:sqlite:" + dir.resolve("library.db"),
                        LibrarySettings.defaults(),
                        new CachedEmbedder(onnx, 10_000),
                        index,
                        Clock.systemUTC())) {
            long start = System.nanoTime();
            long cpu = processCpuNanos();
            Document document = library.enqueue(OWNER, Upload.file("report.pdf", "application/pdf", bytes));
            double parsed = (System.nanoTime() - start) / 1e9;
            int chunks = awaitReady(library, List.of(document.id()));
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
            OUT.printf(
                    "PDF of %d pages (%.1f MB): parsed and chunked in %.1f s, ready (%d chunks) in %.1f s;"
                            + " process CPU %.1f s (%.0f %% of %d cores); loadavg %s%n",
                    pages,
                    bytes.length / 1e6,
                    parsed,
                    chunks,
                    seconds,
                    cpuSeconds,
                    100 * cpuSeconds / seconds / Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors(),
                    loadAverage());
        } finally {
            deleteRecursively(dir);
        }
    }

    private static int awaitReady(Library library, List<String> ids) throws InterruptedException {
        int chunks = 0;
        for (String id : ids) {
            while (true) {
                Document document = library.find(OWNER, id).orElseThrow();
                if (document.status() == DocumentStatus.FAILED) {
                    throw new IllegalStateException("document failed: " + document);
                }
                if (document.status() == DocumentStatus.READY) {
                    chunks += document.chunkCount();
                    break;
                }
                Thread.sleep(20);
            }
        }
        return chunks;
    }

    private static long[] searches(Library library, int count) {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            library.search(OWNER, "effect of sleep on memory consolidation " + i, 5);
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static List<Long> searchWhile(Library library, AtomicBoolean running) {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; running.get(); i++) {
            long start = System.nanoTime();
            library.search(OWNER, "treatment response in the patient cohort " + i, 5);
            nanos.add(System.nanoTime() - start);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return nanos;
            }
        }
        return nanos;
    }

    /** Abstract-like texts of about 1.5 KB: a title line and sentences of research vocabulary. */
    static List<Upload> abstracts(int count, Random random) {
        List<Upload> uploads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1300 + random.nextInt(400);
            while (text.length() < length) {
                String sentence = words(random, 10 + random.nextInt(15));
                text.append(Character.toUpperCase(sentence.charAt(0)))
                        .append(sentence.substring(1))
                        .append(". ");
            }
            uploads.add(Upload.text(
                    "Abstract " + i + ": " + words(random, 6), text.toString().strip()));
        }
        return uploads;
    }

    private static String words(Random random, int count) {
        StringBuilder line = new StringBuilder();
        for (int w = 0; w < count; w++) {
            line.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return line.toString();
    }

    private static String quantiles(long[] nanos) {
        if (nanos.length == 0) {
            return "no samples";
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                "n %d, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms",
                sorted.length, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
