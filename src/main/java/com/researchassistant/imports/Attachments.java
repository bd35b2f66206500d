package com.researchassistant.imports;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches references to the document files of an import, each file to one reference at most.
 *
 * <p>By path first: a BibTeX {@code file} field names {@code files/12/name.pdf} relative to the
 * .bib (Zotero's "Export Files"), so it is looked up beside the .bib, then as a path ending the
 * same way (the archive may hold the export folder under another name), then by file name alone
 * (the .bib and the PDFs picked together, or an absolute path from a Zotero library). Then, for a
 * reference no path matched (CSL JSON names no files), by title: Zotero names attachments "Author -
 * Year - Title", so a file whose name holds the reference's title (letters and digits compared,
 * case and accents ignored) is its attachment.
 */
final class Attachments {

    private static final int TITLE_CHARS = 60;
    private static final int MIN_TITLE_CHARS = 12;
    private static final Set<String> READABLE = Set.of("pdf", "html", "htm", "xhtml", "md", "markdown", "txt", "text");

    private final Map<String, Source> byPath = new HashMap<>();
    private final Map<String, List<Source>> byName = new HashMap<>();
    private final Set<Source> unclaimed = new LinkedHashSet<>();

    Attachments(List<Source> documents) {
        for (Source document : documents) {
            String path = normalise(document.path());
            byPath.putIfAbsent(path, document);
            byName.computeIfAbsent(fileName(path), k -> new ArrayList<>()).add(document);
            unclaimed.add(document);
        }
    }

    /** The file attached to {@code record}, read from {@code metadataPath}; it is no longer unclaimed. */
    Optional<Source> claim(String metadataPath, ImportRecord record) {
        String folder = folderOf(normalise(metadataPath));
        for (String raw : record.attachments()) {
            String path = normalise(raw);
            Optional<Source> found = byPath(folder.isEmpty() ? path : folder + "/" + path)
                    .or(() -> byPath(path))
                    .or(() -> bySuffix(path))
                    .or(() -> byName(fileName(path)));
            if (found.isPresent() && READABLE.contains(found.get().extension())) {
                unclaimed.remove(found.get());
                return found;
            }
        }
        return byTitle(record.title()).map(source -> {
            unclaimed.remove(source);
            return source;
        });
    }

    /** The files no reference claimed, in upload order. */
    List<Source> unclaimed() {
        return List.copyOf(unclaimed);
    }

    private Optional<Source> byPath(String path) {
        Source source = byPath.get(path);
        return source != null && unclaimed.contains(source) ? Optional.of(source) : Optional.empty();
    }

    private Optional<Source> bySuffix(String path) {
        return unclaimed.stream()
                .filter(s -> normalise(s.path()).endsWith("/" + path))
                .findFirst();
    }

    private Optional<Source> byName(String name) {
        List<Source> named = byName.getOrDefault(name, List.of()).stream()
                .filter(unclaimed::contains)
                .toList();
        return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }

    private Optional<Source> byTitle(String title) {
        String key = letters(title);
        if (key.length() < MIN_TITLE_CHARS) {
            return Optional.empty();
        }
        String wanted = key.substring(0, Math.min(TITLE_CHARS, key.length()));
        return unclaimed.stream()
                .filter(s -> READABLE.contains(s.extension()))
                .filter(s -> letters(stem(fileName(normalise(s.path())))).contains(wanted))
                .findFirst();
    }

    private static String normalise(String path) {
        String p = path.replace('\\', '/').strip();
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p.replaceAll("/+", "/");
    }

    private static String folderOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** Letters and digits only, lower case, accents dropped: what survives file-name rules. */
    static String letters(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
