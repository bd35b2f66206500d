package com.researchassistant.web;

import com.researchassistant.research.ResearchStatus;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A research report's references as BibTeX, one entry per source in citation order: a paper with
 * a venue is an {@code @article}, anything else {@code @misc}; keys are the first author's last
 * name, the year and the title's first long word ({@code moreno2021sleep}), made unique with a
 * letter. Text is escaped for LaTeX (braces, {@code % & $ # _ ~ ^ \}); a DOI or URL keeps its
 * characters but loses any brace or space, so no value can close its field early.
 */
final class BibTex {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_KEY = Pattern.compile("[^a-z0-9]");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}]+");
    private static final Pattern SPACE = Pattern.compile("[\\s\\p{Cc}\\p{Cf}]+");
    private static final int TITLE_WORD_MIN = 4;

    private BibTex() {}

    static String of(List<ResearchStatus.SourceView> sources) {
        StringBuilder out = new StringBuilder();
        Set<String> keys = new HashSet<>();
        for (ResearchStatus.SourceView source : sources) {
            out.append(entry(source, unique(key(source), keys))).append('\n');
        }
        return out.toString();
    }

    private static String entry(ResearchStatus.SourceView s, String key) {
        boolean article = s.kind().equals("paper") && !s.venue().isBlank();
        StringBuilder e = new StringBuilder("@")
                .append(article ? "article" : "misc")
                .append('{')
                .append(key);
        if (!s.authors().isEmpty()) {
            field(
                    e,
                    "author",
                    String.join(" and ", s.authors().stream().map(BibTex::text).toList()));
        }
        field(e, "title", "{" + text(s.title()) + "}");
        if (s.year() > 0) {
            field(e, "year", Integer.toString(s.year()));
        }
        if (!s.venue().isBlank()) {
            field(e, article ? "journal" : "howpublished", text(s.venue()));
        }
        if (!s.doi().isBlank()) {
            field(e, "doi", verbatim(s.doi()));
        }
        if (!s.url().isBlank() && s.doi().isBlank()) {
            field(e, "url", verbatim(s.url()));
        }
        if (s.kind().equals("library")) {
            field(e, "note", "In the researcher's own library");
        }
        return e.append("\n}\n").toString();
    }

    private static void field(StringBuilder entry, String name, String value) {
        if (!value.isBlank()) {
            entry.append(",\n  ").append(name).append(" = {").append(value).append('}');
        }
    }

    /**
     * Text for a braced field: runs of white space and control characters made one space, LaTeX's
     * special characters escaped, so braces always balance. Both BibTeX exports use it.
     */
    static String text(String raw) {
        StringBuilder out = new StringBuilder();
        for (char c : SPACE.matcher(raw).replaceAll(" ").strip().toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\textbackslash{}");
                case '{', '}', '%', '&', '$', '#', '_' -> out.append('\\').append(c);
                case '~' -> out.append("\\textasciitilde{}");
                case '^' -> out.append("\\textasciicircum{}");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A DOI or URL as it is, without what could end its field or the line. */
    private static String verbatim(String raw) {
        return CONTROL.matcher(raw).replaceAll("").replaceAll("[{}\\s\\\\]", "");
    }

    private static String key(ResearchStatus.SourceView s) {
        String author = s.authors().isEmpty() ? "" : lastName(s.authors().getFirst());
        String word = "";
        for (String w : s.title().split("\\s+")) {
            String folded = fold(w);
            if (folded.length() >= TITLE_WORD_MIN) {
                word = folded;
                break;
            }
        }
        String key = author + (s.year() > 0 ? Integer.toString(s.year()) : "") + word;
        return key.isEmpty() || Character.isDigit(key.charAt(0)) ? "source" + s.n() + key : key;
    }

    /** The family name of "Family, Given" or "Given Family", folded as {@link #fold} does. */
    static String lastName(String name) {
        String trimmed = name.strip();
        int comma = trimmed.indexOf(',');
        if (comma > 0) {
            return fold(trimmed.substring(0, comma));
        }
        String[] parts = trimmed.split("\\s+");
        return fold(parts[parts.length - 1]);
    }

    /** Lower-case ASCII letters and digits only: accents dropped, everything else removed. */
    static String fold(String word) {
        String plain =
                MARKS.matcher(Normalizer.normalize(word, Normalizer.Form.NFD)).replaceAll("");
        return NOT_KEY.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    /** {@code key}, or with the first letter (then number) that makes it new to {@code taken}; taken now. */
    static String unique(String key, Set<String> taken) {
        String candidate = key;
        for (int n = 0; !taken.add(candidate); n++) {
            candidate = key + (n < 26 ? Character.toString('a' + n) : Integer.toString(n));
        }
        return candidate;
    }
}
