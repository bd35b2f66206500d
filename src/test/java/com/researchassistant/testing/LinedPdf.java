package com.researchassistant.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A real PDF made with PDFBox whose text and where it is drawn are known: US Letter pages (612 x
 * 792 points), Helvetica 12 pt, lines 16 pt apart from a baseline at 700 pt, starting 72 pt from
 * the left. {@link #line} says where a line's words are, as shares of the page.
 */
public final class LinedPdf {

    public static final float WIDTH = PDRectangle.LETTER.getWidth();
    public static final float HEIGHT = PDRectangle.LETTER.getHeight();
    static final float SIZE = 12;
    static final float LEADING = 16;
    static final float LEFT = 72;
    static final float TOP_BASELINE = 700;

    private static final PDType1Font FONT = new PDType1Font(Standard14Fonts.FontName.HELVETICA);

    /** Where a line's text is: left, top of the capitals, right and baseline, as shares of the page. */
    public record Line(double left, double capTop, double right, double baseline) {}

    private LinedPdf() {}

    /** One page per element, each a list of lines. */
    public static byte[] of(String title, List<List<String>> pages) {
        try (PDDocument pdf = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (List<String> lines : pages) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(FONT, SIZE);
                    content.setLeading(LEADING);
                    content.newLineAtOffset(LEFT, TOP_BASELINE);
                    for (String line : lines) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            pdf.getDocumentInformation().setTitle(title);
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where line {@code index} (from 0) of a page is drawn, if its text is {@code text}. */
    public static Line line(int index, String text) {
        try {
            double width = FONT.getStringWidth(text) / 1000 * SIZE;
            double baseline = HEIGHT - (TOP_BASELINE - index * LEADING);
            double capHeight = FONT.getFontDescriptor().getCapHeight() / 1000 * SIZE;
            return new Line(LEFT / WIDTH, (baseline - capHeight) / HEIGHT, (LEFT + width) / WIDTH, baseline / HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
