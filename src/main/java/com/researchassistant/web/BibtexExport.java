package com.researchassistant.web;

import com.researchassistant.chat.Reference;
import com.researchassistant.chat.Source;
import java.text.Normalizer;
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
 * is written as UTF-8 with LaTeX's special characters escaped.
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
            bib.append(entry(source, unique(key(source), keys))).append('\n');
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
            entry.append("  ").append(name).append(" = {").append(escape(value)).append("},\n");
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.replaceAll("\\s+", " ").strip().toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\textbackslash{}");
                case '{', '}', '&', '%', '$', '#', '_' -> out.append('\\').append(c);
                case '~' -> out.append("\\textasciitilde{}");
                case '^' -> out.append("\\textasciicircum{}");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String key(Source source) {
        Reference r = source.reference();
        String family = r.authors().isEmpty() ? "" : r.authors().get(0).split(",")[0];
        family = family.contains(" ") && !r.authors().get(0).contains(",")
                ? family.substring(family.lastIndexOf(' ') + 1)
                : family;
        String word = "";
        for (String w : source.title().split("\\s+")) {
            if (!SMALL_WORDS.contains(w.toLowerCase(Locale.ROOT)) && !ascii(w).isEmpty()) {
                word = w;
                break;
            }
        }
        String key = ascii(family) + (r.year() == 0 ? "" : r.year()) + ascii(word);
        return key.isEmpty() ? "source" : key;
    }

    private static String ascii(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String unique(String key, Set<String> taken) {
        String candidate = key;
        for (char suffix = 'a'; !taken.add(candidate); suffix++) {
            candidate = key + suffix;
        }
        return candidate;
    }
}
