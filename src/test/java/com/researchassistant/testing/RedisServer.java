package com.researchassistant.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The machine's {@code redis-server} on a free loopback port, without persistence, in a temporary
 * directory. {@link #stop()} and {@link #start()} bring it down and up again on the same port, as
 * an outage would. A machine without redis-server fails the test with a clear message.
 */
public final class RedisServer implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/redis-server");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

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
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install Redis (apt-get install redis-server); the Redis"
                    + " tests need a real server");
        }
        try {
            RedisServer server = new RedisServer(Files.createTempDirectory("redis-test"), freePort(), List.of(extraArgs));
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
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
        awaitListening();
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
                    throw new AssertionError("redis-server exited with " + process.exitValue() + "; see "
                            + dir.resolve("redis.log"));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("redis-server did not listen on port " + port + " within " + START_TIMEOUT);
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
        return new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).timeoutMillis(2_000).build());
    }

    /** Empties every database, between tests. */
    public void flush() {
        try (Jedis jedis = jedis()) {
            jedis.flushAll();
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
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
