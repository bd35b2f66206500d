package com.researchassistant.imports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How imports run and what they may take.
 *
 * @param dir where uploaded files wait for their import (under the data directory), one folder an import
 * @param maxBytes the largest import upload, all files together
 * @param maxEntries the most documents and references one import may hold (zip entries, BibTeX
 *     entries, CSL items, files)
 * @param maxDocumentBytes the largest single document, as in a plain upload
 * @param maxUncompressedBytes the most bytes all entries of one zip may inflate to
 * @param maxRatio how many times its compressed size one zip entry may inflate to
 * @param maxMetadataBytes the largest BibTeX or CSL JSON file
 * @param window documents of one import waiting for their indexing at once
 * @param flushEvery how often progress is reported and the checkpoint written, at most
 */
public record ImportSettings(
        Path dir,
        long maxBytes,
        int maxEntries,
        long maxDocumentBytes,
        long maxUncompressedBytes,
        int maxRatio,
        long maxMetadataBytes,
        int window,
        Duration flushEvery) {

    public ImportSettings {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(flushEvery, "flushEvery");
        if (maxBytes < 1
                || maxEntries < 1
                || maxDocumentBytes < 1
                || maxUncompressedBytes < 1
                || maxRatio < 1
                || maxMetadataBytes < 1
                || window < 1) {
            throw new IllegalArgumentException("import limits must be positive");
        }
    }

    ZipArchive.Limits zipLimits() {
        return new ZipArchive.Limits(maxEntries, maxDocumentBytes, maxUncompressedBytes, maxRatio);
    }
}
