package com.researchassistant.viewer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * One kept PDF opened for a render or a text-position read, then closed. It is read from a local
 * file with random access and decoded streams go to temporary files, so a 300-page PDF costs the
 * page being drawn, not the whole document; images drawn smaller than stored are subsampled. Not
 * thread-safe: one thread uses it, then closes it.
 */
final class PdfPages implements AutoCloseable {

    private final PDDocument pdf;

    private PdfPages(PDDocument pdf) {
        this.pdf = pdf;
    }

    static PdfPages open(Path file) {
        try {
            return new PdfPages(Loader.loadPDF(file.toFile(), "", IOUtils.createTempFileOnlyStreamCache()));
        } catch (InvalidPasswordException e) {
            throw ViewerRefused.unreadable("The PDF is protected by a password, so its pages cannot be shown.", e);
        } catch (IOException | RuntimeException e) {
            throw ViewerRefused.unreadable("The PDF is damaged, so its pages cannot be shown.", e);
        }
    }

    int count() {
        return pdf.getNumberOfPages();
    }

    /** Width and height as shown, in points (a page turned by 90 degrees swaps them). */
    double[] size(int page) {
        PDPage p = page(page);
        PDRectangle box = p.getCropBox();
        boolean turned = p.getRotation() % 180 != 0;
        return turned ? new double[] {box.getHeight(), box.getWidth()} : new double[] {box.getWidth(), box.getHeight()};
    }

    BufferedImage render(int page, RenderSize size) {
        PDFRenderer renderer = new PDFRenderer(pdf);
        renderer.setSubsamplingAllowed(true);
        try {
            return renderer.renderImage(page - 1, size.scale(), ImageType.RGB);
        } catch (IOException | RuntimeException e) {
            throw ViewerRefused.unreadable("Page " + page + " of the PDF is damaged and cannot be drawn.", e);
        }
    }

    /** How far the page is turned for showing, clockwise: 0, 90, 180 or 270 degrees. */
    int rotation(int page) {
        return Math.floorMod(page(page).getRotation(), 360) / 90 * 90;
    }

    /**
     * The page's text layer in the order the library read it, each glyph where it is drawn on the
     * page as it is stored (not turned: a line of text is horizontal there); {@link Box#turned}
     * turns boxes made from them to the page as shown.
     */
    List<Glyph> glyphs(int page) {
        PDRectangle box = page(page).getCropBox();
        Collector collector = new Collector(box.getWidth(), box.getHeight());
        collector.setStartPage(page);
        collector.setEndPage(page);
        try {
            collector.writeText(pdf, new StringWriter());
        } catch (IOException | RuntimeException e) {
            throw ViewerRefused.unreadable("The text of page " + page + " of the PDF cannot be read.", e);
        }
        return collector.glyphs;
    }

    private PDPage page(int page) {
        if (page < 1 || page > count()) {
            throw new IllegalArgumentException("no page " + page + " in a PDF of " + count());
        }
        return pdf.getPage(page - 1);
    }

    @Override
    public void close() {
        try {
            pdf.close();
        } catch (IOException e) {
            // closing a read-only document frees memory and temporary files; nothing is lost if it fails
        }
    }

    /** The text stripper the library reads pages with, recording where each glyph is. */
    private static final class Collector extends PDFTextStripper {
        private final double width;
        private final double height;
        final List<Glyph> glyphs = new ArrayList<>();

        Collector(double width, double height) {
            this.width = width;
            this.height = height;
            setLineSeparator("\n");
            setParagraphEnd("\n\n");
        }

        /** From the glyph's origin in user space (PDFBox has moved it to the crop box's corner), y downwards. */
        @Override
        protected void writeString(String text, List<TextPosition> positions) {
            for (TextPosition p : positions) {
                double size = p.getFontSizeInPt() > 0 ? p.getFontSizeInPt() : p.getHeightDir() * 2;
                double x = p.getTextMatrix().getTranslateX();
                double baseline = height - p.getTextMatrix().getTranslateY();
                glyphs.add(new Glyph(
                        p.getUnicode(), x / width, baseline / height, p.getWidthDirAdj() / width, size / height));
            }
        }
    }
}
