package com.researchassistant.imports;

import com.researchassistant.library.DocumentMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns BibTeX and BibLaTeX entries into {@link ImportRecord}s: LaTeX made plain, authors split on
 * "and" and written "Family, Given", the year from {@code year} or {@code date}, the venue from
 * the journal, book or publisher fields, and the attachments of Zotero's {@code file} field
 * ({@code Title:files/12/name.pdf:application/pdf}, several separated by ';', with '\' escaping
 * ':' and ';'). An entry without a title is reported, not imported.
 */
final class BibRecords {

    private static final Pattern YEAR = Pattern.compile("(?<!\\d)(\\d{4})(?!\\d)");
    private static final Pattern AND = Pattern.compile("\\s+and\\s+", Pattern.CASE_INSENSITIVE);

    private BibRecords() {}

    /** The record of an entry, or why it has none. */
    static Optional<ImportRecord> of(BibtexParser.Entry entry, String fileName, List<Step.Broken> problems) {
        String origin = fileName + ", line " + entry.line();
        Optional<String> title = BibtexParser.field(entry, "title", "booktitle")
                .map(LatexText::plain)
                .filter(t -> !t.isBlank());
        if (title.isEmpty()) {
            problems.add(new Step.Broken(
                    origin + (entry.key().isEmpty() ? "" : " (" + entry.key() + ")"), "The entry has no title."));
            return Optional.empty();
        }
        DocumentMetadata metadata = new DocumentMetadata(
                authors(BibtexParser.field(entry, "author", "editor").orElse("")),
                year(BibtexParser.field(entry, "year", "date").orElse("")),
                BibtexParser.field(
                                entry,
                                "journal",
                                "journaltitle",
                                "booktitle",
                                "series",
                                "publisher",
                                "school",
                                "institution",
                                "organization")
                        .map(LatexText::plain),
                BibtexParser.field(entry, "doi").map(LatexText::plain),
                BibtexParser.field(entry, "url")
                        .map(BibRecords::url)
                        .or(() -> BibtexParser.field(entry, "howpublished")
                                .filter(h -> h.contains("http"))
                                .map(BibRecords::url)));
        Optional<String> abstractText =
                BibtexParser.field(entry, "abstract").map(LatexText::plain).filter(a -> !a.isBlank());
        return Optional.of(new ImportRecord(
                entry.key(),
                title.get(),
                abstractText,
                metadata,
                files(BibtexParser.field(entry, "file").orElse("")),
                origin));
    }

    /** "A and B and C": split outside braces; each name as "Family, Given" when it can tell. */
    static List<String> authors(String field) {
        List<String> names = new ArrayList<>();
        for (String raw : splitOutsideBraces(field)) {
            String name = raw.strip();
            if (name.isEmpty() || name.equalsIgnoreCase("others")) {
                continue;
            }
            names.add(familyFirst(name));
        }
        return names;
    }

    private static List<String> splitOutsideBraces(String field) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0 && Character.isWhitespace(c)) {
                Matcher and = AND.matcher(field).region(i, field.length());
                if (and.lookingAt()) {
                    parts.add(field.substring(start, i));
                    start = and.end();
                    i = and.end() - 1;
                }
            }
        }
        parts.add(field.substring(start));
        return parts;
    }

    /**
     * "Lovelace, Ada" stays; "Ada Lovelace" and "Jan van der Berg" become "Lovelace, Ada" and "van
     * der Berg, Jan"; a name in braces ("{World Health Organization}") is a name of its own.
     */
    private static String familyFirst(String latex) {
        String trimmed = latex.strip();
        if (trimmed.startsWith("{")
                && trimmed.endsWith("}")
                && !trimmed.substring(1).contains("{")) {
            return LatexText.plain(trimmed);
        }
        String name = LatexText.plain(trimmed);
        if (hasTopLevelComma(trimmed)) {
            return name;
        }
        String[] words = name.split(" ");
        if (words.length < 2) {
            return name;
        }
        int family = words.length - 1;
        while (family > 1 && !words[family - 1].isEmpty() && Character.isLowerCase(words[family - 1].charAt(0))) {
            family--;
        }
        return String.join(" ", java.util.Arrays.copyOfRange(words, family, words.length)) + ", "
                + String.join(" ", java.util.Arrays.copyOfRange(words, 0, family));
    }

    private static boolean hasTopLevelComma(String latex) {
        int depth = 0;
        for (char c : latex.toCharArray()) {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (c == ',' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    static OptionalInt year(String field) {
        Matcher m = YEAR.matcher(field);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    private static String url(String latex) {
        String url = latex.replaceAll("\\\\url\\{([^}]*)}", "$1")
                .replace("{", "")
                .replace("}", "")
                .strip();
        int http = url.indexOf("http");
        return http > 0 ? url.substring(http).split("\\s")[0] : url;
    }

    /** The paths of Zotero's file field, PDFs first. */
    static List<String> files(String field) {
        List<String> paths = new ArrayList<>();
        for (String attachment : splitUnescaped(field, ';')) {
            List<String> parts = splitUnescaped(attachment, ':');
            String path;
            if (parts.size() >= 3) {
                // Title:path:type, where a Windows path brings its own colon ("C:\...")
                path = String.join(":", parts.subList(1, parts.size() - 1));
            } else {
                path = parts.get(0);
            }
            path = unescape(path).strip();
            if (!path.isEmpty()) {
                paths.add(path);
            }
        }
        paths.sort(
                Comparator.comparing(p -> !p.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")));
        return paths;
    }

    private static List<String> splitUnescaped(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
            } else if (c == separator) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static String unescape(String text) {
        return text.replaceAll("\\\\(.)", "$1");
    }
}
