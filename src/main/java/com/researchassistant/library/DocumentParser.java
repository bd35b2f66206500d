package com.researchassistant.library;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Turns an upload into titled sections of text, or rejects it with a {@link DocumentRejected}
 * saying why. Reads PDF, HTML, Markdown and plain text; every text format must be UTF-8. Stateless
 * and thread-safe.
 */
final class DocumentParser {

    private final long maxBytes;
    private final int maxTextChars;
    private final PdfParser pdf;
    private final HtmlParser html = new HtmlParser();
    private final MarkdownParser markdown = new MarkdownParser();

    DocumentParser(long maxBytes, int maxTextChars) {
        if (maxBytes < 1 || maxTextChars < 1) {
            throw new IllegalArgumentException(
                    "limits must be positive: maxBytes=" + maxBytes + ", maxTextChars=" + maxTextChars);
        }
        this.maxBytes = maxBytes;
        this.maxTextChars = maxTextChars;
        this.pdf = new PdfParser(maxTextChars);
    }

    ParsedDocument parse(Upload upload) {
        Upload.Content content = upload.content();
        if (content.size() == 0) {
            throw DocumentRejected.empty("The upload is empty.");
        }
        if (content.size() > maxBytes) {
            throw DocumentRejected.tooLarge(
                    "The upload has " + content.size() + " bytes; the library takes at most " + maxBytes + ".");
        }
        String fileTitle = fileTitle(upload.fileName());
        Optional<Format> declared = Format.declared(upload.mediaType(), upload.fileName());
        ParsedDocument parsed = Format.looksLikePdf(content.head(Format.PDF_HEADER_WINDOW))
                ? pdf.parse(content, fileTitle)
                : parseText(content.readAll(), declared, fileTitle);
        return upload.title()
                .map(ParsedDocument::cleanTitle)
                .filter(title -> !title.isEmpty())
                .map(title -> new ParsedDocument(title, parsed.format(), parsed.sections()))
                .orElse(parsed);
    }

    private ParsedDocument parseText(byte[] content, Optional<Format> declared, String fileTitle) {
        if (declared.orElse(Format.TEXT) == Format.PDF) {
            throw DocumentRejected.corrupt("The file is declared a PDF but does not start like one.", null);
        }
        String text = decode(content);
        if (text.isBlank()) {
            throw DocumentRejected.empty("The upload holds only whitespace.");
        }
        if (text.length() > maxTextChars) {
            throw DocumentRejected.tooLarge(
                    "The text has " + text.length() + " characters; the library takes at most " + maxTextChars + ".");
        }
        return switch (declared.orElseGet(() -> Format.sniffText(text))) {
            case HTML -> html.parse(text, fileTitle);
            case MARKDOWN -> markdown.parse(text, fileTitle);
            case TEXT, PDF -> plain(text, fileTitle);
        };
    }

    private static ParsedDocument plain(String text, String fileTitle) {
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        return ParsedDocument.of(
                Optional.empty(), Format.TEXT, List.of(new Section(normalised, Location.Headings.top())), fileTitle);
    }

    /** Strict UTF-8: a file in another encoding is refused rather than indexed as mojibake. */
    private static String decode(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                throw DocumentRejected.unsupported(binaryMessage(content));
            }
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            if (Format.knownBinary(content).isPresent()) {
                throw DocumentRejected.unsupported(binaryMessage(content));
            }
            throw DocumentRejected.unsupported(
                    "The file is not valid UTF-8 text. The library reads PDF, HTML, Markdown and plain text"
                            + " in UTF-8; save the file as UTF-8 and upload it again.");
        }
    }

    private static String binaryMessage(byte[] content) {
        String what = Format.knownBinary(content).orElse("binary data");
        return "The file looks like " + what + ", not a document the library reads."
                + " Upload PDF, HTML, Markdown or plain text.";
    }

    /** The file name without directories or extension, as a last-resort title. */
    private static String fileTitle(Optional<String> fileName) {
        return fileName.map(name -> name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1))
                .map(name -> name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name)
                .map(ParsedDocument::cleanTitle)
                .filter(name -> !name.isEmpty())
                .orElse("Untitled document");
    }
}
