package com.researchassistant.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Interactive latency while the library ingests (issue 15): the server as its own process with the
 * launcher's flags, a stub model upstream, a seed library of 50 abstracts; then chat time to first
 * token and search latency, one request at a time, first idle and then while two clients upload
 * abstracts through the upload API as fast as it takes them (each upload waits for its indexing, as
 * the API does). RSS at the end; then RSS while {@code pdfMegabytes} of generated PDFs are uploaded.
 * {@code LoadBench import [abstracts] [pdfMegabytes]}.
 */
final class ImportLoad {

    private static final String KEY = "bench-import-key-0001";
    /** The server takes two uploads at a time (WebApp.CONCURRENT_UPLOADS); more would be refused with 429. */
    private static final int UPLOADERS = 2;

    private static final String[] WORDS = ("the a of in on for with results method model data protein climate "
                    + "neural network sample cohort trial effect analysis variance regression estimate signal noise "
                    + "measurement sensor temperature pressure cell gene expression pathway response treatment dose "
                    + "patients survey respondents policy market price demand supply energy storage battery tidal "
                    + "turbine sediment estuary habitat species migration memory sleep consolidation retrieval")
            .split(" ");
    private static final String[] QUESTIONS = {
        "What does the cohort analysis say about treatment response?",
        "How is sleep related to memory consolidation in these studies?",
        "Which estimates of tidal turbine capacity are most uncertain?",
        "Summarise the evidence on battery storage prices.",
    };

    private final Path project;
    private final PrintStream out;
    private final AtomicInteger ids = new AtomicInteger(1_000_000);

    ImportLoad(Path project, PrintStream out) {
        this.project = project;
        this.out = out;
    }

