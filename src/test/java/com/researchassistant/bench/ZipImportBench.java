package com.researchassistant.bench;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A bulk import as one zip through {@code POST /api/library/imports}, against the same documents
 * through the one-document API ({@link ImportBench}, four clients) as the baseline, in one run and
 * each on a fresh server ({@code ./ra serve}: the launcher's flags, embedded SQLite, the real
 * embedding model). The zip holds {@code documents} generated abstracts of about 1.5 KB. Prints the
 * time from the first byte of the upload to the import's end, documents/s, the server's RSS (peak
 * sampled every 500 ms, and HWM) and the import's totals. A main class, not a test; {@code
 * bench/run.sh zipimport} runs it.
 *
 * <p>Usage: {@code ZipImportBench [documents=5000] [baseline=yes|no]}
 */
public final class ZipImportBench {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final String KEY = "bench-zip-import-key-0123456789";
    private static final String BOUNDARY = "----ra-bench-zip-import";
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");
    private static final Pattern TOTALS = Pattern.compile("\"totals\":(\\{[^}]*})");

    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        boolean baseline = args.length < 2 || !args[1].equals("no");
        Path project = Path.of(System.getProperty("bench.project", ".")).toAbsolutePath();
        Path work = Files.createTempDirectory("ra-zip-import-bench");
        Path zip = work.resolve("abstracts.zip");
        Path body = work.resolve("body.bin");
        Files.createDirectories(work.resolve("zip-data"));
        Files.createDirectories(work.resolve("api-data"));
        writeZip(zip, documents);
        writeBody(body, zip);
        OUT.printf(
                "# zip import %s: %d abstracts of ~1.5 KB in one zip of %.1f MB, loadavg %s%n",
                Instant.now(), documents, Files.size(zip) / 1e6, ImportBenchLoad.average());
        try (BenchServer server = BenchServer.start(project, work.resolve("zip-data"), Map.of())) {
            new ZipImportBench().run(server, body, documents);
        }
        if (baseline) {
            OUT.printf(
                    "# baseline: the same documents through POST /api/library/documents, 4 clients, loadavg %s%n",
                    ImportBenchLoad.average());
            try (BenchServer server = BenchServer.start(project, work.resolve("api-data"), Map.of())) {
                ImportBench bench = new ImportBench();
                bench.server = server;
                bench.run(documents, 4);
            }
        }
        OUT.printf("# end %s, loadavg %s%n", Instant.now(), ImportBenchLoad.average());
        System.exit(0);
    }

    private void run(BenchServer server, Path body, int documents) throws Exception {
        OUT.printf("server flags: %s%n", server.commandLine());
        OUT.printf("idle: RSS %.1f MB (%s)%n", server.rssMb(), server);
        double peak = server.rssMb();
        double cpuBefore = server.cpuSeconds();
        double embedBefore = server.threadCpuSeconds("onnx-embed");
        Instant start = clock.instant();
        HttpResponse<String> accepted = http.send(
                HttpRequest.newBuilder(server.base().resolve("/api/library/imports"))
                        .timeout(Duration.ofMinutes(10))
                        .header("Authorization", "Bearer " + KEY)
                        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofFile(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Duration upload = Duration.between(start, clock.instant());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("import refused: " + accepted.statusCode() + " " + accepted.body());
        }
        String location = accepted.headers().firstValue("Location").orElseThrow();
        String state = accepted.body();
        while (!finished(state)) {
            Thread.sleep(500);
            peak = Math.max(peak, server.rssMb());
            state = http.send(
                            HttpRequest.newBuilder(server.base().resolve(location))
                                    .header("Authorization", "Bearer " + KEY)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
        double seconds = Duration.between(start, clock.instant()).toMillis() / 1000.0;
        Matcher totals = TOTALS.matcher(state);
        OUT.printf(
                "zip import: %d documents in %.1f s (upload and 202 in %.1f s): %.1f documents/s; status %s, totals %s%n",
                documents,
                seconds,
                upload.toMillis() / 1000.0,
                documents / seconds,
                status(state),
                totals.find() ? totals.group(1) : "?");
        double cpu = server.cpuSeconds() - cpuBefore;
        double embedding = server.threadCpuSeconds("onnx-embed") - embedBefore;
        OUT.printf(
                "server CPU during the import: %.1f s (%.1f ms a document), of it embedding (onnx-embed threads)"
                        + " %.1f s (%.1f ms a document), the rest %.1f s (%.1f ms a document); loadavg %s%n",
                cpu,
                cpu * 1000 / documents,
                embedding,
                embedding * 1000 / documents,
                cpu - embedding,
                (cpu - embedding) * 1000 / documents,
                ImportBenchLoad.average());
        OUT.printf(
                "RSS: peak sampled %.1f MB, at the end %.1f MB (%s), HWM %.1f MB%n",
                peak, server.rssMb(), server.rssParts(), server.hwmMb());
    }

    private static boolean finished(String state) {
        String status = status(state);
        return status.equals("done") || status.equals("failed") || status.equals("cancelled");
    }

    private static String status(String state) {
        Matcher m = STATUS.matcher(state);
        return m.find() ? m.group(1) : "?";
    }

    private static void writeZip(Path file, int documents) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (int n = 0; n < documents; n++) {
                zip.putNextEntry(new ZipEntry("abstracts/abstract-" + n + ".txt"));
                zip.write(ImportBench.text(n).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    private static void writeBody(Path body, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(body)) {
            out.write(
                    ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"abstracts.zip\""
                                    + "\r\nContent-Type: application/zip\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            Files.copy(zip, out);
            out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The machine's load, printed with every figure. */
    private static final class ImportBenchLoad {
        static String average() {
            try {
                return Files.readString(Path.of("/proc/loadavg")).strip();
            } catch (IOException e) {
                return "?";
            }
        }
    }
}
