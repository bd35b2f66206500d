package com.researchassistant.web;

import com.researchassistant.chat.Reference;
import com.researchassistant.chat.Source;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The library documents an answer cited, as BibTeX: one entry per document (however many of its
 * passages were cited), {@code @article} with the journal when the venue is known, else {@code
 * @misc}; keys made of the first author's family name, the year and the title's first word. Text
 * is written as UTF-8 and escaped, keys folded and made unique, as in {@link BibTex}, the research
 * report's export.
 */
final class BibtexExport {

    private static final Set<String> SMALL_WORDS = Set.of("a", "an", "the", "on", "of", "in", "and", "for", "to");

    private BibtexExport() {}

    static String of(List<Source> sources) {
        Map<String, Source> documents = new LinkedHashMap<>();
        for (Source source : sources) {
            if (source.kind().equals(Source.LIBRARY)) {
                documents.putIfAbsent(source.documentId(), source);
            }
        }
        StringBuilder bib = new StringBuilder();
        Set<String> keys = new HashSet<>();
        for (Source source : documents.values()) {
            bib.append(entry(source, BibTex.unique(key(source), keys))).append('\n');
        }
        return bib.toString();
    }

    private static String entry(Source source, String key) {
        Reference r = source.reference();
        StringBuilder e = new StringBuilder("@")
                .append(r.venue().isEmpty() ? "misc" : "article")
                .append('{')
                .append(key)
                .append(",\n");
        field(e, "title", source.title());
        field(e, "author", String.join(" and ", r.authors()));
        field(e, "journal", r.venue());
        field(e, "year", r.year() == 0 ? "" : Integer.toString(r.year()));
        field(e, "doi", r.doi());
        field(e, "url", r.url());
        return e.append("}\n").toString();
    }

    private static void field(StringBuilder entry, String name, String value) {
        if (!value.isBlank()) {
            entry.append("  ")
                    .append(name)
                    .append(" = {")
                    .append(BibTex.text(value))
                    .append("},\n");
        }
    }

    private static String key(Source source) {
        Reference r = source.reference();
        String family = r.authors().isEmpty() ? "" : BibTex.lastName(r.authors().getFirst());
        String word = "";
        for (String w : source.title().split("\\s+")) {
            if (!SMALL_WORDS.contains(w.toLowerCase(Locale.ROOT))
                    && !BibTex.fold(w).isEmpty()) {
                word = w;
                break;
            }
        }
        String key = family + (r.year() == 0 ? "" : r.year()) + BibTex.fold(word);
        return key.isEmpty() ? "source" : key;
    }
}
