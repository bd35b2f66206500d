package com.researchassistant.browser;

import static com.researchassistant.browser.WebAppIT.jsErrors;
import static com.researchassistant.browser.WebAppIT.sessionId;
import static com.researchassistant.browser.WebAppIT.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.browser.Browser.Viewport;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.FakeFault;
import com.researchassistant.testing.FakeScholarlyWeb;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * Issue 13, "On the phone": a research job started from the composer at 390x844 against every
 * fake provider (arXiv down, each answer a little slow), its plan and counts on a card, the report
 * streaming in; the phone locked mid-report and back without a word missed or shown twice; a
 * reload; the report's Markdown and BibTeX downloads, a citation in the viewer and a source added
 * to the library; and, at both sizes (the phone in the dark theme), a job rebuilt after a reload, a
 * second one refused with the server's 429, and Stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class ResearchIT {

    static final String QUESTION = "How do sleep and sleep loss shape memory?";
    static final Duration JOB_TIME = Duration.ofSeconds(90);
    private static final List<String> SUB_QUESTIONS = List.of(
            "How do sleep spindles affect memory?",
            "How does sleep deprivation affect memory encoding?",
            "Do all-nighters help students learn?");

    @TempDir
    static Path dir;

    private FakeScholarlyWeb web;
    private ServedApp served;
    private TestApp app;
    private NetworkLink link;

    @BeforeAll
    void start() {
        web = FakeScholarlyWeb.start().latency(Duration.ofMillis(200));
        web.failAlways("arxiv", FakeFault.status(503));
        Map<String, String> env = new HashMap<>(web.env());
        env.put("RA_RESEARCH_POLL", "200ms");
        env.put("RA_SOURCE_MAX_ATTEMPTS", "1");
        served = ServedApp.start(dir.resolve("data"), env);
        app = served.app();
        link = served.link();
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
        if (web != null) {
            web.close();
        }
    }

    @Test
    void a_job_started_on_the_phone_outlives_a_lock_and_a_reload_and_exports_its_report() throws IOException {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given
            browser.get(link.url("/"));
            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            browser.driver()
                    .executeCdpCommand(
                            "Browser.setDownloadBehavior",
                            Map.of(
                                    "behavior",
                                    "allow",
                                    "downloadPath",
                                    downloads.toAbsolutePath().toString()));
            assertThat(WebAppIT.loaded(browser, "/views/research.js"))
                    .as("research code loads lazily")
                    .isFalse();

            // when: research mode, quick, is chosen in the composer
            WebElement toggle = browser.visible("#research");
            toggle.click();
            browser.visible("#research-bar .rb-source");
            assertTargets(browser, "#research, #research-bar .segment, #research-bar .rb-source, #send");
            browser.find("#research-bar .segment input[value='quick']")
                    .findElement(By.xpath(".."))
                    .click();
            assertThat(browser.findAll("#research-bar .rb-source"))
                    .extracting(WebElement::getText)
                    .containsExactly("Library", "Papers", "Web");
            browser.find("#composer-input").sendKeys(QUESTION);
            browser.screenshot("research-options");
            browser.find("#composer-input").sendKeys(Keys.ENTER);

            // then: the card shows the plan, the counts, the provider that failed, then the report streaming
            WebElement card = browser.visible(".msg.research .rp");
            browser.waitUntil(
                    JOB_TIME,
                    () -> "false".equals(toggle.getDomAttribute("aria-pressed")),
                    "the composer back to questions once the job is accepted");
            browser.waitUntil(JOB_TIME, () -> browser.findAll(".rp-question").size() == 3, "the plan");
            assertThat(browser.findAll(".rp-question"))
                    .extracting(WebElement::getText)
                    .allSatisfy(q -> assertThat(SUB_QUESTIONS)
                            .anySatisfy(s -> assertThat(q).startsWith(s)));
            browser.waitUntil(
                    JOB_TIME,
                    () -> text(browser, ".rp-count-text").matches("Found \\d+ sources.* · read \\d+ of \\d+"),
                    "the sources found and read");
            assertThat(text(browser, ".rp-notes")).contains("arXiv unreachable — went on without it");
            browser.waitUntil(
                    JOB_TIME,
                    () -> text(browser, ".msg.research .md").contains("the sources agree"),
                    "the report's first words");
            String id = sessionId(browser);
            String job = jobs(browser, id).get(0).path("id").asText();
            browser.screenshot("research-running");
            assertThat(card.findElement(By.cssSelector(".rp-stop")).getRect().getHeight())
                    .isGreaterThanOrEqualTo(44);

            // when: the phone locks mid-report (hidden, frozen, its connection cut) while the job writes on
            int streams = eventStreams(browser);
            lock(browser);
            try {
                Eventually.await(
                        JOB_TIME,
                        () -> status(browser, job).path("sections").size() >= 2,
                        "two sections written while the phone is locked");
            } finally {
                unlock(browser);
            }

            // then: the card catches up from the last event it saw: every section once, nothing twice
            browser.waitUntil(
                    JOB_TIME,
                    () -> text(browser, ".msg.research .md").contains("On “" + SUB_QUESTIONS.get(1)),
                    "the sections written during the lock");
            String caughtUp = text(browser, ".msg.research .md");
            for (String sub : SUB_QUESTIONS.subList(0, 2)) {
                assertThat(count(caughtUp, "On “" + sub))
                        .as("section on %s", sub)
                        .isEqualTo(1);
            }
            assertThat(count(caughtUp, "A night without sleep weakens")).isLessThanOrEqualTo(3);
            assertThat(eventStreams(browser))
                    .as("the events were followed again after the lock")
                    .isGreaterThan(streams);

            // and: the card becomes the stored report, with its tools
            browser.waitUntil(
                    JOB_TIME,
                    () -> !browser.findAll(".msg.research[data-job] .research-tools")
                            .isEmpty(),
                    "the stored report");
            JsonNode stored = session(browser, id).path("messages").get(1);
            assertThat(stored.path("profile").asText()).isEqualTo("research");
            assertThat(stored.path("status").asText()).isEqualTo("complete");
            assertOnce(browser, stored.path("content").asText());
            assertThat(browser.findAll(".msg.research")).hasSize(1);
            assertThat(browser.findAll(".msg.research .cite")).isNotEmpty();
            browser.js("arguments[0].scrollIntoView({block: 'start'})", browser.find(".msg.research"));
            browser.screenshot("research-report");

            // when: its reader, mid-report, locks the phone and comes back
            long place = scrollTop(browser);
            assertThat(place).as("mid-report").isPositive().isLessThan(scrollable(browser) - 200);
            int reads = conversationReads(browser, id);
            lock(browser);
            unlock(browser);
            browser.waitUntil(
                    Duration.ofSeconds(20),
                    () -> conversationReads(browser, id) > reads,
                    "the conversation read again on return");
            browser.js("return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");

            // then: the conversation, shown again, keeps the reader's place
            assertThat(scrollTop(browser))
                    .as("the reader's place after the lock")
                    .isEqualTo(place);

            // when: reloaded
            browser.reload();

            // then: the same report, with its tools, once
            browser.waitUntil(
                    JOB_TIME,
                    () -> !browser.findAll(".msg.research[data-job='" + job + "'] .research-tools")
                            .isEmpty(),
                    "the report after a reload");
            assertThat(browser.findAll(".msg.research")).hasSize(1);
            assertOnce(browser, stored.path("content").asText());

            browser.js("arguments[0].scrollIntoView({block: 'center'})", browser.find(".research-tools"));
            browser.screenshot("research-exports");

            // when: the report and its references are downloaded
            browser.find(".research-tools a[href$='report.md']").click();
            browser.find(".research-tools a[href$='references.bib']").click();

            // then
            String markdown = downloaded(downloads.resolve("research-" + job + ".md"));
            assertThat(markdown)
                    .startsWith("# " + QUESTION + "\n")
                    .contains("## " + SUB_QUESTIONS.get(0))
                    .contains("## References")
                    .endsWith(stored.path("content").asText().strip() + "\n");
            String bibtex = downloaded(downloads.resolve("research-" + job + ".bib"));
            int sources = stored.path("sources").size();
            assertThat(Pattern.compile("(?m)^@(article|misc)\\{")
                            .matcher(bibtex)
                            .results()
                            .count())
                    .isEqualTo(sources);

            // when: a citation opens its paper in the source viewer, and back; then the report's sources
            browser.find(".msg.research .cite").click();
            browser.visible(".viewer[open] .viewer-out");
            browser.find(".viewer-back").click();
            browser.waitUntil(
                    Duration.ofSeconds(20),
                    () -> browser.findAll(".viewer[open]").isEmpty(),
                    "the viewer closed");
            browser.find(".msg.research .panel-toggles [data-panel='sources']").click();
            WebElement keep = browser.visible(".panel[data-panel='sources'] .rsource .keep");
            assertThat(keep.getRect().getHeight()).isGreaterThanOrEqualTo(44);
            String title = keep.findElement(By.xpath("ancestor::li"))
                    .findElement(By.cssSelector(".source-title"))
                    .getText();
            browser.screenshot("research-sources");
            keep.click();

            // then
            browser.visible(".panel[data-panel='sources'] .rsource .kept");
            JsonNode documents = JsonPaths.tree(
                            api(browser, "/api/library/documents").body())
                    .path("documents");
            assertThat(documents).extracting(d -> d.path("title").asText()).contains(title);
            assertThat(jsErrors(browser)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void a_job_reloaded_mid_report_is_rebuilt_and_stop_keeps_what_was_written(Viewport viewport) {
        try (Browser browser = Browser.open(viewport)) {
            // given: a job writing its report (on the phone in the dark theme)
            browser.get(link.url("/"));
            if (viewport == Viewport.PHONE) {
                browser.js("localStorage.setItem('ra.theme', 'dark')");
                browser.reload();
            }
            browser.visible("#research").click();
            browser.visible("#research-bar .segment");
            browser.find("#composer-input").sendKeys(QUESTION + Keys.ENTER);
            browser.waitUntil(
                    JOB_TIME,
                    () -> text(browser, ".msg.research .md").contains("the sources agree"),
                    "the report's first words");
            String id = sessionId(browser);

            // when: the page is reloaded
            browser.reload();

            // then: the card is rebuilt from the job and its events
            browser.waitUntil(
                    JOB_TIME,
                    () -> browser.findAll(".rp-question").size() == 3
                            && text(browser, ".msg.research .md").contains("On “" + SUB_QUESTIONS.get(0)),
                    "the card rebuilt");
            assertThat(text(browser, ".rp-count-text")).matches("Found \\d+ sources.* · read \\d+ of \\d+");
            assertThat(count(text(browser, ".msg.research .md"), "On “" + SUB_QUESTIONS.get(0)))
                    .isEqualTo(1);
            browser.screenshot("research-rebuilt");
            for (String css :
                    List.of(".rp-kind", ".rp-stage", ".rp-count-text", ".rp-note", ".rp-stop", ".msg.research .md p")) {
                assertThat(contrast(browser, css)).as("contrast of %s", css).isGreaterThanOrEqualTo(4.5);
            }

            // when: another research is asked for while this one runs (one job at a time per person)
            browser.visible("#research").click();
            browser.find("#composer-input").sendKeys("And in older adults?" + Keys.ENTER);

            // then: refused with the server's reason and when to try again; the question stays in the box
            browser.waitUntil(JOB_TIME, () -> browser.find("#toast").isDisplayed(), "the refusal");
            assertThat(text(browser, "#toast"))
                    .contains("research job(s) running")
                    .containsPattern("Try again in \\d+ (s|min)\\.");
            assertThat(browser.find("#composer-input").getDomProperty("value")).isEqualTo("And in older adults?");
            assertThat(browser.findAll(".msg.research")).hasSize(1);
            assertThat(browser.findAll(".msg.user")).hasSize(1);
            browser.find("#composer-input").clear();
            browser.find("#research").click();

            // when: Stop
            browser.visible(".msg.research .rp-stop").click();

            // then: what was written stays, stored as a partial report
            browser.waitUntil(
                    JOB_TIME, () -> !browser.findAll(".msg.research[data-job]").isEmpty(), "the stopped report");
            JsonNode stored = session(browser, id).path("messages").get(1);
            assertThat(stored.path("status").asText()).isEqualTo("partial");
            assertThat(stored.path("content").asText())
                    .contains("## " + SUB_QUESTIONS.get(0))
                    .contains("## References");
            assertThat(text(browser, ".msg.research .notes")).contains("stopped before the end");
            assertThat(browser.findAll(".msg.research")).hasSize(1);
            assertThat(jsErrors(browser)).isEmpty();
        }
    }

    /** The contrast ratio (WCAG) of the first element matched against the background it is drawn on. */
    private static double contrast(Browser browser, String css) {
        return ((Number) browser.js("""
                const rgba = (c) => c.match(/[\\d.]+/g).map(Number);
                const clear = (el) => { const c = rgba(getComputedStyle(el).backgroundColor); return c.length === 4 && c[3] === 0; };
                const lum = (c) => c.slice(0, 3).map((v) => v / 255)
                    .map((v) => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
                const e = document.querySelector(arguments[0]);
                let back = e;
                while (back.parentElement && clear(back)) back = back.parentElement;
                const a = lum(rgba(getComputedStyle(e).color));
                const b = lum(rgba(getComputedStyle(back).backgroundColor));
                return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                """, css)).doubleValue();
    }

    /** Every element matched is at least 44 x 44 px. */
    private static void assertTargets(Browser browser, String css) {
        assertThat(browser.findAll(css)).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getRect().getHeight()).as(css + " height").isGreaterThanOrEqualTo(44);
            assertThat(e.getRect().getWidth()).as(css + " width").isGreaterThanOrEqualTo(44);
        });
    }

    /** Each section of the stored report shows once: its heading and its first words. */
    private static void assertOnce(Browser browser, String content) {
        String shown = text(browser, ".msg.research .md");
        for (String heading : content.lines()
                .filter(l -> l.startsWith("## "))
                .map(l -> l.substring(3))
                .toList()) {
            assertThat(count(shown, heading + "\n")).as("heading %s", heading).isEqualTo(1);
        }
        for (String sub : SUB_QUESTIONS) {
            assertThat(count(shown, "On “" + sub)).as("section on %s", sub).isEqualTo(1);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    /**
     * The phone locks: the page is frozen (Chrome hides it first, firing visibilitychange), and its
     * connections die while the job goes on.
     */
    private void lock(Browser browser) {
        browser.driver().executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "frozen"));
        link.cut();
    }

    /**
     * The phone is unlocked: the network is back and the page thawed. Headless Chrome keeps a
     * thawed page hidden until it is brought to the front again, so a tab shown for a moment and
     * closed makes it visible, with the visibilitychange a phone's page gets.
     */
    private void unlock(Browser browser) {
        link.restore();
        browser.driver().executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "active"));
        String page = browser.driver().getWindowHandle();
        browser.driver().switchTo().newWindow(WindowType.TAB);
        browser.driver().executeCdpCommand("Page.bringToFront", Map.of());
        browser.driver().close();
        browser.driver().switchTo().window(page);
        browser.driver().executeCdpCommand("Page.bringToFront", Map.of());
        assertThat(browser.js("return document.visibilityState"))
                .as("the page shown again")
                .isEqualTo("visible");
    }

    private static long scrollTop(Browser browser) {
        return ((Number) browser.js("return Math.round(document.getElementById('main').scrollTop)")).longValue();
    }

    private static long scrollable(Browser browser) {
        return ((Number)
                        browser.js("const m = document.getElementById('main'); return m.scrollHeight - m.clientHeight"))
                .longValue();
    }

    /** How often the page has read the conversation {@code id} (its resource timing entries). */
    private static int conversationReads(Browser browser, String id) {
        return ((Number) browser.js(
                        "return performance.getEntriesByType('resource')"
                                + ".filter(e => new URL(e.name).pathname === '/api/sessions/' + arguments[0]).length",
                        id))
                .intValue();
    }

    private static int eventStreams(Browser browser) {
        return ((Number) browser.js("return performance.getEntriesByType('resource')"
                        + ".filter(e => /\\/api\\/research\\/[^/]+\\/events$/.test(new URL(e.name).pathname)).length"))
                .intValue();
    }

    private static String downloaded(Path file) {
        Eventually.await(
                Duration.ofSeconds(20), () -> Files.isRegularFile(file), "the download of " + file.getFileName());
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return JsonPaths.tree(api(browser, "/api/sessions/" + id).body());
    }

    private List<JsonNode> jobs(Browser browser, String sessionId) {
        List<JsonNode> jobs = new java.util.ArrayList<>();
        JsonPaths.tree(api(browser, "/api/sessions/" + sessionId + "/research").body())
                .path("jobs")
                .forEach(jobs::add);
        return jobs;
    }

    private JsonNode status(Browser browser, String job) {
        return JsonPaths.tree(api(browser, "/api/research/" + job).body());
    }
}
