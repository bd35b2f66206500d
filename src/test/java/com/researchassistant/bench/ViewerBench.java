package com.researchassistant.bench;

import com.researchassistant.testing.HeavyPdf;
import com.researchassistant.testing.JsonPaths;
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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The source viewer under a burst of page renders, on the real server as its own process ({@code
 * ./ra serve}: the launcher's flags, -Xmx192m): a 300-page PDF with a figure on every page is
 * uploaded, one passage is viewed, then {@code clients} clients ask for distinct pages at a phone's
 * size (390 CSS px, ratio 3) at once while a probe keeps listing conversations. Prints statuses,
 * latencies, pages/s, the probe's latency and the server's RSS. A main class, not a test.
 */
public final class ViewerBench {

    private static final PrintStream OUT = System.out;
    private static final String KEY = "viewer-bench-key-0123456789";

    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private BenchServer server;

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int renders = args.length > 2 ? Integer.parseInt(args[2]) : 160;
        Path project = Path.of(System.getProperty("bench.project", ".")).toAbsolutePath();
        Path data = Files.createTempDirectory("ra-viewer-bench");
        Path pdf = data.resolve("long.pdf");
        HeavyPdf.write(pdf, pages);
        OUT.printf(
                Locale.ROOT,
                "# viewer %s: a %d-page PDF of %.1f MB, %d clients, %d renders%n",
                Instant.now(),
                pages,
                Files.size(pdf) / 1e6,
                clients,
                renders);
        Map<String, String> env = Map.of(
                "RA_MAX_UPLOAD_BYTES",
                "104857600",
                "RA_ORIGINALS_MAX_BYTES",
                "104857600",
                "RA_UPLOAD_BUFFER_BYTES",
                "104857600");
        Files.createDirectories(data.resolve("server"));
        try (BenchServer started = BenchServer.start(project, data.resolve("server"), env)) {
            ViewerBench bench = new ViewerBench();
            bench.server = started;
            bench.run(pdf, pages, clients, renders);
        }
        System.exit(0);
    }

    private void run(Path pdf, int pages, int clients, int renders) throws Exception {
        OUT.printf("server flags: %s%n", server.commandLine());
        Instant start = clock.instant();
        String id = upload(pdf);
        OUT.printf(Locale.ROOT, "upload and indexing: %.1f s; RSS %.1f MB%n", seconds(start), server.rssMb());
        start = clock.instant();
        HttpResponse<String> passages = get("/api/library/search?q=" + "p150l1&k=1");
        int ordinal = JsonPaths.tree(passages.body()).at("/results/0/chunk").asInt();
        HttpResponse<String> view = get("/api/library/documents/" + id + "/view?passage=" + ordinal);
        OUT.printf(
                Locale.ROOT,
                "first view of a passage (copies the original from the database, reads the page's"
                        + " text positions): %d, %.2f s, page %s, match %s%n",
                view.statusCode(),
                seconds(start),
                JsonPaths.text(view.body(), "/page/number"),
                JsonPaths.text(view.body(), "/page/match"));
        burst(id, pages, clients, renders);
    }

    private void burst(String id, int pages, int clients, int renders) throws Exception {
        double[] peak = {server.rssMb()};
        List<Long> probe = new CopyOnWriteArrayList<>();
        Thread sampler = Thread.ofVirtual().start(() -> sample(peak, probe));
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<Long> okMillis = new CopyOnWriteArrayList<>();
        AtomicInteger bytes = new AtomicInteger();
        Instant start = clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            work.add(pool.submit(() -> {
                for (int n = client; n < renders; n += clients) {
                    int page = 1 + (int) ((long) n * 7919 % pages);
                    Instant t0 = clock.instant();
                    HttpResponse<byte[]> res = http.send(
                            request("/api/library/documents/" + id + "/pages/" + page + "?w=390&dpr=3")
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    statuses.computeIfAbsent(res.statusCode(), k -> new AtomicInteger())
                            .incrementAndGet();
                    if (res.statusCode() == 200) {
                        okMillis.add(Duration.between(t0, clock.instant()).toMillis());
                        bytes.addAndGet(res.body().length);
                    } else {
                        Thread.sleep(1_000L
                                * Long.parseLong(
                                        res.headers().firstValue("Retry-After").orElse("1")));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        double took = seconds(start);
        pool.shutdown();
        sampler.interrupt();
        int ok = okMillis.size();
        OUT.printf(
                Locale.ROOT,
                "burst: %d requests in %.1f s, statuses %s; drawn pages %.1f/s, %.0f KB each;"
                        + " latency of drawn pages p50 %d ms, p90 %d ms, max %d ms%n",
                renders,
                took,
                statuses,
                ok / took,
                ok == 0 ? 0 : bytes.get() / 1024.0 / ok,
                pct(okMillis, 50),
                pct(okMillis, 90),
                pct(okMillis, 100));
        OUT.printf(
                Locale.ROOT,
                "conversation list meanwhile (every 250 ms): p50 %d ms, max %d ms over %d calls%n",
                pct(probe, 50),
                pct(probe, 100),
                probe.size());
        OUT.printf(
                Locale.ROOT,
                "RSS: peak sampled %.1f MB, at the end %.1f MB (%s), HWM %.1f MB%n",
                peak[0],
                server.rssMb(),
                server.rssParts(),
                server.hwmMb());
    }

    private void sample(double[] peak, List<Long> probe) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], server.rssMb());
                Instant t0 = clock.instant();
                get("/api/sessions");
                probe.add(Duration.between(t0, clock.instant()).toMillis());
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            OUT.println("probe failed: " + e);
        }
    }

    private String upload(Path pdf) throws IOException, InterruptedException {
        String boundary = "----bench" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"long.pdf\""
                        + "\r\nContent-Type: application/pdf\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(pdf));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> res = http.send(
                request("/api/library/documents")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 201) {
            throw new IllegalStateException("upload: " + res.statusCode() + " " + res.body());
        }
        String id = JsonPaths.text(res.body(), "id");
        while (!JsonPaths.text(get("/api/library/documents/" + id).body(), "status")
                .equals("ready")) {
            Thread.sleep(500);
        }
        return id;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.base().resolve(path))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + KEY);
    }

    private double seconds(Instant start) {
        return Duration.between(start, clock.instant()).toMillis() / 1000.0;
    }

    private static long pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }
}
