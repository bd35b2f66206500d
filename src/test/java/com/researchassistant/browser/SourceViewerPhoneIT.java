package com.researchassistant.browser;

import static com.researchassistant.browser.WebAppIT.ANSWER_TIME;
import static com.researchassistant.browser.WebAppIT.ask;
import static com.researchassistant.browser.WebAppIT.jsErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.researchassistant.browser.Browser.Viewport;
import com.researchassistant.testing.LinedPdf;
import com.researchassistant.testing.PaperText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * Issue 14's viewer on a 390x844 phone: a citation of a PDF whose page text and positions are
 * known opens the cited page, drawn at the phone's width, with the outline over exactly the
 * passage's lines; next and previous pages; back to the answer where it was; and the page again
 * with the network gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class SourceViewerPhoneIT {

    static final String QUESTION = "What do sleep spindles do for memory consolidation?";
    /** How far (a share of the page) an outline may be from the line it covers: 2 px at 390 px. */
    static final double SLACK = 0.006;

    @TempDir
    static Path dir;

    private ServedApp served;
    private NetworkLink link;

    @BeforeAll
    void start() {
        served = ServedApp.start(dir.resolve("data"));
        link = served.link();
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void a_citation_opens_its_pdf_page_with_the_passage_outlined_and_back_returns_to_the_answer() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given: the paper in the library and an answer citing it, read with the service worker in control
            browser.get(link.url("/"));
            uploadPaper(browser);
            browser.waitUntil(
                    Duration.ofSeconds(20),
                    () -> (Boolean) browser.js("return !!navigator.serviceWorker.controller"),
                    "the service worker");
            ask(browser, QUESTION);
            WebElement cite = browser.findAll(".msg.assistant .cite").getFirst();
            browser.js("arguments[0].scrollIntoView({block: 'center'})", cite);
            double scrolled = number(browser.js("return document.getElementById('main').scrollTop"));

            // when: the reader taps [1]
            cite.click();

            // then: the cited page at the phone's width, its outline over the passage's lines
            browser.visible(".viewer[open] .viewer-page.loaded");
            assertThat(browser.find(".viewer-page-label").getText()).isEqualTo("Page 2 of 3 · cited");
            assertThat(browser.find(".viewer-title").getText()).isEqualTo(PaperText.TITLE);
            assertOutlinesCoverPage2(browser);
            assertThat(number(browser.js("return document.querySelector('.viewer-img').naturalWidth")))
                    .as("drawn for 390 CSS px at a ratio of 2")
                    .isEqualTo(832);
            assertThat(browser.find(".viewer-quote").getText()).startsWith("Sleep spindles are bursts");
            browser.screenshot("viewer-page");

            // when: the next page, then back
            browser.find(".viewer-next").click();
            browser.waitUntil(
                    Duration.ofSeconds(20),
                    () -> browser.find(".viewer-page-label").getText().equals("Page 3 of 3")
                            && loadedPage(browser) == 3,
                    "page 3");
            assertThat(browser.find(".viewer-marks").isDisplayed())
                    .as("no outline on another page")
                    .isFalse();
            assertThat(browser.find(".viewer-next").isEnabled()).isFalse();
            browser.find(".viewer-prev").click();
            browser.waitUntil(Duration.ofSeconds(20), () -> loadedPage(browser) == 2, "page 2 again");
            assertOutlinesCoverPage2(browser);

            // when: back to the answer
            browser.find(".viewer-back").click();

            // then: where it was, the citation focused
            browser.waitUntil(
                    Duration.ofSeconds(5), () -> browser.findAll(".viewer").isEmpty(), "the viewer to close");
            assertThat(number(browser.js("return document.getElementById('main').scrollTop")))
                    .isCloseTo(scrolled, within(2.0));
            assertThat((Boolean) browser.js("return document.activeElement === arguments[0]", cite))
                    .isTrue();
            assertThat(browser.js("return location.hash")).asString().startsWith("#/c/");

            // when: the network goes, and the same citation is opened again
            link.cut();
            browser.offline(true);
            try {
                browser.findAll(".msg.assistant .cite").getFirst().click();

                // then: the page seen before comes from the service worker, outline and all
                browser.visible(".viewer[open] .viewer-page.loaded");
                assertThat(browser.find(".viewer-img-error").isDisplayed()).isFalse();
                assertOutlinesCoverPage2(browser);
                browser.screenshot("viewer-offline");
                browser.driver().navigate().back();
                browser.waitUntil(
                        Duration.ofSeconds(5),
                        () -> browser.findAll(".viewer").isEmpty(),
                        "the browser's back to close the viewer");
            } finally {
                link.restore();
                browser.offline(false);
            }
            assertThat(jsErrors(browser)).isEmpty();
        }
    }

    @Test
    void a_markdown_source_shows_its_section_with_the_passage_marked() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given: the sample library, and an answer citing it
            browser.get(link.url("/"));
            browser.visible(".welcome .empty-library button").click();
            browser.waitUntil(
                    ANSWER_TIME, () -> !browser.findAll(".welcome .suggestion").isEmpty(), "suggestions");
            ask(browser, "What does my library say about sleep and memory consolidation?");

            // when
            browser.findAll(".msg.assistant .cite").getFirst().click();

            // then: the section's text with the passage in a mark, given as text
            WebElement mark = browser.visible(".viewer[open] mark.viewer-marked");
            assertThat(mark.getText()).isNotBlank();
            assertThat(browser.find(".viewer-text").getText()).contains(mark.getText());
            assertThat(browser.findAll(".viewer .viewer-text *"))
                    .allSatisfy(e -> assertThat(e.getTagName()).isEqualTo("mark"));
            browser.screenshot("viewer-section");

            // when: Escape
            browser.find(".viewer-back").sendKeys(org.openqa.selenium.Keys.ESCAPE);

            // then
            browser.waitUntil(
                    Duration.ofSeconds(5), () -> browser.findAll(".viewer").isEmpty(), "the viewer to close");
            assertThat(jsErrors(browser)).isEmpty();
        }
    }

    /** The outlines, as shares of the drawn page, against where the PDF drew each line of the passage. */
    private static void assertOutlinesCoverPage2(Browser browser) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> marks = (List<Map<String, Object>>) browser.js("""
                const page = document.querySelector('.viewer-page').getBoundingClientRect();
                return [...document.querySelectorAll('.viewer-mark')].map((m) => {
                  const r = m.getBoundingClientRect();
                  return { left: (r.left - page.left) / page.width, right: (r.right - page.left) / page.width,
                           top: (r.top - page.top) / page.height, bottom: (r.bottom - page.top) / page.height };
                });
                """);
        assertThat(marks).hasSize(PaperText.PAGE_2.size());
        for (int i = 0; i < marks.size(); i++) {
            LinedPdf.Line line = LinedPdf.line(i, PaperText.PAGE_2.get(i));
            Map<String, Object> mark = marks.get(i);
            assertThat(number(mark.get("left"))).as("line %d left", i).isCloseTo(line.left(), within(SLACK));
            assertThat(number(mark.get("right"))).as("line %d right", i).isCloseTo(line.right(), within(SLACK));
            assertThat(number(mark.get("top")))
                    .as("line %d top", i)
                    .isLessThanOrEqualTo(line.capTop() + SLACK)
                    .isGreaterThan(line.capTop() - 0.015);
            assertThat(number(mark.get("bottom")))
                    .as("line %d bottom", i)
                    .isGreaterThanOrEqualTo(line.baseline())
                    .isLessThan(line.baseline() + 0.015);
        }
    }

    private static int loadedPage(Browser browser) {
        return ((Number) browser.js("const f = document.querySelector('.viewer-page');"
                        + "const img = f && f.querySelector('.viewer-img');"
                        + "return img && img.complete && img.naturalWidth > 0 && img.currentSrc.includes('/pages/' + f.dataset.page + '?')"
                        + " ? Number(f.dataset.page) : 0;"))
                .intValue();
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    /** Uploads the paper from the page itself, as its own origin, and waits until it is ready. */
    private static void uploadPaper(Browser browser) {
        String status = (String) browser.asyncJs("""
                const done = arguments[arguments.length - 1];
                const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
                const form = new FormData();
                form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'paper.pdf');
                fetch('/api/library/documents', { method: 'POST', body: form })
                  .then((r) => r.json()).then((d) => done(d.status || JSON.stringify(d)), (e) => done(String(e)));
                """, Base64.getEncoder().encodeToString(PaperText.pdf()));
        assertThat(status).isEqualTo("ready");
    }
}
