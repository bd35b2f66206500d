package com.researchassistant.library;

import java.util.Objects;

/**
 * The uploaded file a document was read from, as the library keeps it.
 *
 * @param mediaType the format the library detected ("application/pdf", "text/html", ...)
 * @param bytes its size
 * @param sha256 its digest in lower-case hex: the same bytes always have the same one
 */
public record Original(String documentId, String mediaType, long bytes, String sha256) {

    public Original {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(sha256, "sha256");
    }
}
