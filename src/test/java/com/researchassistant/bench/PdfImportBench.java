package com.researchassistant.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Memory while importing about a gigabyte of PDFs as one zip: {@code count} generated PDFs of about
 * 5 MB each (a page of text and a photo-like image that does not compress), through {@code POST
 * /api/library/imports} on a fresh server ({@code ./ra serve}). Prints the server's RSS, sampled
 * every 500 ms while the upload is received and the import runs, and its HWM, against the 512 MB
 * limit. A main class, not a test; {@code bench/run.sh pdfimport} runs it.
 *
 * <p>Usage: {@code PdfImportBench [count=200]}
 */
public final class PdfImportBench {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final String KEY = "bench-pdf-import-key-0123456789";
    private static final String BOUNDARY = "----ra-bench-pdf-import";

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path project = Path.of(System.getProperty("bench.project", ".")).toAbsolutePath();
        Path work = Files.createTempDirectory("ra-pdf-import-bench");
        Path body = work.resolve("body.bin");
        writeBody(body, count);
        Files.createDirectories(work.resolve("data"));
        OUT.printf(
                "# pdf import %s: %d PDFs, a body of %.0f MB, loadavg %s%n",
                Instant.now(),
                count,
                Files.size(body) / 1e6,
                Files.readString(Path.of("/proc/loadavg")).strip());
        Clock clock = Clock.systemUTC();
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (BenchServer server = BenchServer.start(
                project, work.resolve("data"), Map.of("RA_MAX_UPLOAD_BYTES", Integer.toString(16 << 20)))) {
            OUT.printf("idle: RSS %.1f MB%n", server.rssMb());
            double[] peak = {server.rssMb()};
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak[0] = Math.max(peak[0], server.rssMb());
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Instant start = clock.instant();
            HttpResponse<String> accepted = http.send(
                    HttpRequest.newBuilder(server.base().resolve("/api/library/imports"))
                            .header("Authorization", "Bearer " + KEY)
                            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                            .POST(HttpRequest.BodyPublishers.ofFile(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            OUT.printf(
                    "upload: %d in %.1f s, RSS peak so far %.1f MB%n",
                    accepted.statusCode(),
                    Duration.between(start, clock.instant()).toMillis() / 1000.0,
                    peak[0]);
            String location = accepted.headers().firstValue("Location").orElseThrow();
            String state;
            do {
                Thread.sleep(1000);
                state = http.send(
                                HttpRequest.newBuilder(server.base().resolve(location))
                                        .header("Authorization", "Bearer " + KEY)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
            } while (state.contains("\"status\":\"running\"") || state.contains("\"status\":\"queued\""));
            sampler.interrupt();
            OUT.printf(
                    "import ended in %.1f s: %s%n",
                    Duration.between(start, clock.instant()).toMillis() / 1000.0,
                    state.replaceAll(".*\"totals\":(\\{[^}]*}).*", "$1"));
            OUT.printf(
                    "RSS: peak sampled %.1f MB, at the end %.1f MB (%s), HWM %.1f MB%n",
                    peak[0], server.rssMb(), server.rssParts(), server.hwmMb());
        }
        System.exit(0);
    }

    private static void writeBody(Path body, int count) throws IOException {
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(body)) {
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"papers.zip\""
                            + "\r\nContent-Type: application/zip\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            ZipOutputStream zip = new ZipOutputStream(out);
            for (int n = 0; n < count; n++) {
                zip.putNextEntry(new ZipEntry("papers/paper-" + n + ".pdf"));
                zip.write(pdf(n, random));
                zip.closeEntry();
            }
            zip.finish();
            out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A page of text about paper {@code n} and an image of noise of about 5 MB. */
    private static byte[] pdf(int n, Random random) throws IOException {
        try (PDDocument pdf = new PDDocument();
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            pdf.addPage(page);
            BufferedImage noise = new BufferedImage(1300, 1300, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < noise.getHeight(); y++) {
                for (int x = 0; x < noise.getWidth(); x++) {
                    noise.setRGB(x, y, random.nextInt(0x1000000));
                }
            }
            PDImageXObject image = LosslessFactory.createFromImage(pdf, noise);
            try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                content.drawImage(image, 72, 300, 200, 200);
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                content.setLeading(14);
                content.newLineAtOffset(72, 720);
                for (int line = 0; line < 12; line++) {
                    content.showText(ImportBench.text(n * 13 + line).substring(0, 90));
                    content.newLine();
                }
                content.endText();
            }
            pdf.save(bytes);
            return bytes.toByteArray();
        }
    }
}
