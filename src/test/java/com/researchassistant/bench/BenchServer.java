package com.researchassistant.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The server under test as its own process, started with {@code ./ra serve} (so with the launcher's
 * JVM flags) and the given environment; its RSS is read from {@code /proc/<pid>/status}.
 */
final class BenchServer implements AutoCloseable {

    private final Process process;
    private final URI base;
    private final Path log;

    private BenchServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts {@code ./ra serve} in {@code projectDir} and waits (up to 3 minutes) until /health answers 200. */
    static BenchServer start(Path projectDir, Path dataDir, Map<String, String> env)
            throws IOException, InterruptedException {
        int port = freePort();
        Path log = dataDir.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(projectDir.resolve("ra").toString(), "serve")
                .directory(projectDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("RA_DATA_DIR", dataDir.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        BenchServer server = new BenchServer(process, URI.create("http://127.0.0.1:" + port), log);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; log: " + log);
            }
            try {
                HttpResponse<Void> health = http.send(
                        HttpRequest.newBuilder(server.base.resolve("/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        server.close();
        throw new IllegalStateException("server did not answer /health within 3 minutes; log: " + log);
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    /** Current resident set size, MB. */
    double rssMb() {
        return statusKb("VmRSS:") / 1024.0;
    }

    /**
     * What the resident set is made of: anonymous memory (heap, native allocations) against
     * file-backed pages (the jar, shared libraries, the memory-mapped Lucene index), which the
     * kernel can drop under memory pressure and read back.
     */
    String rssParts() {
        return String.format(
                java.util.Locale.ROOT,
                "anon %.1f MB, file %.1f MB, shmem %.1f MB",
                statusKb("RssAnon:") / 1024.0,
                statusKb("RssFile:") / 1024.0,
                statusKb("RssShmem:") / 1024.0);
    }

    /** CPU time the server process has used so far (user and system), seconds. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state is field 3, so utime (14) and stime (15) are at 11 and 12
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CPU time (user and system, seconds) used so far by the server's live threads whose name
     * starts with {@code prefix} (as the kernel keeps it: the first 15 characters).
     */
    double threadCpuSeconds(String prefix) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (!Files.readString(task.resolve("comm")).startsWith(prefix)) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks / 100.0;
    }

    /** Peak resident set size since start, MB. */
    double hwmMb() {
        return statusKb("VmHWM:") / 1024.0;
    }

    /** The java command line of the server process, arguments separated by spaces. */
    String commandLine() {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid()), "cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(
                            line.substring(field.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(field + " not in /proc/" + pid() + "/status");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "server pid " + pid() + " at " + base + ", log " + log;
    }
}
