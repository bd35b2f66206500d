package com.researchassistant.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** A PDF made with PDFBox for the memory benchmark: pages of text and one large, incompressible image. */
final class GeneratedPdf {

    private GeneratedPdf() {}

    /** {@code pages} pages of 40 lines each, and a random {@code side} x {@code side} RGB image (3 bytes a pixel). */
    static byte[] of(Random random, int pages, int side) {
        try (PDDocument pdf = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            BufferedImage noise = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    noise.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            PDImageXObject image = LosslessFactory.createFromImage(pdf, noise);
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage();
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    if (p == 0) {
                        content.drawImage(image, 72, 400, 200, 200);
                    }
                    content.beginText();
                    content.setFont(font, 11);
                    content.setLeading(14);
                    content.newLineAtOffset(72, 380);
                    for (int line = 0; line < 24; line++) {
                        content.showText("Page " + (p + 1) + " line " + line + " measured tidal flow and sediment "
                                + "transport near sensor " + random.nextInt(1000) + ".");
                        content.newLine();
                    }
                    content.endText();
                }
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
