package com.researchassistant.library;

import java.util.Locale;
import java.util.Optional;

/**
 * The formats the library reads, and how an upload's format is decided: the content first (a PDF
 * is a PDF whatever it is called, and binary content is never read as text), then the declared
 * media type, then the file name's extension, then a look at the text itself.
 */
enum Format {
    PDF("application/pdf"),
    HTML("text/html"),
    MARKDOWN("text/markdown"),
    TEXT("text/plain");

    /** PDF readers accept the header anywhere in the first kilobyte; so do we. */
    static final int PDF_HEADER_WINDOW = 1024;

    private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F', '-'};

    private final String mediaType;

    Format(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    /** Whether the bytes carry a PDF header. */
    static boolean looksLikePdf(byte[] content) {
        int last = Math.min(content.length, PDF_HEADER_WINDOW) - PDF_MAGIC.length;
        for (int start = 0; start <= last; start++) {
            if (matchesAt(content, start, PDF_MAGIC)) {
                return true;
            }
        }
        return false;
    }

    /** What the uploader said the file is, if it names one of our formats. */
    static Optional<Format> declared(Optional<String> mediaType, Optional<String> fileName) {
        return mediaType.flatMap(Format::ofMediaType).or(() -> fileName.flatMap(Format::ofFileName));
    }

    /** The format of content already known to be text, when nothing was declared. */
    static Format sniffText(String text) {
        String head =
                text.substring(0, Math.min(text.length(), 2048)).stripLeading().toLowerCase(Locale.ROOT);
        if (head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<body")) {
            return HTML;
        }
        if (text.lines().anyMatch(line -> line.matches(" {0,3}#{1,6}\\s+\\S.*"))) {
            return MARKDOWN;
        }
        return TEXT;
    }

    /** A name for well-known binary formats, so the rejection can say what the file seems to be. */
    static Optional<String> knownBinary(byte[] content) {
        if (matchesAt(content, 0, new byte[] {'P', 'K', 3, 4})) {
            return Optional.of("a ZIP archive (Word and other Office files are ZIP archives)");
        }
        if (matchesAt(content, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G'})
                || matchesAt(content, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})
                || matchesAt(content, 0, new byte[] {'G', 'I', 'F', '8'})) {
            return Optional.of("an image");
        }
        return Optional.empty();
    }

    private static Optional<Format> ofMediaType(String mediaType) {
        String type = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/pdf", "application/x-pdf" -> Optional.of(PDF);
            case "text/html", "application/xhtml+xml" -> Optional.of(HTML);
            case "text/markdown", "text/x-markdown" -> Optional.of(MARKDOWN);
            case "text/plain" -> Optional.of(TEXT);
            default -> Optional.empty();
        };
    }

    private static Optional<Format> ofFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        return switch (extension) {
            case "pdf" -> Optional.of(PDF);
            case "html", "htm", "xhtml" -> Optional.of(HTML);
            case "md", "markdown" -> Optional.of(MARKDOWN);
            case "txt", "text" -> Optional.of(TEXT);
            default -> Optional.empty();
        };
    }

    private static boolean matchesAt(byte[] content, int start, byte[] expected) {
        if (content.length - start < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (content[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
