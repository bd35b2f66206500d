package com.researchassistant.library;

import java.time.Duration;
import java.util.Objects;

/**
 * How the library takes documents in. {@link #defaults()} suits the 512 MB budget on two cores.
 *
 * @param maxUploadBytes larger uploads are rejected as TOO_LARGE (413)
 * @param maxTextChars more extracted text than this is rejected as TOO_LARGE: a small compressed PDF can hold a lot
 * @param chunkChars the length chunks aim for
 * @param chunkOverlapChars how much text neighbouring chunks of a section share, at most half of {@code chunkChars}
 * @param embedBatchSize chunks per {@code Embedder.embedAll} call, and per index write and progress update
 * @param indexingThreads background threads embedding documents; embedding is CPU-bound, so few
 * @param indexingQueue documents waiting for a thread; beyond it the uploading request indexes the document itself
 * @param readyWait how long {@code ingest} waits for indexing, so small documents come back ready
 * @param maxSearchResults the largest {@code k} a search may ask for
 */
public record LibrarySettings(
        long maxUploadBytes,
        int maxTextChars,
        int chunkChars,
        int chunkOverlapChars,
        int embedBatchSize,
        int indexingThreads,
        int indexingQueue,
        Duration readyWait,
        int maxSearchResults) {

    public LibrarySettings {
        Objects.requireNonNull(readyWait, "readyWait");
        requirePositive("maxUploadBytes", maxUploadBytes);
        requirePositive("maxTextChars", maxTextChars);
        requirePositive("chunkChars", chunkChars);
        requirePositive("embedBatchSize", embedBatchSize);
        requirePositive("indexingThreads", indexingThreads);
        requirePositive("indexingQueue", indexingQueue);
        requirePositive("maxSearchResults", maxSearchResults);
        if (chunkOverlapChars < 0 || chunkOverlapChars > chunkChars / 2) {
            throw new IllegalArgumentException(
                    "chunkOverlapChars must be between 0 and chunkChars / 2: " + chunkOverlapChars);
        }
        if (readyWait.isNegative()) {
            throw new IllegalArgumentException("readyWait must not be negative: " + readyWait);
        }
    }

    /** 20 MB uploads, 2 M characters of text, ~800-character chunks overlapping by ~100, one indexing thread. */
    public static LibrarySettings defaults() {
        return new LibrarySettings(20L << 20, 2_000_000, 800, 100, 32, 1, 16, Duration.ofSeconds(2), 50);
    }

    private static void requirePositive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
