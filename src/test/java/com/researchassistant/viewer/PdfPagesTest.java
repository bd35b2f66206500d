package com.researchassistant.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The boxes from text positions against the ink of the same page as drawn, whatever the page's rotation. */
class PdfPagesTest {

    private static final List<String> LINES = List.of(
            "Sleep spindles are bursts of activity in the", "sleeping brain, and their density predicts recall.");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 90, 180, 270})
    void the_boxes_lie_over_the_ink_of_the_drawn_page(int rotation) throws IOException {
        // given: a page holding only the passage, turned by the page's /Rotate
        assertInkInBoxes(pdf(rotation, false));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 90})
    void a_crop_box_away_from_the_origin_moves_the_boxes_with_the_drawing(int rotation) throws IOException {
        // given: only part of the page is shown, its corner away from (0, 0)
        assertInkInBoxes(pdf(rotation, true));
    }

    private static void assertInkInBoxes(Path file) throws IOException {

        try (PdfPages pdf = PdfPages.open(file)) {
            // when
            Match match =
                    PassageMatcher.find(pdf.glyphs(1), String.join(" ", LINES)).turned(pdf.rotation(1));
            double[] shown = pdf.size(1);
            BufferedImage image = pdf.render(1, RenderSize.of(800, shown[0], shown[1], 4_000_000));

            // then: all the ink is inside the boxes, and every box has ink
            assertThat(match.kind()).isEqualTo(Match.Kind.EXACT);
            assertThat(match.boxes()).hasSize(2);
            long inside = 0;
            long total = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    if (dark(image.getRGB(x, y))) {
                        total++;
                        if (inAny(match.boxes(), (x + 0.5) / image.getWidth(), (y + 0.5) / image.getHeight())) {
                            inside++;
                        }
                    }
                }
            }
            assertThat(total).isGreaterThan(500);
            assertThat((double) inside / total)
                    .as("share of the ink inside the boxes")
                    .isGreaterThan(0.97);
            for (Box box : match.boxes()) {
                assertThat(box.width() * box.height())
                        .as("a box is a line, not the page")
                        .isLessThan(0.1);
            }
        }
    }

    @Test
    void a_file_that_is_no_pdf_is_refused_as_unreadable() throws IOException {
        // given
        Path file = Files.write(dir.resolve("broken.pdf"), "%PDF-1.7 nothing else".getBytes());

        // when / then
        assertThatThrownBy(() -> PdfPages.open(file).count())
                .isInstanceOfSatisfying(
                        ViewerRefused.class, e -> assertThat(e.kind()).isEqualTo(ViewerRefused.Kind.UNREADABLE));
    }

    @Test
    void a_pdf_locked_with_a_password_is_refused_as_unreadable_saying_so() throws IOException {
        // given
        Path file = dir.resolve("locked.pdf");
        try (PDDocument pdf = new PDDocument()) {
            pdf.addPage(new PDPage());
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "user", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            pdf.protect(policy);
            pdf.save(file.toFile());
        }

        // when / then
        assertThatThrownBy(() -> PdfPages.open(file)).isInstanceOfSatisfying(ViewerRefused.class, e -> {
            assertThat(e.kind()).isEqualTo(ViewerRefused.Kind.UNREADABLE);
            assertThat(e.getMessage()).contains("password");
        });
    }

    private static boolean dark(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        return (r + g + b) / 3 < 128;
    }

    private static boolean inAny(List<Box> boxes, double x, double y) {
        for (Box b : boxes) {
            if (x >= b.x() && x <= b.x() + b.width() && y >= b.y() && y <= b.y() + b.height()) {
                return true;
            }
        }
        return false;
    }

    private Path pdf(int rotation, boolean cropped) throws IOException {
        Path file = dir.resolve("rotated-" + rotation + "-" + cropped + ".pdf");
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A5);
            page.setRotation(rotation);
            if (cropped) {
                page.setCropBox(new PDRectangle(25, 300, 340, 280));
            }
            pdf.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                content.setLeading(15);
                content.newLineAtOffset(40, 500);
                for (String line : LINES) {
                    content.showText(line);
                    content.newLine();
                }
                content.endText();
            }
            pdf.save(file.toFile());
        }
        return file;
    }
}
