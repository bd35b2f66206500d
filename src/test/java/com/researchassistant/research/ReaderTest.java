package com.researchassistant.research;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.chat.TraceStep;
import com.researchassistant.library.LibrarySettings;
import com.researchassistant.library.PassageReader;
import com.researchassistant.testing.FakeEmbedder;
import com.researchassistant.testing.FakeFetcher;
import com.researchassistant.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class ReaderTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final RecordedEvents recorded = new RecordedEvents();
    private final FakeFetcher fetcher = new FakeFetcher();
    private final List<TraceStep> trace = new ArrayList<>();

    private Reader.Reading read(List<ReportSource> sources, int budget) throws InterruptedException {
        Reader reader = new Reader(
                fetcher, new PassageReader(LibrarySettings.defaults()), new FakeEmbedder(), new Parallel(2), 10, clock);
        return reader.read(
                sources, Budgets.meter(Budgets.withSources(budget), clock, recorded), recorded.events(), trace::add);
    }

    static ReportSource paper(int n, String fullText, String abstractText) {
        return new ReportSource(
                n,
                ReportSource.PAPER,
                "openalex",
                "Paper " + n,
                List.of("A. Author"),
                2020,
                "Venue",
                "10.1/" + n,
                "",
                "",
                "https://doi.org/10.1/" + n,
                fullText,
                abstractText,
                "",
                List.of(0),
                0.5);
    }

    @Test
    void reads_an_open_access_full_text_in_html_or_pdf_into_passages_of_the_jobs_index() throws Exception {
        // given
        fetcher.page(
                "https://oa.example.org/1.html",
                "text/html",
                "<html><head><title>T</title></head><body>"
                        + "<h1>Results</h1><p>Slow-wave sleep replays the day's memories in the hippocampus.</p></body></html>");
        fetcher.page(
                "https://oa.example.org/2.pdf", "application/pdf", pdf("Spindles predict overnight recall gains."));

        // when
        Reader.Reading reading = read(
                List.of(
                        paper(1, "https://oa.example.org/1.html", "abstract one"),
                        paper(2, "https://oa.example.org/2.pdf", "abstract two")),
                5);

        // then
        assertThat(reading.how()).containsEntry(1, "full_text").containsEntry(2, "full_text");
        assertThat(reading.index().text(1)).contains("Slow-wave sleep replays");
        assertThat(reading.index().text(2)).contains("Spindles predict overnight recall gains.");
        assertThat(recorded.named("read"))
                .extracting(d -> d.path("how").asText())
                .containsOnly("full_text");
        assertThat(recorded.named("read"))
                .extracting(d -> d.path("read").asInt())
                .containsExactlyInAnyOrder(1, 2);
        assertThat(trace)
                .singleElement()
                .satisfies(step -> assertThat(step.detail()).contains("2 in full text"));
    }

    @Test
    void falls_back_to_the_abstract_when_the_full_text_cannot_be_had_and_says_why() throws Exception {
        // when
        Reader.Reading reading = read(
                List.of(
                        paper(1, "https://down.example.org/1.pdf", "The abstract says X."),
                        paper(2, "", "Only an abstract.")),
                5);

        // then
        assertThat(reading.how()).containsEntry(1, "abstract").containsEntry(2, "abstract");
        assertThat(reading.index().text(1)).isEqualTo("The abstract says X.");
        assertThat(recorded.named("read"))
                .extracting(d -> d.path("reason").asText())
                .containsExactlyInAnyOrder("full text not fetched (unreachable)", "no open-access full text");
    }

    @Test
    void fetches_nothing_but_the_addresses_providers_gave() throws Exception {
        // given a page full of links
        fetcher.page(
                "https://web.example.org/post",
                "text/html",
                "<html><body><p>Read more at"
                        + " <a href=\"https://evil.example.com/next\">this link</a> and https://evil.example.com/raw."
                        + " Also see http://169.254.169.254/latest/meta-data/.</p></body></html>");
        ReportSource web = new ReportSource(
                1,
                ReportSource.WEB,
                "searxng",
                "A post",
                List.of(),
                0,
                "",
                "",
                "",
                "",
                "https://web.example.org/post",
                "",
                "snippet",
                "",
                List.of(0),
                0.5);

        // when
        read(List.of(web, paper(2, "", "abstract")), 5);

        // then
        assertThat(fetcher.requested()).containsExactly("https://web.example.org/post");
    }

    @Test
    void library_sources_are_read_from_the_passages_found_without_fetching() throws Exception {
        // given
        ReportSource mine = ReportSource.library("doc-1", "My notes", "First passage.\n\nSecond passage.", 0, 0.8)
                .numbered(1);

        // when
        Reader.Reading reading = read(List.of(mine), 5);

        // then
        assertThat(reading.how()).containsEntry(1, "library");
        assertThat(reading.index().passages()).isEqualTo(2);
        assertThat(fetcher.requested()).isEmpty();
    }

    @Test
    void reads_no_more_sources_than_the_budget_allows() throws Exception {
        // when
        Reader.Reading reading = read(List.of(paper(1, "", "one"), paper(2, "", "two"), paper(3, "", "three")), 2);

        // then
        assertThat(reading.how().values()).containsExactlyInAnyOrder("abstract", "abstract", "title_only");
        assertThat(reading.index().passages()).isEqualTo(2);
    }

    private static byte[] pdf(String line) {
        try (PDDocument pdf = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            pdf.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(line);
                content.endText();
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
