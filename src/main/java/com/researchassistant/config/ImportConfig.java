package com.researchassistant.config;

import java.nio.file.Path;

/**
 * Bulk imports into the library ({@code POST /api/library/imports}).
 *
 * @param dir where an import's uploaded files wait until it has ended ({@code RA_DATA_DIR/imports})
 * @param maxBytes the largest import upload, all its files together
 * @param maxEntries the most documents and references one import holds: zip entries, BibTeX
 *     entries, CSL JSON items and files
 * @param maxUncompressedBytes the most all entries of one zip may inflate to
 * @param maxRatio how many times its compressed size one zip entry may inflate to
 * @param maxMetadataBytes the largest BibTeX or CSL JSON file read
 * @param perIdentity imports one person may have queued or running at once
 * @param workers imports running at once on this instance
 * @param queue imports waiting for a worker on this instance; beyond, 429
 */
public record ImportConfig(
        Path dir,
        long maxBytes,
        int maxEntries,
        long maxUncompressedBytes,
        int maxRatio,
        long maxMetadataBytes,
        int perIdentity,
        int workers,
        int queue) {

    public ImportConfig {
        java.util.Objects.requireNonNull(dir, "dir");
        if (maxBytes < 1
                || maxEntries < 1
                || maxUncompressedBytes < 1
                || maxRatio < 1
                || maxMetadataBytes < 1
                || perIdentity < 1
                || workers < 1
                || queue < 0) {
            throw new IllegalArgumentException("import limits must be positive");
        }
    }
}
