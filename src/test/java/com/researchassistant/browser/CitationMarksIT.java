package com.researchassistant.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.browser.Browser.Viewport;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The citation check on a phone (390x844) in real Chromium: an answer citing the uploaded document
 * with a changed figure and a source it was never given shows one unsupported mark after the
 * sentence, its reason on tap, no trace of [9], and the same after a reload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class CitationMarksIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    static Path dir;

    private ServedApp served;

    @BeforeAll
    void start() {
        served = ServedApp.start(dir.resolve("data"));
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void a_changed_figure_is_marked_and_its_reason_shows_on_tap_also_after_a_reload() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given: the document in the library
            browser.get(served.link().url("/"));
            WebAppIT.openLibrary(browser);
            browser.visible("#lib-file");
            WebAppIT.upload(browser, "chlorophyll-notes.md", WebAppIT.DOCUMENT);
            browser.waitUntil(
                    WAIT, () -> !browser.findAll("#lib-docs .doc-ready").isEmpty(), "the upload to be indexed");
            WebAppIT.newConversation(browser);

            // when
            WebAppIT.ask(browser, "CHECKED: at which wavelengths do chlorophyll a and b absorb light?");

            // then: one mark, after the sentence with the changed figure; [9] is gone and noted
            WebElement answer = browser.visible(".msg.assistant");
            browser.waitUntil(
                    WAIT, () -> !answer.findElements(By.cssSelector(".verdict")).isEmpty(), "the verdict mark");
            assertMarked(browser);
            assertThat(WebAppIT.text(browser, ".msg.assistant .notes"))
                    .contains("Removed [9]: it named no source given to the model.");

            // when: the mark is tapped
            WebElement mark = browser.find(".msg.assistant .verdict");
            assertThat(browser.find(".msg.assistant .verdict-note").isDisplayed())
                    .isFalse();
            mark.click();

            // then: the reason shows, quoting the passage
            WebElement reason = browser.visible(".msg.assistant .verdict-note");
            assertThat(reason.getText()).contains("does not give 480 nm").contains("453 nm");
            assertThat(mark.getDomAttribute("aria-expanded")).isEqualTo("true");
            assertThat(browser.js(
                            "const s = getComputedStyle(arguments[0], '::before'); return s.width + ' ' + s.height",
                            mark))
                    .as("the mark's touch target")
                    .isEqualTo("44px 44px");
            browser.js("arguments[0].scrollIntoView({block: 'center'})", mark);
            browser.screenshot("citation-check");

            // when: the page is reloaded
            browser.reload();

            // then: the stored answer shows the same
            browser.waitUntil(
                    WAIT, () -> !browser.findAll(".msg.assistant .verdict").isEmpty(), "the mark after a reload");
            assertMarked(browser);
            browser.find(".msg.assistant .verdict").click();
            assertThat(browser.visible(".msg.assistant .verdict-note").getText())
                    .contains("does not give 480 nm");
            assertThat(WebAppIT.jsErrors(browser)).isEmpty();
        }
    }

    private static void assertMarked(Browser browser) {
        assertThat(browser.findAll(".msg.assistant .verdict")).hasSize(1);
        assertThat(browser.find(".msg.assistant .verdict").getDomAttribute("class"))
                .isEqualTo("verdict unsupported");
        String text = browser.find(".msg.assistant .md").getText();
        assertThat(text).doesNotContain("[9]").contains("Green light is mostly reflected.");
        // the mark follows the sentence it judges, before the next one
        assertThat(text.indexOf("480 nm")).isLessThan(text.indexOf("!")).isLessThan(text.indexOf("Green light"));
    }
}
