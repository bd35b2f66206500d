package com.researchassistant.library;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Reads the text layer of a PDF page by page, so every section knows its page number. A PDF with
 * fewer than {@value #MIN_CHARS_PER_PAGE} characters of text a page on average is a scan (page
 * numbers or a stamp at most): it is rejected as needing OCR rather than indexed nearly empty.
 */
final class PdfParser {

    static final int MIN_CHARS_PER_PAGE = 10;

    private final int maxTextChars;

    PdfParser(int maxTextChars) {
        this.maxTextChars = maxTextChars;
    }

    ParsedDocument parse(Upload.Content content, String fileTitle) {
        try (PDDocument pdf = load(content)) {
            List<Section> pages = pages(pdf);
            long chars = pages.stream()
                    .mapToLong(page -> page.text()
                            .codePoints()
                            .filter(c -> !Character.isWhitespace(c))
                            .count())
                    .sum();
            if (chars < (long) MIN_CHARS_PER_PAGE * Math.max(1, pdf.getNumberOfPages())) {
                throw DocumentRejected.needsOcr("The PDF has " + (pages.isEmpty() ? "no text layer" : "almost no text")
                        + " for its " + pdf.getNumberOfPages() + (pdf.getNumberOfPages() == 1 ? " page" : " pages")
                        + ": it looks scanned and needs OCR, which the library does not do.");
            }
            Optional<String> title =
                    Optional.ofNullable(pdf.getDocumentInformation().getTitle());
            return ParsedDocument.of(title, Format.PDF, pages, fileTitle);
        } catch (InvalidPasswordException e) {
            throw DocumentRejected.corrupt("The PDF is password-protected; upload an unprotected copy.", e);
        } catch (DocumentRejected e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // PDFBox reports broken files with IOExceptions and, for some damage, runtime exceptions
            throw DocumentRejected.corrupt("The PDF is damaged or incomplete and cannot be read.", e);
        }
    }

    /** From memory, or from the spooled file without reading it into memory. */
    private static PDDocument load(Upload.Content content) throws IOException {
        return switch (content) {
            case Upload.Bytes bytes -> Loader.loadPDF(bytes.bytes(), "");
            case Upload.Spooled spooled -> Loader.loadPDF(spooled.file().toFile(), "");
        };
    }

    private List<Section> pages(PDDocument pdf) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setLineSeparator("\n");
        stripper.setParagraphEnd("\n\n");
        List<Section> pages = new ArrayList<>();
        long total = 0;
        for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
            stripper.setStartPage(page);
            stripper.setEndPage(page);
            String text = joinHyphenatedWords(stripper.getText(pdf)).strip();
            total += text.length();
            if (total > maxTextChars) {
                throw DocumentRejected.tooLarge(
                        "The PDF holds more than " + maxTextChars + " characters of text, the library's limit.");
            }
            if (!text.isEmpty()) {
                pages.add(new Section(text, new Location.Page(page)));
            }
        }
        return pages;
    }

    /** Rejoins words a typesetter split across lines ("consoli-\ndation"), which would not match a search. */
    private static String joinHyphenatedWords(String text) {
        return text.replaceAll("(\\p{Ll})-\\n(\\p{Ll})", "$1$2");
    }
}
