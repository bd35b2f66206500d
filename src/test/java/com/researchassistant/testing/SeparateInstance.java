package com.researchassistant.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server in a JVM of its own, started from {@code Main} as in production, on a free loopback
 * port, so a test can kill it with {@code kill -9}. Its output goes to a log file, quoted when it
 * exits before it is up. A test kills it in its {@code @AfterEach} too, in case the test did not.
 */
public final class SeparateInstance {

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private SeparateInstance(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code Main} with {@code env} (the port is chosen here), its output in {@code log}. */
    public static SeparateInstance start(Map<String, String> env, Path log) throws IOException {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules",
                "jdk.incubator.vector",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "com.researchassistant.Main");
        Map<String, String> all = new HashMap<>(env);
        all.put("PORT", Integer.toString(port));
        builder.environment().putAll(all);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new SeparateInstance(builder.start(), port, log);
    }

    /** Waits until {@code /health} answers 200; fails at once, with the log, if the process exits first. */
    public void awaitHealthy(Duration timeout) {
        Eventually.await(timeout, this::healthy, "the separate instance up; its log: " + log);
    }

    /** A client for calls to this instance. */
    public HttpClient http() {
        return http;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Kills the process with SIGKILL (again, if it is already dead); true once it has ended (within 30 s). */
    public boolean kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new AssertionError("the separate instance exited: " + logText());
        }
        try {
            return http.send(
                                    HttpRequest.newBuilder(uri("/health"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
