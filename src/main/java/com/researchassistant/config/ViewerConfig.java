package com.researchassistant.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The source viewer: keeping originals, and drawing PDF pages apart from chat.
 *
 * @param renderThreads threads drawing pages and reading text positions; few, so chat keeps the CPU
 * @param renderQueue renders waiting for a thread; beyond it a page answers 503 with a Retry-After
 * @param renderWait how long a request waits for its render before answering 503
 * @param pageCacheBytes bytes of drawn page images kept in memory
 * @param fileCacheBytes bytes of originals copied from the database to {@code fileCacheDir} for
 *     drawing (a PDF is read with random access from a local file)
 * @param fileCacheDir where those copies live; emptied at start
 * @param maxPixelWidth the widest image drawn, in device pixels
 * @param maxPixels the most pixels one drawn image may have (a tall page is drawn narrower)
 * @param keepMaxBytes the largest upload whose original is kept; 0 keeps none
 * @param keepMaxBytesPerIdentity the most bytes of originals one identity keeps
 */
public record ViewerConfig(
        int renderThreads,
        int renderQueue,
        Duration renderWait,
        long pageCacheBytes,
        long fileCacheBytes,
        Path fileCacheDir,
        int maxPixelWidth,
        long maxPixels,
        long keepMaxBytes,
        long keepMaxBytesPerIdentity) {

    public ViewerConfig {
        Objects.requireNonNull(renderWait, "renderWait");
        Objects.requireNonNull(fileCacheDir, "fileCacheDir");
        if (renderThreads < 1 || renderQueue < 0 || maxPixelWidth < 64 || maxPixels < 64L * 64) {
            throw new IllegalArgumentException("viewer limits out of range: threads=" + renderThreads + ", queue="
                    + renderQueue + ", maxPixelWidth=" + maxPixelWidth + ", maxPixels=" + maxPixels);
        }
        if (pageCacheBytes < 0 || fileCacheBytes < 0 || keepMaxBytes < 0 || keepMaxBytesPerIdentity < 0) {
            throw new IllegalArgumentException("viewer sizes must not be negative");
        }
    }
}
