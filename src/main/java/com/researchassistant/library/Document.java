package com.researchassistant.library;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A document in someone's library. The owner is left out on purpose: it is the caller's identity,
 * which must not end up in a response body.
 *
 * @param mediaType the detected format ("application/pdf", "text/html", "text/markdown", "text/plain")
 * @param bytes size of the upload
 * @param chunkCount how many chunks the document was cut into
 * @param chunksIndexed how many of them are embedded and indexed so far
 * @param failure why indexing failed, for the uploader; empty unless {@link DocumentStatus#FAILED}
 * @param metadata authors, year, venue, DOI and URL, when an import brought them
 */
public record Document(
        String id,
        String title,
        String mediaType,
        long bytes,
        DocumentStatus status,
        int chunkCount,
        int chunksIndexed,
        Instant createdAt,
        Instant updatedAt,
        Optional<String> failure,
        DocumentMetadata metadata) {

    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(metadata, "metadata");
        if (chunksIndexed < 0 || chunksIndexed > chunkCount) {
            throw new IllegalArgumentException(
                    "chunksIndexed must be between 0 and " + chunkCount + ": " + chunksIndexed);
        }
    }

    /** A document with nothing known beyond its text. */
    public Document(
            String id,
            String title,
            String mediaType,
            long bytes,
            DocumentStatus status,
            int chunkCount,
            int chunksIndexed,
            Instant createdAt,
            Instant updatedAt,
            Optional<String> failure) {
        this(
                id,
                title,
                mediaType,
                bytes,
                status,
                chunkCount,
                chunksIndexed,
                createdAt,
                updatedAt,
                failure,
                DocumentMetadata.NONE);
    }

    /** Share of chunks indexed, from 0 to 1; 1 once ready. */
    public double progress() {
        return status == DocumentStatus.READY || chunkCount == 0 ? 1.0 : (double) chunksIndexed / chunkCount;
    }
}
