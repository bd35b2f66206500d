package com.researchassistant.viewer;

import com.researchassistant.testing.HeavyPdf;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Drawing one page of a long PDF: open, draw at a phone's widths, encode as PNG and as JPEG; times
 * and sizes per page. A main class, not a test: {@code bench/run.sh viewer} runs it.
 */
public final class RenderBenchmark {

    private static final Clock CLOCK = Clock.systemUTC();

    private RenderBenchmark() {}

    public static void main(String[] args) throws IOException {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        for (boolean figures : new boolean[] {false, true}) {
            Path file = Files.createTempFile("ra-render-bench", ".pdf");
            Instant made = CLOCK.instant();
            HeavyPdf.write(file, pages, figures);
            System.out.printf(
                    Locale.ROOT,
                    "# %d-page PDF of %.1f MB, %s, written in %d ms%n",
                    pages,
                    Files.size(file) / 1e6,
                    figures ? "text and a figure on every page" : "text only",
                    Duration.between(made, CLOCK.instant()).toMillis());
            for (int width : new int[] {832, 1_216, 2_000}) {
                measure(file, pages, samples, width);
            }
            Files.delete(file);
        }
    }

    private static void measure(Path file, int pages, int samples, int width) throws IOException {
        List<Long> open = new ArrayList<>();
        List<Long> draw = new ArrayList<>();
        List<Long> png = new ArrayList<>();
        List<Long> jpeg = new ArrayList<>();
        long pngBytes = 0;
        long jpegBytes = 0;
        for (int i = 0; i < samples; i++) {
            int page = 1 + (int) ((long) i * 7919 % pages);
            Instant t0 = CLOCK.instant();
            try (PdfPages pdf = PdfPages.open(file)) {
                Instant t1 = CLOCK.instant();
                double[] shown = pdf.size(page);
                BufferedImage image = pdf.render(page, RenderSize.of(width, shown[0], shown[1], 4_000_000));
                Instant t2 = CLOCK.instant();
                byte[] asPng = PageEncoder.encode(image).bytes();
                Instant t3 = CLOCK.instant();
                byte[] asJpeg = PageEncoder.jpeg(image);
                Instant t4 = CLOCK.instant();
                open.add(Duration.between(t0, t1).toMillis());
                draw.add(Duration.between(t1, t2).toMillis());
                png.add(Duration.between(t2, t3).toMillis());
                jpeg.add(Duration.between(t3, t4).toMillis());
                pngBytes += asPng.length;
                jpegBytes += asJpeg.length;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%d px wide: open %d ms, draw %d ms, as served (PNG, grey when colourless, or JPEG when much smaller) %d ms"
                        + " %.0f KB, JPEG(0.85) %d ms %.0f KB"
                        + " (medians of %d pages; sizes are means)%n",
                width,
                median(open),
                median(draw),
                median(png),
                pngBytes / 1024.0 / samples,
                median(jpeg),
                jpegBytes / 1024.0 / samples,
                samples);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
