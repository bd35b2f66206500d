package com.researchassistant.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A {@code redis-server} on a free loopback port, without persistence, in a temporary directory.
 * {@link #stop()} and {@link #start()} bring it down and up again on the same port, as an outage
 * would. The server is Redis 6.2 for linux-amd64 from the {@code com.github.codemonstur:embedded-redis}
 * test dependency, copied out of its jar once under {@code target/}; nothing needs installing.
 */
public final class RedisServer implements AutoCloseable {

    /** The binary inside the embedded-redis jar. */
    private static final String RESOURCE = "redis-server-6.2.6-v5-linux-amd64";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    /** Every server of this JVM not closed yet: a JVM that is killed (a timeout) stops them on its way out. */
    private static final Set<RedisServer> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> List.copyOf(OPEN).forEach(RedisServer::close), "redis-test-server-stop"));
    }

    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private Process process;

    private RedisServer(Path dir, int port, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a server with {@code extraArgs} (such as {@code --maxmemory-policy allkeys-lru}) added. */
    public static RedisServer launch(String... extraArgs) {
        try {
            RedisServer server =
                    new RedisServer(Files.createTempDirectory("redis-test"), freePort(), List.of(extraArgs));
            OPEN.add(server);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server (again) on its port and waits until it accepts connections. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        Path binary = binary();
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--daemonize",
                "no",
                "--maxmemory",
                "64mb",
                "--maxmemory-policy",
                "allkeys-lru"));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        awaitListening();
    }

    /** The redis-server binary, copied out of the embedded-redis jar into {@code target/} on first use. */
    static synchronized Path binary() {
        if (!System.getProperty("os.arch").matches("amd64|x86_64")
                || !System.getProperty("os.name").equals("Linux")) {
            throw new AssertionError("the Redis test server is " + RESOURCE + "; this machine is "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        }
        try {
            Path dir = buildDirectory().resolve("redis");
            Path binary = dir.resolve(RESOURCE);
            if (Files.isExecutable(binary)) {
                return binary;
            }
            try (InputStream in = RedisServer.class.getResourceAsStream("/" + RESOURCE)) {
                if (in == null) {
                    throw new AssertionError(RESOURCE + " is not on the test classpath: the test dependency"
                            + " com.github.codemonstur:embedded-redis (pom.xml) provides it");
                }
                Files.createDirectories(dir);
                Path part = Files.createTempFile(dir, RESOURCE, ".part");
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rwxr-xr-x"));
                // whole or not at all, should two JVMs copy it at once
                Files.move(part, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy out " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** {@code target/}: the parent of the folder these classes were loaded from ({@code target/test-classes}). */
    private static Path buildDirectory() {
        try {
            return Path.of(RedisServer.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toAbsolutePath()
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Jedis jedis = jedis()) {
                jedis.ping();
                return;
            } catch (JedisDataException answered) {
                return; // it listens, and wants a password (--requirepass)
            } catch (RuntimeException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError(
                            "redis-server exited with " + process.exitValue() + "; see " + dir.resolve("redis.log"));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "redis-server did not listen on port " + port + " within " + START_TIMEOUT);
                }
                sleepBriefly();
            }
        }
    }

    private static void sleepBriefly() {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }

    /** Kills the server (as a crash or a network cut would look to clients) and waits until it is gone. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("redis-server did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        awaitPortFree();
    }

    private void awaitPortFree() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            } catch (IOException refused) {
                return;
            }
            sleepBriefly();
        }
        throw new AssertionError("port " + port + " still accepts connections after redis-server stopped");
    }

    /** A URL for {@code RA_REDIS_URL}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A direct connection for looking inside; close it after use. */
    public Jedis jedis() {
        return new Jedis(
                new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder()
                        .autoNegotiateProtocol(false)
                        .timeoutMillis(2_000)
                        .build());
    }

    /** Empties every database, between tests. */
    public void flush() {
        try (Jedis jedis = jedis()) {
            jedis.flushAll();
        }
    }

    @Override
    public void close() {
        OPEN.remove(this);
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
