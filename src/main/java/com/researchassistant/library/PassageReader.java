package com.researchassistant.library;

import com.researchassistant.retrieve.Passage;
import java.util.List;
import java.util.Objects;

/**
 * Reads a document that is not being added to the library (a source a research job fetched) into
 * passages, with the library's own parsers and chunker, and stores nothing. Thread-safe.
 */
public final class PassageReader {

    private final DocumentParser parser;
    private final Chunker chunker;

    public PassageReader(LibrarySettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.parser = new DocumentParser(settings.maxUploadBytes(), settings.maxTextChars());
        this.chunker = new Chunker(settings.chunkChars(), settings.chunkOverlapChars());
    }

    /**
     * The document's passages in order, under {@code owner} and {@code documentId}, titled {@code
     * title} (the title the document is cited by, not the one found in it).
     *
     * @throws DocumentRejected when the document cannot be read (unsupported, corrupt, empty, too large)
     */
    public List<Passage> read(Upload upload, String owner, String documentId, String title) {
        ParsedDocument parsed = parser.parse(upload);
        return chunker.chunk(parsed.sections()).stream()
                .map(chunk -> new Passage(
                        documentId + ":" + chunk.ordinal(),
                        owner,
                        documentId,
                        title,
                        chunk.ordinal(),
                        SharedPassages.withoutNul(chunk.location()),
                        SharedPassages.withoutNul(chunk.text())))
                .toList();
    }
}
