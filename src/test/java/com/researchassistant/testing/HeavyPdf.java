package com.researchassistant.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A long PDF for the viewer's benchmarks: A4 pages of dense 10 pt text (48 lines), each with a
 * figure of its own (a 1,200 x 800 JPEG, busy with coloured spots), so drawing one page must not
 * load the others' images; or text only.
 */
public final class HeavyPdf {

    private static final String[] WORDS = ("sleep memory spindle cortex hippocampus replay consolidation learning "
                    + "recall night cohort sample effect variance measure model signal recording participants study trial "
                    + "result method analysis rest task word pair morning density burst activity brain")
            .split(" ");

    private HeavyPdf() {}

    public static void write(Path file, int pages) {
        write(file, pages, true);
    }

    /** Pages of text only when {@code figures} is false. */
    public static void write(Path file, int pages, boolean figures) {
        Random random = new Random(7);
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        try (PDDocument pdf = new PDDocument()) {
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    if (figures) {
                        PDImageXObject figure = JPEGFactory.createFromImage(pdf, figure(random, p), 0.8f);
                        content.drawImage(figure, 60, 480, 475, 316);
                    }
                    content.beginText();
                    content.setFont(font, 10);
                    content.setLeading(9.2f);
                    content.newLineAtOffset(60, 460);
                    for (int line = 0; line < 48; line++) {
                        content.showText(line(random, p, line));
                        content.newLine();
                    }
                    content.endText();
                }
            }
            pdf.save(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(Random random, int page, int line) {
        StringBuilder text = new StringBuilder("p" + (page + 1) + "l" + (line + 1));
        while (text.length() < 92) {
            text.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    private static BufferedImage figure(Random random, int page) {
        BufferedImage image = new BufferedImage(1_200, 800, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1_200, 800);
        for (int i = 0; i < 400; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillOval(random.nextInt(1_200), random.nextInt(800), 8 + random.nextInt(60), 8 + random.nextInt(60));
        }
        g.setColor(Color.BLACK);
        g.drawString("Figure " + (page + 1), 20, 30);
        g.dispose();
        return image;
    }
}
