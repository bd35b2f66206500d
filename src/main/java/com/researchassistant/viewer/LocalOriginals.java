package com.researchassistant.viewer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.researchassistant.library.Original;
import com.researchassistant.library.Originals;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Copies of kept originals on this instance's disk, for PDFBox to read with random access: the
 * database holds the originals for every instance, and each instance copies the ones it shows,
 * keeping the most recently used up to a byte budget (a copy pushed out is deleted). Named by
 * their SHA-256, so a copy can never be another document's bytes.
 */
final class LocalOriginals {

    private final Originals originals;
    private final Path dir;
    private final Cache<String, Path> copies;

    LocalOriginals(Originals originals, Path dir, long maxBytes) {
        this.originals = originals;
        this.dir = dir;
        emptied(dir);
        this.copies = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, maxBytes / 1024))
                .weigher((String sha, Path file) -> (int) Math.min(Integer.MAX_VALUE, size(file) / 1024 + 1))
                .removalListener((String sha, Path file, RemovalCause cause) -> delete(file))
                .build();
    }

    /** The local copy of an original the caller has checked the owner may read. */
    Path file(String owner, Original original) {
        return copies.get(original.sha256(), sha -> copy(owner, original));
    }

    private Path copy(String owner, Original original) {
        Path target = dir.resolve(original.sha256() + ".bin");
        try {
            Path partial = Files.createTempFile(dir, "copy-", ".part");
            try (OutputStream out = Files.newOutputStream(partial)) {
                if (!originals.copy(owner, original.documentId(), out)) {
                    throw ViewerRefused.unreadable("The document's original is no longer kept.");
                }
            } catch (RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy an original to " + dir, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a copy left behind is deleted at the next start
        }
    }

    /** Copies left by an earlier run are stale: nothing records which documents they belong to. */
    private static void emptied(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(LocalOriginals::delete);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the originals' directory " + dir, e);
        }
    }
}
