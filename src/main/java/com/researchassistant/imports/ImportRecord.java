package com.researchassistant.imports;

import com.researchassistant.library.DocumentMetadata;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One reference from a BibTeX or CSL JSON file: what it says about a work, and the files attached
 * to it in the export.
 *
 * @param key the citation key or CSL id, for messages
 * @param title never blank
 * @param abstractText the abstract, if the export had one
 * @param attachments paths as the export wrote them ("files/12/name.pdf"), PDFs first
 * @param origin where it came from, for messages ("refs.bib, line 12")
 */
record ImportRecord(
        String key,
        String title,
        Optional<String> abstractText,
        DocumentMetadata metadata,
        List<String> attachments,
        String origin) {

    ImportRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(abstractText, "abstractText");
        Objects.requireNonNull(metadata, "metadata");
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(origin, "origin");
        if (title.isBlank()) {
            throw new IllegalArgumentException("a record has a title");
        }
    }

    /**
     * The text the library indexes for a record without a readable file: the title, who wrote it
     * where and when (so a search by author or journal finds it), and the abstract.
     */
    String text() {
        StringBuilder text = new StringBuilder(title).append("\n\n");
        String byline = String.join("; ", metadata.authors());
        String where = metadata.venue().orElse("");
        String when =
                metadata.year().isPresent() ? Integer.toString(metadata.year().getAsInt()) : "";
        String line = String.join(
                ". ",
                java.util.stream.Stream.of(byline, where, when)
                        .filter(s -> !s.isEmpty())
                        .toList());
        if (!line.isEmpty()) {
            text.append(line).append(".\n\n");
        }
        abstractText.ifPresent(a -> text.append(a).append('\n'));
        return text.toString();
    }
}
