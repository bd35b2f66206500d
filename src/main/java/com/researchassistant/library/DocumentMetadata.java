package com.researchassistant.library;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is known about a document beyond its text, for citing it: from a BibTeX or CSL JSON import,
 * or nothing for a plain upload.
 *
 * @param authors as written ("Ada Lovelace", "Lovelace, Ada"), in order; empty when unknown
 * @param year the year of publication
 * @param venue the journal, proceedings, book or publisher it appeared in
 * @param doi a bare DOI ("10.1000/xyz"), lower case, without a resolver prefix
 * @param url where it can be read
 */
public record DocumentMetadata(
        List<String> authors, OptionalInt year, Optional<String> venue, Optional<String> doi, Optional<String> url) {

    /** Nothing known: what a plain upload has. */
    public static final DocumentMetadata NONE =
            new DocumentMetadata(List.of(), OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    static final int MAX_FIELD_CHARS = 1_000;
    static final int MAX_AUTHORS = 100;

    private static final Pattern DOI = Pattern.compile("(10\\.\\d{4,9}/\\S+)");

    public DocumentMetadata {
        authors = authors.stream()
                .map(DocumentMetadata::clean)
                .filter(a -> !a.isEmpty())
                .limit(MAX_AUTHORS)
                .toList();
        Objects.requireNonNull(year, "year");
        venue = Objects.requireNonNull(venue, "venue")
                .map(DocumentMetadata::clean)
                .filter(v -> !v.isEmpty());
        doi = Objects.requireNonNull(doi, "doi").flatMap(DocumentMetadata::normaliseDoi);
        url = Objects.requireNonNull(url, "url").map(DocumentMetadata::clean).filter(u -> !u.isEmpty());
        if (year.isPresent() && (year.getAsInt() < 1 || year.getAsInt() > 9999)) {
            year = OptionalInt.empty();
        }
    }

    /** Whether anything is known. */
    public boolean present() {
        return !equals(NONE);
    }

    /**
     * The DOI in {@code raw} (bare, {@code doi:} or a resolver URL), lower case as DOIs compare
     * case-insensitively; empty when there is none.
     */
    public static Optional<String> normaliseDoi(String raw) {
        Matcher m = DOI.matcher(raw.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        String doi = m.group(1).replaceAll("[.,;]+$", "").toLowerCase(Locale.ROOT);
        return doi.length() <= MAX_FIELD_CHARS ? Optional.of(doi) : Optional.empty();
    }

    /** Control characters and runs of white space become one space; cut at the field limit. */
    private static String clean(String raw) {
        String text = raw.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return text.length() <= MAX_FIELD_CHARS ? text : text.substring(0, MAX_FIELD_CHARS);
    }
}
