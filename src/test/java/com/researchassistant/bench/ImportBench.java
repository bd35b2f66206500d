package com.researchassistant.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bulk import through the HTTP API, as a script would run it: {@code documents} generated texts
 * of about 1.5 KB, uploaded by {@code clients} parallel clients (even numbers as JSON, odd ones as
 * multipart files), each honouring Retry-After on 429 up to five times. The server is its own
 * process ({@code ./ra serve}, the launcher's JVM flags, embedded SQLite and the real embedding
 * model). Prints the time, documents/s, the 429s seen and the server's RSS (peak sampled every
 * 500 ms, and at the end). A main class, not a test; {@code bench/run.sh import} runs it.
 *
 * <p>Usage: {@code ImportBench [documents=5000] [clients=4]}
 */
public final class ImportBench {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final String KEY = "bench-import-key-0123456789";
    private static final int MAX_RETRIES = 5;
    private static final String[] WORDS = ("sleep memory consolidation hippocampus replay cortex synapse plasticity "
                    + "rhythm circadian melatonin light dark neuron spindle slow wave dream recall encoding retrieval study "
                    + "sample effect power analysis trial cohort measure variance model estimate signal noise protein gene "
                    + "expression climate ocean carbon ice sheet temperature forest soil river sediment policy market price")
            .split(" ");

    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong retryWaitMillis = new AtomicLong();
    BenchServer server;

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path project = Path.of(System.getProperty("bench.project", ".")).toAbsolutePath();
        Path data = Files.createTempDirectory("ra-import-bench");
        OUT.printf(
                "# import %s: %d documents of ~1.5 KB, %d clients, loadavg %s%n",
                Instant.now(), documents, clients, loadAverage());
        try (BenchServer server = BenchServer.start(project, data, Map.of())) {
            ImportBench bench = new ImportBench();
            bench.server = server;
            bench.run(documents, clients);
        }
        OUT.printf("# end %s, loadavg %s%n", Instant.now(), loadAverage());
        System.exit(0);
    }

    void run(int documents, int clients) throws Exception {
        OUT.printf("server flags: %s%n", server.commandLine());
        OUT.printf("idle: RSS %.1f MB%n", server.rssMb());
        double[] peak = {server.rssMb()};
        Thread sampler = Thread.ofVirtual().start(() -> sample(peak));
        double cpuBefore = server.cpuSeconds();
        double embedBefore = server.threadCpuSeconds("onnx-embed");
        Instant start = clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            work.add(pool.submit(() -> {
                for (int n = client; n < documents; n += clients) {
                    upload(n);
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        Duration took = Duration.between(start, clock.instant());
        pool.shutdown();
        sampler.interrupt();
        double seconds = took.toMillis() / 1000.0;
        OUT.printf(
                "imported %d documents in %.1f s: %.1f documents/s; 429 answers %d (%.1f s spent waiting on"
                        + " Retry-After), failed after retries %d%n",
                documents - failures.get(),
                seconds,
                (documents - failures.get()) / seconds,
                refusals.get(),
                retryWaitMillis.get() / 1000.0,
                failures.get());
        double cpu = server.cpuSeconds() - cpuBefore;
        double embedding = server.threadCpuSeconds("onnx-embed") - embedBefore;
        OUT.printf(
                "server CPU during the uploads: %.1f s (%.1f ms a document), of it embedding (onnx-embed threads)"
                        + " %.1f s, the rest %.1f s (%.1f ms a document); loadavg %s%n",
                cpu,
                cpu * 1000 / documents,
                embedding,
                cpu - embedding,
                (cpu - embedding) * 1000 / documents,
                loadAverage());
        OUT.printf(
                "RSS: peak sampled %.1f MB, at the end %.1f MB (%s), HWM %.1f MB%n",
                peak[0], server.rssMb(), server.rssParts(), server.hwmMb());
        OUT.printf("library now lists %d documents%n", listed());
    }

    private void sample(double[] peak) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], server.rssMb());
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One document, retried after Retry-After on 429 (at most five times). */
    private void upload(int n) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> res = http.send(request(n), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 201) {
                return;
            }
            if (res.statusCode() != 429 || attempt == MAX_RETRIES) {
                failures.incrementAndGet();
                OUT.printf("document %d: %d %s%n", n, res.statusCode(), res.body());
                return;
            }
            refusals.incrementAndGet();
            long wait = res.headers().firstValueAsLong("Retry-After").orElse(1) * 1000;
            retryWaitMillis.addAndGet(wait);
            Thread.sleep(wait);
        }
    }

    private HttpRequest request(int n) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.base().resolve("/api/library/documents"))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + KEY);
        if (n % 2 == 0) {
            String json = "{\"title\":\"Note " + n + "\",\"text\":\"" + text(n) + "\"}";
            return b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                    .build();
        }
        String boundary = "----import" + n;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note-" + n
                        + ".txt\"\r\nContent-Type: text/plain\r\n\r\n" + text(n) + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        return b.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
    }

    /** About 1.5 KB of sentences, different for each {@code n}. */
    static String text(int n) {
        StringBuilder text = new StringBuilder("Document " + n + ". ");
        for (int i = 0; text.length() < 1_500; i++) {
            text.append(WORDS[(n * 7 + i * 13 + i * i) % WORDS.length]).append(i % 9 == 8 ? ". " : " ");
        }
        return text.toString().strip() + ".";
    }

    private int listed() throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(server.base().resolve("/api/library/documents"))
                        .header("Authorization", "Bearer " + KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return res.body().split("\"id\":", -1).length - 1;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
