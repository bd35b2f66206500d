package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.library.DocumentRejected.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentParserTest {

    private final DocumentParser parser = new DocumentParser(100_000, 50_000);

    @Test
    void pdf_pages_become_sections_with_their_page_numbers_and_the_metadata_title() {
        // given
        byte[] pdf = Pdfs.pages(
                "Spindles and Slow Waves",
                List.of(
                        List.of("Sleep spindles are bursts of activity.", "They occur in stage N2."),
                        List.of("Slow oscillations dominate deep sleep.")));

        // when
        ParsedDocument parsed = parser.parse(Upload.file("paper.pdf", "application/pdf", pdf));

        // then
        assertThat(parsed.title()).isEqualTo("Spindles and Slow Waves");
        assertThat(parsed.format()).isEqualTo(Format.PDF);
        assertThat(parsed.sections())
                .extracting(Section::location)
                .containsExactly(new Location.Page(1), new Location.Page(2));
        assertThat(parsed.sections().get(0).text()).contains("Sleep spindles are bursts", "stage N2");
        assertThat(parsed.sections().get(1).text())
                .contains("Slow oscillations")
                .doesNotContain("spindles");
    }

    @Test
    void a_spooled_upload_is_read_from_its_file_pdf_and_text_alike(@TempDir Path dir) throws IOException {
        // given
        byte[] pdf = Pdfs.pages("On Disk", List.of(List.of("Spooled pages parse like pages in memory.")));
        Path pdfFile = Files.write(dir.resolve("upload-1.part"), pdf);
        Path textFile = Files.writeString(dir.resolve("upload-2.part"), "# Heading\n\nMarkdown from a file.");

        // when
        ParsedDocument fromPdf = parser.parse(new Upload(
                Optional.of("a.pdf"), Optional.empty(), Optional.empty(), new Upload.Spooled(pdfFile, pdf.length)));
        ParsedDocument fromText = parser.parse(new Upload(
                Optional.of("notes.md"),
                Optional.empty(),
                Optional.empty(),
                new Upload.Spooled(textFile, Files.size(textFile))));

        // then
        assertThat(fromPdf.title()).isEqualTo("On Disk");
        assertThat(fromPdf.sections().get(0).text()).contains("Spooled pages parse");
        assertThat(fromText.format()).isEqualTo(Format.MARKDOWN);
        assertThat(fromText.title()).isEqualTo("Heading");
    }

    @Test
    void a_pdf_without_a_metadata_title_is_titled_by_its_first_line() {
        // given
        byte[] pdf = Pdfs.pages(null, List.of(List.of("Power Analysis Notes", "Sample size matters.")));

        // when
        ParsedDocument parsed = parser.parse(Upload.file(null, null, pdf));

        // then
        assertThat(parsed.title()).isEqualTo("Power Analysis Notes");
    }

    @Test
    void pdf_content_wins_over_a_declared_html_type() {
        // given
        byte[] pdf = Pdfs.pages("Real PDF", List.of(List.of("Text on page one.")));

        // when
        ParsedDocument parsed = parser.parse(Upload.file("page.html", "text/html", pdf));

        // then
        assertThat(parsed.format()).isEqualTo(Format.PDF);
    }

    @Test
    void a_truncated_pdf_is_corrupt() {
        // given
        byte[] pdf = Pdfs.pages("Cut short", List.of(List.of("Some text here."), List.of("More text.")));
        byte[] truncated = Arrays.copyOf(pdf, pdf.length / 3);

        // when / then
        assertRejected(() -> parser.parse(Upload.file("cut.pdf", "application/pdf", truncated)), Kind.CORRUPT);
    }

    @Test
    void a_password_protected_pdf_is_corrupt_with_a_message_saying_so() {
        // given
        byte[] pdf = Pdfs.encrypted(List.of(List.of("Confidential findings.")));

        // when / then
        assertThatThrownBy(() -> parser.parse(Upload.file("locked.pdf", "application/pdf", pdf)))
                .isInstanceOfSatisfying(
                        DocumentRejected.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPT))
                .hasMessageContaining("password");
    }

    @Test
    void a_pdf_without_extractable_text_needs_ocr() {
        // given
        byte[] pdf = Pdfs.pages("Scanned", List.of(List.of()));

        // when / then
        assertThatThrownBy(() -> parser.parse(Upload.file("scan.pdf", null, pdf)))
                .isInstanceOfSatisfying(
                        DocumentRejected.class, e -> assertThat(e.kind()).isEqualTo(Kind.NEEDS_OCR))
                .hasMessageContaining("no text layer")
                .hasMessageContaining("OCR");
    }

    @Test
    void a_pdf_with_next_to_no_text_for_its_pages_needs_ocr() {
        // given: page numbers on otherwise empty pages, as a scan without OCR may carry
        byte[] pdf = Pdfs.pages("Scanned", List.of(List.of("1"), List.of("2"), List.of("3"), List.of("4")));

        // when / then
        assertThatThrownBy(() -> parser.parse(Upload.file("scan.pdf", null, pdf)))
                .isInstanceOfSatisfying(
                        DocumentRejected.class, e -> assertThat(e.kind()).isEqualTo(Kind.NEEDS_OCR))
                .hasMessageContaining("almost no text for its 4 pages");
    }

    @Test
    void a_file_declared_pdf_that_is_not_one_is_corrupt() {
        // when / then
        assertRejected(
                () -> parser.parse(Upload.file("x.pdf", "application/pdf", bytes("<html>hi</html>"))), Kind.CORRUPT);
    }

    @Test
    void binary_garbage_is_an_unsupported_type() {
        // given
        byte[] garbage = new byte[512];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37 + 11);
        }

        // when / then
        assertRejected(
                () -> parser.parse(Upload.file("data.bin", "application/octet-stream", garbage)),
                Kind.UNSUPPORTED_TYPE);
    }

    @Test
    void a_zip_archive_is_unsupported_and_the_message_says_what_it_looks_like() {
        // given
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};

        // when / then
        assertThatThrownBy(() -> parser.parse(Upload.file("paper.docx", null, zip)))
                .isInstanceOfSatisfying(
                        DocumentRejected.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED_TYPE))
                .hasMessageContaining("ZIP archive");
    }

    @Test
    void invalid_utf8_text_is_unsupported_with_a_clear_message_that_does_not_echo_the_content() {
        // given
        byte[] latin1 = "Caf\u00e9 notes with SECRETWORD".getBytes(StandardCharsets.ISO_8859_1);

        // when / then
        assertThatThrownBy(() -> parser.parse(Upload.file("notes.txt", "text/plain", latin1)))
                .isInstanceOfSatisfying(
                        DocumentRejected.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED_TYPE))
                .hasMessageContaining("not valid UTF-8")
                .message()
                .doesNotContain("SECRETWORD");
    }

    @Test
    void empty_and_whitespace_only_uploads_are_empty() {
        assertRejected(() -> parser.parse(Upload.file("a.txt", "text/plain", new byte[0])), Kind.EMPTY);
        assertRejected(() -> parser.parse(Upload.text("blank", " \n\t \n")), Kind.EMPTY);
        assertRejected(
                () -> parser.parse(Upload.file("a.html", null, bytes("<html><script>x()</script></html>"))),
                Kind.EMPTY);
    }

    @Test
    void uploads_over_the_byte_limit_are_too_large_and_the_message_names_the_limit() {
        // given
        DocumentParser small = new DocumentParser(10, 1_000);

        // when / then
        assertThatThrownBy(() -> small.parse(Upload.text("t", "eleven char")))
                .isInstanceOfSatisfying(
                        DocumentRejected.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
                .hasMessageContaining("at most 10");
    }

    @Test
    void html_keeps_visible_text_under_its_heading_path_and_drops_scripts_styles_and_navigation() {
        // given
        String html = """
                <html><head><title>Field Guide</title><style>p{color:red}</style></head><body>
                <nav>Home | About</nav>
                <p>Intro before any heading.</p>
                <h1>Methods</h1><p>We sampled widely.</p>
                <h2>Sampling</h2><p>Random digit dialling.</p><script>track()</script>
                <h1>Results</h1><ul><li>First finding.</li><li>Second finding.</li></ul>
                </body></html>""";

        // when
        ParsedDocument parsed = parser.parse(Upload.file("guide.html", "text/html", bytes(html)));

        // then
        assertThat(parsed.title()).isEqualTo("Field Guide");
        assertThat(parsed.sections())
                .extracting(s -> s.location().label())
                .containsExactly("", "Methods", "Methods > Sampling", "Results");
        assertThat(parsed.sections())
                .extracting(Section::text)
                .containsExactly(
                        "Intro before any heading.",
                        "We sampled widely.",
                        "Random digit dialling.",
                        "First finding.\n\nSecond finding.");
    }

    @Test
    void markdown_headings_form_paths_and_fenced_code_is_not_a_heading() {
        // given
        String markdown = """
                # Power

                Power is the chance of detecting a real effect.

                ## Sample size
                More people, more power.

                ```
                # not a heading
                ```

                # Appendix
                Extra notes.
                """;

        // when
        ParsedDocument parsed = parser.parse(Upload.file("power.md", null, bytes(markdown)));

        // then
        assertThat(parsed.title()).isEqualTo("Power");
        assertThat(parsed.format()).isEqualTo(Format.MARKDOWN);
        assertThat(parsed.sections())
                .extracting(s -> s.location().label())
                .containsExactly("Power", "Power > Sample size", "Appendix");
        assertThat(parsed.sections().get(1).text()).contains("More people", "# not a heading");
    }

    @Test
    void plain_text_is_titled_by_its_first_line_unless_the_uploader_chose_a_title() {
        // given
        byte[] text = bytes("\uFEFF\n  Notes on replication  \nSecond line.\n");

        // when
        ParsedDocument byContent = parser.parse(Upload.file("notes.txt", "text/plain", text));
        ParsedDocument byUploader = parser.parse(Upload.text("Chosen title", "Notes on replication"));

        // then
        assertThat(byContent.title()).isEqualTo("Notes on replication");
        assertThat(byContent.sections())
                .singleElement()
                .satisfies(s -> assertThat(s.location().label()).isEmpty());
        assertThat(byUploader.title()).isEqualTo("Chosen title");
    }

    @Test
    void undeclared_text_is_sniffed_as_html_markdown_or_plain() {
        assertThat(parser.parse(Upload.file(null, null, bytes("<!DOCTYPE html><p>Hi there.</p>")))
                        .format())
                .isEqualTo(Format.HTML);
        assertThat(parser.parse(Upload.file(null, null, bytes("# Title\n\nBody text.")))
                        .format())
                .isEqualTo(Format.MARKDOWN);
        assertThat(parser.parse(Upload.file(null, null, bytes("Just words."))).format())
                .isEqualTo(Format.TEXT);
    }

    @Test
    void the_file_name_without_folders_or_extension_is_the_last_resort_title() {
        // given
        byte[] noTitleLine = bytes("#####\n");

        // when
        ParsedDocument parsed = parser.parse(Upload.file("C:\\papers\\notes-2024.txt", "text/plain", noTitleLine));

        // then
        assertThat(parsed.title()).isEqualTo("notes-2024");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertRejected(ThrowingCallable call, Kind kind) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        DocumentRejected.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }
}
