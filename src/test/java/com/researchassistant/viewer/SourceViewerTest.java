package com.researchassistant.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.config.StoreConfig;
import com.researchassistant.config.ViewerConfig;
import com.researchassistant.library.CitedPassage;
import com.researchassistant.library.Document;
import com.researchassistant.library.DocumentStatus;
import com.researchassistant.library.Library;
import com.researchassistant.library.LibrarySettings;
import com.researchassistant.library.OriginalsSettings;
import com.researchassistant.library.Upload;
import com.researchassistant.retrieve.LuceneIndex;
import com.researchassistant.retrieve.LuceneSettings;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.FakeEmbedder;
import com.researchassistant.testing.LinedPdf;
import com.researchassistant.testing.PaperText;
import com.researchassistant.viewer.PassageView.PageDisplay;
import com.researchassistant.viewer.PassageView.TextDisplay;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceViewerTest {

    private static final String ALICE = "alice";
    private static final String BOB = "bob";

    @TempDir
    Path dir;

    private LuceneIndex index;
    private Library library;
    private SourceViewer viewer;

    @BeforeEach
    void open() {
        index = LuceneIndex.open(dir.resolve("index"), LuceneSettings.defaults(FakeEmbedder.DIMENSIONS));
        StoreConfig store = new StoreConfig(
                dir, Optional.empty(), 0, 0, Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofHours(1));
        library = Library.open(
                store,
                LibrarySettings.defaults(),
                new OriginalsSettings(1 << 20, 4 << 20),
                new FakeEmbedder(),
                index,
                Clock.systemUTC());
        viewer = newViewer();
    }

    private SourceViewer newViewer() {
        return new SourceViewer(
                library,
                new ViewerConfig(
                        1,
                        4,
                        Duration.ofSeconds(30),
                        8 << 20,
                        8 << 20,
                        dir.resolve("originals-" + System.identityHashCode(this) + "-" + Math.random()),
                        2_000,
                        4_000_000,
                        1 << 20,
                        4 << 20));
    }

    @AfterEach
    void close() {
        viewer.close();
        library.close();
        index.close();
    }

    private Document ingest(String owner, String name, String type, byte[] bytes) {
        Document document = library.ingest(owner, Upload.file(name, type, bytes));
        Eventually.await(
                Duration.ofSeconds(20),
                () -> library.find(owner, document.id()).orElseThrow().status() == DocumentStatus.READY,
                "the document to be indexed");
        return document;
    }

    private CitedPassage passageAt(String owner, Document document, String location) {
        return library.originals().passages(owner, document.id()).stream()
                .filter(p -> p.location().equals(location))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void a_pdf_passage_is_shown_on_its_page_with_boxes_over_each_of_its_lines() {
        // given
        Document paper = ingest(ALICE, "paper.pdf", "application/pdf", PaperText.pdf());
        CitedPassage cited = passageAt(ALICE, paper, "p. 2");

        // when
        PassageView view = viewer.view(ALICE, paper.id(), new PassageRef.Ordinal(cited.ordinal()))
                .orElseThrow();

        // then: the page recorded at ingestion, and a box over every line of the passage
        assertThat(cited.page()).isEqualTo(2);
        assertThat(view.display()).isInstanceOfSatisfying(PageDisplay.class, page -> {
            assertThat(page.page()).isEqualTo(2);
            assertThat(page.pageCount()).isEqualTo(3);
            assertThat(page.aspect())
                    .isEqualTo(LinedPdf.HEIGHT / LinedPdf.WIDTH, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(page.highlight().kind()).isEqualTo(Match.Kind.EXACT);
            assertThat(page.highlight().boxes()).hasSize(PaperText.PAGE_2.size());
            for (int i = 0; i < PaperText.PAGE_2.size(); i++) {
                assertCovers(page.highlight().boxes().get(i), LinedPdf.line(i, PaperText.PAGE_2.get(i)));
            }
        });
    }

    static void assertCovers(Box box, LinedPdf.Line line) {
        double slack = 0.004;
        assertThat(box.x()).isLessThanOrEqualTo(line.left() + slack).isGreaterThan(line.left() - 0.02);
        assertThat(box.x() + box.width())
                .isGreaterThanOrEqualTo(line.right() - slack)
                .isLessThan(line.right() + 0.03);
        assertThat(box.y()).isLessThanOrEqualTo(line.capTop() + slack);
        assertThat(box.y() + box.height())
                .isGreaterThanOrEqualTo(line.baseline() - slack)
                .isLessThan(line.baseline() + 0.02);
    }

    @Test
    void a_page_is_drawn_as_a_png_at_the_phones_width_times_its_pixel_ratio() throws IOException {
        // given
        Document paper = ingest(ALICE, "paper.pdf", "application/pdf", PaperText.pdf());

        // when
        PageImage page =
                viewer.page(ALICE, paper.id(), new PageRequest(2, 390, 2)).orElseThrow();

        // then
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(page.bytes()));
        assertThat(page.contentType()).isEqualTo("image/png");
        assertThat(image.getWidth()).isEqualTo(832);
        assertThat(image.getHeight()).isEqualTo((int) Math.floor(792 * (832 / 612.0)));
        assertThat(page.tag())
                .isEqualTo(viewer.pageTag(ALICE, paper.id(), new PageRequest(2, 390, 2))
                        .orElseThrow());
        assertThat(viewer.page(ALICE, paper.id(), new PageRequest(4, 390, 2)))
                .as("no page 4")
                .isEmpty();
    }

    @Test
    void another_identity_finds_neither_the_passage_nor_the_pages() {
        // given
        Document paper = ingest(ALICE, "paper.pdf", "application/pdf", PaperText.pdf());

        // when / then
        assertThat(viewer.view(BOB, paper.id(), new PassageRef.Ordinal(0))).isEmpty();
        assertThat(viewer.page(BOB, paper.id(), new PageRequest(1, 390, 2))).isEmpty();
        assertThat(viewer.pageTag(BOB, paper.id(), new PageRequest(1, 390, 2))).isEmpty();
        assertThat(library.originals().find(BOB, paper.id())).isEmpty();
    }

    @Test
    void an_html_passage_is_marked_in_its_section_read_again_from_the_original() {
        // given
        String html = "<html><head><title>Notes</title></head><body><h1>Notes</h1><h2>Methods</h2>"
                + "<p>We recruited   twenty volunteers.</p><p>Each slept in the lab for two nights.</p>"
                + "<h2>Results</h2><p>Spindle density rose after learning.</p></body></html>";
        Document notes = ingest(ALICE, "notes.html", "text/html", html.getBytes(StandardCharsets.UTF_8));
        CitedPassage cited = library.originals().passages(ALICE, notes.id()).stream()
                .filter(p -> p.text().contains("Spindle density"))
                .findFirst()
                .orElseThrow();

        // when
        PassageView view = viewer.view(ALICE, notes.id(), new PassageRef.Ordinal(cited.ordinal()))
                .orElseThrow();

        // then
        assertThat(view.display()).isInstanceOfSatisfying(TextDisplay.class, text -> {
            assertThat(text.origin()).isEqualTo(PassageView.Origin.SECTION);
            assertThat(text.text().substring(text.start(), text.end()))
                    .isEqualTo("Spindle density rose after learning.");
            assertThat(text.heading()).contains("Results");
        });
    }

    @Test
    void an_old_citation_without_its_ordinal_finds_its_passage_by_location_and_start() {
        // given
        Document paper = ingest(ALICE, "paper.pdf", "application/pdf", PaperText.pdf());

        // when
        PassageView view = viewer.view(ALICE, paper.id(), new PassageRef.Located("p. 3", "Limitations. The sample…"))
                .orElseThrow();

        // then
        assertThat(view.passage().location()).isEqualTo("p. 3");
        assertThat(((PageDisplay) view.display()).page()).isEqualTo(3);
    }

    @Test
    void a_research_reports_library_source_naming_a_reference_instead_of_a_place_finds_its_passage_by_its_start() {
        // given
        Document paper = ingest(ALICE, "paper.pdf", "application/pdf", PaperText.pdf());

        // when: the place is "authors, year", which no passage has
        PassageView view = viewer.view(
                        ALICE,
                        paper.id(),
                        new PassageRef.Located("Smith and Jones, 2021", "Sleep spindles are bursts of activity"))
                .orElseThrow();

        // then
        assertThat(view.passage().location()).isEqualTo("p. 2");
    }

    @Test
    void deleting_a_document_deletes_its_kept_original() throws SQLException {
        // given
        Document paper = ingest(ALICE, "paper.pdf", "application/pdf", PaperText.pdf());
        assertThat(rows("document_original_parts")).isPositive();

        // when
        library.delete(ALICE, paper.id());

        // then
        assertThat(library.originals().find(ALICE, paper.id())).isEmpty();
        assertThat(rows("document_original_parts")).isZero();
        assertThat(rows("document_originals")).isZero();
        assertThat(rows("passage_spans")).isZero();
    }

    @Test
    void an_upload_over_the_cap_is_indexed_and_shown_as_its_passages_text() {
        // given: a cap of 1 MiB per document
        String big = "Filler sentence about nothing in particular. ".repeat(24_000) + "The cited claim is here.";
        Document document = ingest(ALICE, "big.txt", "text/plain", big.getBytes(StandardCharsets.UTF_8));
        CitedPassage cited = library.originals().passages(ALICE, document.id()).getLast();

        // when
        PassageView view = viewer.view(ALICE, document.id(), new PassageRef.Ordinal(cited.ordinal()))
                .orElseThrow();

        // then
        assertThat(view.originalKept()).isFalse();
        assertThat(view.display()).isInstanceOfSatisfying(TextDisplay.class, text -> {
            assertThat(text.origin()).isEqualTo(PassageView.Origin.PASSAGES);
            assertThat(text.text().substring(text.start(), text.end())).endsWith("The cited claim is here.");
            assertThat(text.clippedBefore()).isTrue();
        });
    }

    @Test
    void a_damaged_original_is_shown_as_text_with_a_notice_and_its_pages_are_refused_clearly() throws SQLException {
        // given: a PDF whose kept bytes were damaged in the database
        Document paper = ingest(ALICE, "paper.pdf", "application/pdf", PaperText.pdf());
        try (Connection c = DriverManager.getConnection(url());
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE document_original_parts SET content = X'00112233'");
        }
        CitedPassage cited = passageAt(ALICE, paper, "p. 2");

        // when
        PassageView view = viewer.view(ALICE, paper.id(), new PassageRef.Ordinal(cited.ordinal()))
                .orElseThrow();

        // then
        assertThat(view.notice()).contains("damaged");
        assertThat(view.display()).isInstanceOf(TextDisplay.class);
        assertThatThrownBy(() -> viewer.page(ALICE, paper.id(), new PageRequest(1, 390, 2)))
                .isInstanceOfSatisfying(
                        ViewerRefused.class, e -> assertThat(e.kind()).isEqualTo(ViewerRefused.Kind.UNREADABLE));
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("research-assistant.db");
    }

    private long rows(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }
}
