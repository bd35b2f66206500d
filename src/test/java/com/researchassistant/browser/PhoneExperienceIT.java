package com.researchassistant.browser;

import static com.researchassistant.browser.WebAppIT.ANSWER_TIME;
import static com.researchassistant.browser.WebAppIT.ask;
import static com.researchassistant.browser.WebAppIT.jsErrors;
import static com.researchassistant.browser.WebAppIT.text;
import static com.researchassistant.browser.WebAppIT.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.browser.Browser.Viewport;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The phone experience of issue 16, as a new visitor lives it at 390x844 (and at desktop size where
 * the page differs): the welcome page offers the samples, then questions about them; the library
 * is labelled and leads back to asking; citations take a finger (and open the source viewer of
 * issue 14); sources are grouped by document and open it in the viewer; the trace is a timeline of the answer's wall time; the reasoning speaks plainly;
 * the theme is chosen outright; the conversation gets a real title while it is answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class PhoneExperienceIT {

    static final String QUESTION = "What does my library say about sleep and memory consolidation?";

    @TempDir
    static Path dir;

    private ServedApp served;
    private TestApp app;
    private NetworkLink link;

    @BeforeAll
    void start() {
        served = ServedApp.start(dir.resolve("data"));
        app = served.app();
        link = served.link();
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void a_new_visitor_is_offered_the_samples_then_questions_about_them_and_finds_the_library_and_back() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given: a first visit, nothing in the library
            browser.get(link.url("/"));

            // then: no question about documents that are not there; the samples are offered
            WebElement offer = browser.visible(".welcome .empty-library");
            assertThat(offer.getText()).contains("Your library is empty").contains("Load the sample library");
            assertThat(text(browser, ".welcome").toLowerCase(java.util.Locale.ROOT))
                    .doesNotContain("sleep");
            browser.screenshot("welcome-empty");

            // when
            browser.find(".welcome .empty-library button").click();

            // then: questions about the documents now in the library
            browser.waitUntil(
                    ANSWER_TIME, () -> browser.findAll(".welcome .suggestion").size() == 3, "suggestions");
            List<String> titles = documentTitles(browser);
            assertThat(titles).hasSize(4);
            for (WebElement suggestion : browser.findAll(".welcome .suggestion")) {
                assertThat(titles)
                        .anySatisfy(t -> assertThat(suggestion.getText()).contains("“" + t + "”"));
            }
            awaitIndexed(browser);
            browser.screenshot("welcome");

            // when: the labelled Library button in the top bar is used
            WebElement library = browser.find(".topbar #top-library");
            assertThat(library.getText()).isEqualTo("Library");
            assertThat(library.getRect().getHeight()).isGreaterThanOrEqualTo(44);
            library.click();

            // then: the library, with its way back to asking
            browser.visible("#library-title");
            browser.waitUntil(
                    ANSWER_TIME, () -> browser.findAll("#lib-docs .doc").size() == 4, "the documents");
            WebElement askLink = browser.visible("#lib-ask");
            assertThat(askLink.getText()).isEqualTo("Ask about these documents");
            assertThat(browser.find("#top-library").getDomAttribute("aria-current"))
                    .isEqualTo("page");
            browser.screenshot("library-ask");

            // when
            askLink.click();

            // then
            browser.visible(".welcome .suggestion");
            assertThat(browser.find("#composer-input").isDisplayed()).isTrue();
            assertThat(browser.find("#top-library").getDomAttribute("aria-current"))
                    .isNull();
            assertThat(jsErrors(browser)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void a_citation_takes_a_finger_and_opens_its_passage_grouped_under_its_document(Viewport viewport) {
        try (Browser browser = Browser.open(viewport)) {
            // given: an answer citing the samples
            samplesAndAnswer(browser, QUESTION);

            // then: each marker keeps its small glyph in the line, in a 44 x 44 px hit area
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> cites = (List<Map<String, Object>>) browser.js("""
                    return [...document.querySelectorAll('.msg.assistant .cites')].map((group) => {
                      const main = document.getElementById('main');
                      main.scrollTop += group.getBoundingClientRect().top - main.getBoundingClientRect().top
                        - main.clientHeight / 2;
                      const a = group.querySelector('.cite').getBoundingClientRect();
                      const hit = getComputedStyle(group, '::after');
                      const p = group.closest('p, li');
                      const x = a.left + a.width / 2, y = a.top + a.height / 2;
                      const at = (dx, dy) => group.contains(document.elementFromPoint(x + dx, y + dy));
                      return { glyphHeight: a.height, hitWidth: parseFloat(hit.width), hitHeight: parseFloat(hit.height),
                        lineHeight: parseFloat(getComputedStyle(p).lineHeight),
                        reached: at(0, -20) && at(0, 20) && at(0, 0) };
                    });
                    """);
            assertThat(cites).hasSizeGreaterThanOrEqualTo(3).allSatisfy(c -> {
                assertThat(((Number) c.get("glyphHeight")).doubleValue()).isLessThan(24);
                assertThat(((Number) c.get("hitWidth")).doubleValue()).isGreaterThanOrEqualTo(44);
                assertThat(((Number) c.get("hitHeight")).doubleValue()).isGreaterThanOrEqualTo(44);
                assertThat(c.get("reached"))
                        .as("a tap 20 px above or below reaches the marker")
                        .isEqualTo(true);
            });
            double paragraphLines = ((Number) browser.js("""
                    const p = document.querySelector('.msg.assistant .md p');
                    return p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight);
                    """)).doubleValue();
            assertThat(paragraphLines - Math.rint(paragraphLines))
                    .as("the line height is kept")
                    .isCloseTo(0, org.assertj.core.data.Offset.offset(0.15));

            // when: a finger lands 19 px below a marker's centre
            WebElement cite = browser.findAll(".msg.assistant .cite").get(1);
            String n = cite.getDomAttribute("data-n");
            new Actions(browser.driver()).moveToElement(cite, 0, 19).click().perform();

            // then: the source viewer opens at that passage (issue 14), and back returns to the answer
            browser.visible(".viewer[open] mark.viewer-marked");
            browser.find(".viewer-back").click();
            browser.waitUntil(
                    Duration.ofSeconds(5), () -> browser.findAll(".viewer").isEmpty(), "the viewer to close");

            // when: the sources are opened from their button
            browser.find(".msg.assistant .chip[data-panel='sources']").click();

            // then: each passage is grouped under its document
            browser.visible(".panel[data-panel='sources'] .source[data-n='" + n + "']");
            List<String> groupTitles =
                    browser.findAll(".panel[data-panel='sources'] .source-group .source-title").stream()
                            .map(WebElement::getText)
                            .toList();
            assertThat(groupTitles).doesNotHaveDuplicates().contains("Sleep and memory consolidation");
            WebElement sleep = browser.findAll(".panel[data-panel='sources'] .source-group").stream()
                    .filter(g -> g.getText().startsWith("Sleep and memory consolidation"))
                    .findFirst()
                    .orElseThrow();
            assertThat(sleep.findElements(org.openqa.selenium.By.cssSelector(".source")))
                    .hasSizeGreaterThan(1);
            assertThat(sleep.getText().split("Sleep and memory consolidation", -1))
                    .as("the title shows once")
                    .hasSize(2);
            assertThat(sleep.findElements(org.openqa.selenium.By.cssSelector(".source-where")))
                    .allSatisfy(w -> assertThat(w.getText()).isNotBlank());
            scrollToTop(browser, sleep);
            browser.screenshot("sources-grouped");

            // when: the document is opened from its group
            assertThat(sleep.findElement(org.openqa.selenium.By.cssSelector(".open-doc"))
                            .getDomAttribute("href"))
                    .startsWith("#/library/d/");
            sleep.findElement(org.openqa.selenium.By.cssSelector(".open-doc")).click();

            // then: the source viewer, at the document's first cited passage
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> browser.findAll(".viewer[open] mark.viewer-marked").size() == 1
                            && browser.find(".viewer-title").getText().equals("Sleep and memory consolidation"),
                    "the document in the viewer");
            browser.find(".viewer-back").click();
            browser.waitUntil(
                    Duration.ofSeconds(5), () -> browser.findAll(".viewer").isEmpty(), "the viewer to close");
            assertThat(jsErrors(browser)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void the_trace_is_a_timeline_of_the_answers_wall_time_and_the_reasoning_speaks_plainly(Viewport viewport) {
        try (Browser browser = Browser.open(viewport)) {
            // given
            samplesAndAnswer(browser, QUESTION);
            JsonNode trace = session(browser, sessionId(browser)).at("/messages/1/trace");

            // when
            browser.find(".msg.assistant .chip[data-panel='trace']").click();

            // then: the answer's own time and the wait for its first words, not a sum of steps
            WebElement panel = browser.visible(".panel[data-panel='trace']");
            long total = trace.at("/timing/totalMillis").asLong();
            long sum = 0;
            for (JsonNode s : trace.path("steps")) {
                sum += s.path("durationMillis").asLong();
                assertThat(s.path("startMillis").isNumber())
                        .as("every step has its start")
                        .isTrue();
            }
            assertThat(sum).as("steps ran side by side").isGreaterThan(total);
            assertThat(panel.getText())
                    .contains("Answered in")
                    .contains("first words after")
                    .doesNotContainPattern("ms over \\d+ steps");
            List<WebElement> rows = browser.findAll(".panel[data-panel='trace'] .tl-row");
            assertThat(rows).hasSize(trace.path("steps").size());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> bars = (List<Map<String, Object>>) browser.js("""
                    return [...document.querySelectorAll('.panel[data-panel="trace"] .tl-row')].map((row) => {
                      const track = row.querySelector('.tl-track').getBoundingClientRect();
                      const bar = row.querySelector('.tl-bar').getBoundingClientRect();
                      return { step: row.dataset.step, start: (bar.left - track.left) / track.width,
                               end: (bar.right - track.left) / track.width, hurt: row.classList.contains('hurt'),
                               first: !!row.querySelector('.tl-first') };
                    });
                    """);
            Map<String, Object> synthesis = bars.stream()
                    .filter(b -> b.get("step").equals("synthesis"))
                    .findFirst()
                    .orElseThrow();
            Map<String, Object> retrieval = bars.stream()
                    .filter(b -> b.get("step").equals("retrieval"))
                    .findFirst()
                    .orElseThrow();
            assertThat(((Number) synthesis.get("start")).doubleValue())
                    .as("writing starts after the library was searched")
                    .isGreaterThanOrEqualTo(((Number) retrieval.get("end")).doubleValue() - 0.02);
            assertThat(bars)
                    .allSatisfy(b -> assertThat(b.get("first")).isEqualTo(true))
                    .noneSatisfy(b -> assertThat(b.get("hurt")).isEqualTo(true));
            assertThat(panel.getText()).contains("research librarian").doesNotContain("medical");
            scrollToTop(browser, panel);
            browser.screenshot("trace");

            // and a trace stored before steps had starts still reads sensibly
            String old = (String) browser.asyncJs("""
                    const done = arguments[0];
                    import('/views/panels.js').then((panels) => {
                      const region = document.createElement('section');
                      panels.build('trace', { model: 'm', totalMs: 900, sources: [], trace: { intent: 'information_request',
                        steps: [{ step: 'intent', durationMillis: 3, model: '', outcome: 'fallback', fallbackUsed: true,
                          promptTokens: -1, completionTokens: -1, detail: 'rules' },
                        { step: 'synthesis', durationMillis: 850, model: 'm', outcome: 'ok', fallbackUsed: false,
                          promptTokens: 12, completionTokens: 30, detail: 'finish: stop' }] } }, region, 'x');
                      done(region.textContent + ' | hurt ' + region.querySelectorAll('.hurt').length);
                    });
                    """);
            assertThat(old)
                    .contains("Answered in 900 ms")
                    .contains("Start times were not recorded")
                    .endsWith("hurt 0");

            // when: the reasoning is opened
            WebElement chip = browser.find(".msg.assistant .chip[data-panel='reasoning']");
            scrollToTop(browser, chip);
            chip.click();

            // then: no pipeline jargon
            String reasoning = browser.visible(".panel[data-panel='reasoning']").getText();
            assertThat(reasoning)
                    .containsIgnoringCase("Evidence")
                    .doesNotContain("###")
                    .doesNotContain("fell back")
                    .doesNotContain("simpler rules")
                    .doesNotContain("might approach it differently")
                    .doesNotContainPattern("confidence \\d");
            assertThat(jsErrors(browser)).isEmpty();
        }
    }

    @Test
    void the_theme_is_chosen_outright_and_kept() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given: a phone in light mode
            browser.driver()
                    .executeCdpCommand(
                            "Emulation.setEmulatedMedia",
                            Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
            browser.get(link.url("/"));
            openDrawer(browser);

            // then: three choices, the system's ticked
            WebElement picker = browser.visible("#theme");
            assertThat(picker.getText())
                    .contains("Theme")
                    .contains("System")
                    .contains("Light")
                    .contains("Dark");
            assertThat(browser.js("return document.querySelector('input[name=theme]:checked').value"))
                    .isEqualTo("system");
            assertThat(browser.findAll("#theme .segment"))
                    .allSatisfy(s -> assertThat(s.getRect().getHeight()).isGreaterThanOrEqualTo(44));
            browser.screenshot("theme");

            // when: the first tap picks dark
            browser.find("#theme .segment[data-value='dark']").click();

            // then: it changes at once, and survives a reload
            assertThat(browser.js("return document.documentElement.dataset.theme"))
                    .isEqualTo("dark");
            assertThat(SafetyAndAccessibilityIT.background(browser)).isEqualTo("rgb(21, 23, 26)");
            browser.reload();
            assertThat(browser.js("return document.documentElement.dataset.theme"))
                    .isEqualTo("dark");
            assertThat(browser.js("return document.querySelector('input[name=theme]:checked').value"))
                    .isEqualTo("dark");

            // when: back to the system's
            openDrawer(browser);
            browser.visible("#theme .segment[data-value='system']").click();

            // then
            assertThat(browser.js("return document.documentElement.dataset.theme || 'none'"))
                    .isEqualTo("none");
            assertThat(SafetyAndAccessibilityIT.background(browser)).isEqualTo("rgb(246, 245, 242)");
        }
    }

    @Test
    void a_conversation_is_titled_while_its_first_answer_streams_then_by_the_model() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given
            browser.get(link.url("/"));

            // when: a slow first answer streams
            type(browser, "SLOW: what does my library say about sleep and memory consolidation?");
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> browser.findAll(".msg.assistant[aria-busy]").size() == 1
                            && text(browser, ".msg.assistant .md").length() > 10,
                    "the first tokens");

            // then: a real title already, in the top bar and the list
            String during = text(browser, "#title");
            assertThat(during).isIn("Sleep and memory consolidation", "Sleep and Memory Consolidation");
            assertThat(browser.findAll(".msg.assistant[aria-busy]"))
                    .as("still answering")
                    .hasSize(1);

            // and the model's title once it is stored, kept over a reload
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> text(browser, "#title").equals("Sleep and Memory Consolidation"),
                    "the model's title");
            assertThat((String) browser.js("return document.getElementById('conversations').textContent"))
                    .contains("Sleep and Memory Consolidation");
            browser.waitUntil(ANSWER_TIME, () -> browser.find("#send").isDisplayed(), "the answer to end");
            String id = sessionId(browser);
            assertThat(session(browser, id).path("title").asText()).isEqualTo("Sleep and Memory Consolidation");
            browser.reload();
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> text(browser, "#title").equals("Sleep and Memory Consolidation"),
                    "the title after a reload");
        }
    }

    // ------------------------------------------------------------------------------- helpers

    /** Scrolls the conversation (not the page around it) so that {@code element} is at its top. */
    static void scrollToTop(Browser browser, WebElement element) {
        browser.js(
                "const main = document.getElementById('main');"
                        + "main.scrollTop += arguments[0].getBoundingClientRect().top - main.getBoundingClientRect().top - 8;",
                element);
    }

    /** Opens the conversation list and waits for it to finish sliding in. */
    static void openDrawer(Browser browser) {
        browser.find("#open-drawer").click();
        browser.waitUntil(
                Duration.ofSeconds(5),
                () -> ((Number) browser.js("return document.getElementById('drawer').getBoundingClientRect().left"))
                                .doubleValue()
                        >= 0,
                "the conversation list to slide in");
    }

    /** Loads the samples from the welcome page, waits until they are indexed, and asks {@code question}. */
    private void samplesAndAnswer(Browser browser, String question) {
        browser.get(link.url("/"));
        browser.visible(".welcome .empty-library button").click();
        browser.waitUntil(
                ANSWER_TIME, () -> !browser.findAll(".welcome .suggestion").isEmpty(), "suggestions");
        awaitIndexed(browser);
        ask(browser, question);
        browser.waitUntil(
                ANSWER_TIME,
                () -> browser.findAll(".msg.assistant .chip[data-panel='trace']")
                                .size()
                        == 1,
                "the answer's panels");
    }

    private void awaitIndexed(Browser browser) {
        com.researchassistant.testing.Eventually.await(
                ANSWER_TIME,
                () -> {
                    JsonNode docs = JsonPaths.tree(
                                    api(browser, "/api/library/documents").body())
                            .path("documents");
                    boolean ready = docs.size() > 0;
                    for (JsonNode d : docs) {
                        ready &= d.path("status").asText().equals("ready");
                    }
                    return ready;
                },
                "the samples to be indexed");
    }

    private List<String> documentTitles(Browser browser) {
        return JsonPaths.tree(api(browser, "/api/library/documents").body())
                .path("documents")
                .findValuesAsText("title");
    }

    private static String sessionId(Browser browser) {
        return WebAppIT.sessionId(browser);
    }

    private HttpResponse<String> api(Browser browser, String path) {
        Cookie cookie = browser.driver().manage().getCookieNamed("ra_uid");
        assertThat(cookie).as("identity cookie").isNotNull();
        return app.send(app.request(path, null)
                .header("Cookie", "ra_uid=" + cookie.getValue())
                .GET()
                .build());
    }

    private JsonNode session(Browser browser, String id) {
        HttpResponse<String> res = api(browser, "/api/sessions/" + id);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JsonPaths.tree(res.body());
    }
}