    void run(int abstracts, int pdfMegabytes) throws Exception {
        try (Upstream upstream = new Upstream(60, Duration.ofMillis(20), Duration.ofMillis(100));
                BenchServer server = BenchServer.start(
                        project,
                        Files.createTempDirectory("ra-bench-import-"),
                        Map.of(
                                "RA_LLM_BASE_URL",
                                upstream.url().toString(),
                                "HF_TOKEN",
                                "x",
                                "RA_LLM_MODEL",
                                "stub",
                                "RA_RATE_LIMIT",
                                "0",
                                "RA_ANSWERS_PER_IDENTITY",
                                "0"))) {
            out.printf("server flags: %s%n", server.commandLine());
            ChatClient client = new ChatClient(server.base());
            Random random = new Random(42);
            for (int i = 0; i < 50; i++) {
                upload(client, random, i);
            }
            out.printf(
                    "seed library of 50 abstracts; RSS %.1f MB; loadavg %s%n", server.rssMb(), LoadBench.loadAverage());
            measure(client, upstream, "idle", () -> false, 10, 60);
            AtomicInteger uploaded = new AtomicInteger();
            long start = System.nanoTime();
            try (ExecutorService uploaders = Executors.newFixedThreadPool(UPLOADERS)) {
                List<Future<?>> running = new ArrayList<>();
                for (int u = 0; u < UPLOADERS; u++) {
                    Random own = new Random(100 + u);
                    running.add(uploaders.submit(() -> {
                        for (int n = uploaded.getAndIncrement(); n < abstracts; n = uploaded.getAndIncrement()) {
                            upload(client, own, 50 + n);
                        }
                    }));
                }
                measure(
                        client,
                        upstream,
                        "during the import",
                        () -> running.stream().allMatch(Future::isDone),
                        0,
                        Integer.MAX_VALUE);
                for (Future<?> future : running) {
                    future.get();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(
                    "imported %d abstracts through the upload API (%d clients) in %.1f s: %.1f a second%n",
                    abstracts, UPLOADERS, seconds, abstracts / seconds);
            out.printf(
                    "RSS at the end %.1f MB (%s), HWM %.1f MB; loadavg %s%n",
                    server.rssMb(), server.rssParts(), server.hwmMb(), LoadBench.loadAverage());
            pdfs(client, server, pdfMegabytes);
        }
    }

    /**
     * Uploads {@code megabytes} of generated PDFs, about 9 MB each (an incompressible image and a
     * few pages of text), two at a time as the server allows, sampling RSS every 100 ms.
     */
    private void pdfs(ChatClient client, BenchServer server, int megabytes) throws Exception {
        if (megabytes <= 0) {
            return;
        }
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            files.add(GeneratedPdf.of(new Random(7 + i), 3, 1700));
        }
        int size = files.getFirst().length;
        int count = (int) Math.ceil(megabytes * 1e6 / size);
        double[] peak = {server.rssMb()};
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], server.rssMb());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService uploaders = Executors.newFixedThreadPool(2)) {
            List<Future<?>> running = new ArrayList<>();
            for (int u = 0; u < 2; u++) {
                running.add(uploaders.submit(() -> {
                    for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                        int file = n;
                        retryWhileBusy(() -> client.uploadFile(
                                KEY, "generated-" + file + ".pdf", "application/pdf", files.get(file % files.size())));
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        out.printf(
                "uploaded %d PDFs of %.1f MB (%.0f MB in all) in %.1f s: peak RSS %.1f MB (sampled every 100 ms),"
                        + " HWM %.1f MB, at the end %.1f MB (%s); loadavg %s%n",
                count,
                size / 1e6,
                count * size / 1e6,
                (System.nanoTime() - start) / 1e9,
                peak[0],
                server.hwmMb(),
                server.rssMb(),
                server.rssParts(),
                LoadBench.loadAverage());
    }

    private interface Done {
        boolean now();
    }

    /** Alternates a chat message and a search, one at a time, until {@code done} or {@code count} of each. */
    private void measure(ChatClient client, Upstream upstream, String label, Done done, int warmUp, int count) {
        List<Long> added = new ArrayList<>();
        List<Long> ttft = new ArrayList<>();
        List<Long> searches = new ArrayList<>();
        String session = null;
        for (int i = 0; i < warmUp + count && !(i >= warmUp && done.now()); i++) {
            if (i % 5 == 0) {
                session = client.createSession(KEY, "import bench " + i);
            }
            long id = ids.incrementAndGet();
            ChatClient.Result r = client.chat(KEY, session, "[bench:" + id + "] " + QUESTIONS[i % QUESTIONS.length]);
            long search = client.search(KEY, QUESTIONS[(i + 1) % QUESTIONS.length]);
            Upstream.Timing t = upstream.timing(id);
            if (i < warmUp || !r.streamed() || t == null) {
                continue;
            }
            ttft.add(r.firstTokenNanos() - r.sentNanos());
            added.add(r.firstTokenNanos() - r.sentNanos() - t.ttftNanos());
            searches.add(search);
        }
        out.printf(
                "%s (loadavg %s): chat TTFT %s; server-added %s; search %s%n",
                label, LoadBench.loadAverage(), quantiles(ttft), quantiles(added), quantiles(searches));
    }

    private void upload(ChatClient client, Random random, int n) {
        StringBuilder text = new StringBuilder();
        int length = 1300 + random.nextInt(400);
        while (text.length() < length) {
            StringBuilder sentence = new StringBuilder();
            int words = 10 + random.nextInt(15);
            for (int w = 0; w < words; w++) {
                sentence.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            text.append(Character.toUpperCase(sentence.charAt(0)))
                    .append(sentence.substring(1))
                    .append(". ");
        }
        retryWhileBusy(
                () -> client.addDocument(KEY, "Abstract " + n, text.toString().strip()));
    }

    /**
     * Runs an upload again while the server answers 429 (its two upload slots are taken: a slot can
     * still be held for a moment after the previous upload's response arrived).
     */
    private static void retryWhileBusy(Runnable upload) {
        for (int attempt = 1; ; attempt++) {
            try {
                upload.run();
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 50 || e.getMessage() == null || !e.getMessage().contains(" answered 429")) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String quantiles(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "no samples";
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(
                "n %d, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms",
                sorted.length, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
