package com.researchassistant.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.browser.Browser.Viewport;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web app in real headless Chromium at a phone size (390x844) and a desktop size, against
 * the whole server with a stub model: streaming, citations, panels, the library, reloads,
 * offline reading, the outbox, a phone locking mid-answer, stop and retry. Saves screenshots
 * under target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class WebAppIT {

    static final String DOCUMENT = """
            # Chlorophyll and light

            Chlorophyll a absorbs light most strongly near 430 nm (blue) and 662 nm (red). Chlorophyll b \
            absorbs near 453 nm and 642 nm. Green light is mostly reflected, which is why leaves look green.

            ## Light reactions

            The absorbed energy drives the light reactions in the thylakoid membranes, splitting water and \
            releasing oxygen.
            """;
    static final String QUESTION = "How does chlorophyll absorb light, and why do leaves look green?";
    static final Duration ANSWER_TIME = Duration.ofSeconds(40);

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

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void a_question_streams_cites_the_uploaded_document_and_opens_each_panel(Viewport viewport) {
        try (Browser browser = Browser.open(viewport)) {
            // given: a document in the library
            browser.get(link.url("/"));
            openLibrary(browser);
            browser.visible("#lib-file"); // built lazily on first visit
            upload(browser, "chlorophyll-notes.md", DOCUMENT);
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> text(browser, "#lib-docs").contains("Chlorophyll and light")
                            && !browser.findAll("#lib-docs .doc-ready").isEmpty(),
                    "the upload to be indexed");
            browser.screenshot("library");

            // when: a question is asked
            newConversation(browser);
            assertThat(loaded(browser, "/views/panels.js"))
                    .as("panel code loads lazily")
                    .isFalse();
            Set<Integer> lengthsWhileStreaming = ask(browser, QUESTION);

            // then: the answer streamed in pieces, rendered as Markdown, with citations
            assertThat(lengthsWhileStreaming)
                    .as("text lengths seen while streaming")
                    .hasSizeGreaterThan(2);
            WebElement answer = browser.find(".msg.assistant .md");
            assertThat(answer.getText())
                    .contains("Chlorophyll absorbs mostly blue and red light")
                    .contains("What your library says")
                    .doesNotContain("**")
                    .doesNotContain("###");
            assertThat(answer.findElements(org.openqa.selenium.By.cssSelector("strong")))
                    .hasSize(2);
            assertThat(answer.findElements(org.openqa.selenium.By.cssSelector("h4"))
                            .getFirst()
                            .getText())
                    .isEqualTo("What your library says");
            assertThat(answer.findElements(org.openqa.selenium.By.cssSelector("ul li")))
                    .hasSize(2);
            assertThat(answer.findElements(org.openqa.selenium.By.cssSelector("code"))
                            .getFirst()
                            .getText())
                    .isEqualTo("light reactions");
            WebElement external = answer.findElement(org.openqa.selenium.By.cssSelector("a[href^='https://']"));
            assertThat(external.getDomAttribute("rel")).contains("noopener");
            assertThat(external.getDomAttribute("target")).isEqualTo("_blank");
            assertThat(browser.findAll(".msg.assistant .cite")).hasSizeGreaterThanOrEqualTo(3);
            assertThat(browser.findAll(".panel"))
                    .as("no panel is built before it is opened")
                    .isEmpty();
            assertThat(loaded(browser, "/views/panels.js")).isFalse();
            browser.js("document.getElementById('main').scrollTop = 0");
            browser.screenshot("conversation");

            // when: a citation is followed (the source viewer, issue 14), then the panels are opened
            browser.find(".msg.assistant .cite").click();
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> browser.findAll(".viewer[open] mark.viewer-marked").size() == 1
                            && browser.find(".viewer-title").getText().equals("Chlorophyll and light"),
                    "the cited source");
            browser.find(".viewer-back").click();
            browser.waitUntil(
                    Duration.ofSeconds(5), () -> browser.findAll(".viewer").isEmpty(), "the viewer to close");
            browser.find(".chip[data-panel='sources']").click();
            browser.visible(".panel[data-panel='sources'] .source[data-n='1']");
            WebElement group = browser.find(".panel[data-panel='sources'] .source-group");
            assertThat(group.getText()).contains("Chlorophyll and light").contains("Library");
            assertThat(loaded(browser, "/views/panels.js"))
                    .as("panel code loaded on first open")
                    .isTrue();
            browser.screenshot("sources");
            browser.find(".chip[data-panel='reasoning']").click();
            assertThat(browser.visible(".panel[data-panel='reasoning']").getText())
                    .containsIgnoringCase("Evidence")
                    .containsIgnoringCase("Confidence");
            browser.find(".chip[data-panel='trace']").click();
            assertThat(browser.visible(".panel[data-panel='trace']").getText())
                    .contains("Writing the answer")
                    .containsIgnoringCase("analysis research");
            browser.js("document.querySelector(\".panel[data-panel='reasoning']\").scrollIntoView()");
            browser.screenshot("panels");

            // when: the page is reloaded
            String id = sessionId(browser);
            browser.reload();

            // then: the conversation is back, in the list and on the page
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> text(browser, ".msg.assistant .md").contains("What your library says"),
                    "the conversation after a reload");
            assertThat(browser.find("#conversations a[aria-current='page']").getDomAttribute("href"))
                    .isEqualTo("#/c/" + id);
            assertThat(text(browser, "#title"))
                    .isEqualTo(session(browser, id).path("title").asText());
            assertThat(jsErrors(browser)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void a_conversation_stays_readable_offline_and_a_message_typed_offline_is_sent_on_return(Viewport viewport) {
        try (Browser browser = Browser.open(viewport)) {
            // given: a conversation, read once with the service worker in control
            browser.get(link.url("/"));
            ask(browser, QUESTION);
            String id = sessionId(browser);
            browser.waitUntil(
                    Duration.ofSeconds(20),
                    () -> (Boolean) browser.js("return !!navigator.serviceWorker.controller"),
                    "the service worker");
            browser.reload();
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> text(browser, ".msg.assistant .md").contains("What your library says"),
                    "the conversation");

            // when: the network goes away and the page is opened again
            link.cut();
            browser.offline(true);
            try {
                browser.reload();

                // then: the app shell and the conversation come from the service worker's cache
                browser.waitUntil(
                        ANSWER_TIME,
                        () -> text(browser, ".msg.assistant .md").contains("What your library says"),
                        "the conversation read offline");
                assertThat(browser.visible("#net").getText()).contains("offline");
                assertThat((String) browser.js("return document.getElementById('conversations').textContent"))
                        .contains(session(browser, id).path("title").asText());
                browser.screenshot("offline");

                // when: a message is typed offline
                type(browser, "And what about carotenoids?");
                browser.visible(".msg.pending");
                assertThat(text(browser, ".msg.pending")).contains("Waiting for the connection");
                assertThat(text(browser, "#net")).contains("1 message waits");
                browser.screenshot("outbox");
            } finally {
                link.restore();
                browser.offline(false);
            }

            // then: it is sent when the connection returns, and answered
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> browser.findAll(".msg.pending").isEmpty()
                            && browser.findAll(".msg.assistant").size() == 2
                            && browser.find("#stop").getAttribute("hidden") != null,
                    "the queued message to be sent and answered");
            browser.waitUntil(
                    Duration.ofSeconds(10), () -> !browser.find("#net").isDisplayed(), "the banner to go");
            JsonNode stored = session(browser, id);
            assertThat(stored.path("messages")).hasSize(4);
            assertThat(stored.at("/messages/2/content").asText()).isEqualTo("And what about carotenoids?");
        }
    }

    @Test
    void an_answer_outlives_a_locked_phone_and_shows_on_return() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given: an answer being streamed
            browser.get(link.url("/"));
            type(browser, "SLOW: tell me what happens when my phone locks?");
            browser.waitUntil(
                    ANSWER_TIME, () -> text(browser, ".msg.assistant .md").length() > 10, "the first tokens");
            String id = sessionId(browser);

            // when: the phone locks (the page is frozen, the connection dies) until the server is done
            browser.driver().executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "frozen"));
            link.cut();
            try {
                com.researchassistant.testing.Eventually.await(
                        ANSWER_TIME,
                        () -> !session(browser, id).path("answering").asBoolean(true),
                        "the server to finish the answer without its client");
            } finally {
                link.restore();
                browser.driver().executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "active"));
            }

            // then: the page shows the whole answer, stored complete
            JsonNode stored = session(browser, id);
            assertThat(stored.at("/messages/1/status").asText()).isEqualTo("complete");
            assertThat(stored.at("/messages/1/content").asText()).isEqualTo(ScriptedModel.SLOW);
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> text(browser, ".msg.assistant .md").contains("This is the final sentence."),
                    "the finished answer on return");
            assertThat(browser.findAll(".msg.assistant")).hasSize(1);
        }
    }

    @Test
    void stop_keeps_the_partial_answer_and_retry_recovers_a_failed_one() {
        try (Browser browser = Browser.open(Viewport.DESKTOP)) {
            // given
            browser.get(link.url("/"));
            type(browser, "SLOW: a long answer I will stop");
            browser.waitUntil(
                    ANSWER_TIME, () -> text(browser, ".msg.assistant .md").length() > 10, "the first tokens");
            String id = sessionId(browser);

            // when: Stop is pressed
            browser.visible("#stop").click();

            // then: the request is cancelled; the partial answer stays, marked as stopped
            browser.waitUntil(ANSWER_TIME, () -> browser.find("#send").isDisplayed(), "the composer to be ready again");
            com.researchassistant.testing.Eventually.await(
                    ANSWER_TIME,
                    () -> "partial"
                            .equals(session(browser, id)
                                    .at("/messages/1/status")
                                    .asText()),
                    "a partial answer");
            assertThat(session(browser, id).at("/messages/1/content").asText()).isNotEqualTo(ScriptedModel.SLOW);
            browser.waitUntil(
                    ANSWER_TIME, () -> text(browser, ".msg.assistant .notes").contains("stopped"), "the note");

            // when: the next answer fails half way and Retry is pressed
            type(browser, "FLAKY: how does chlorophyll absorb light?");
            WebElement retry = browser.waitFor(
                    ANSWER_TIME,
                    () -> browser.findAll(".msg.assistant .note.error button").stream()
                            .filter(WebElement::isDisplayed)
                            .findFirst()
                            .orElse(null),
                    "the Retry button");
            assertThat(text(browser, ".msg.assistant:last-of-type .note.error")).contains("language model");
            browser.screenshot("retry");
            retry.click();

            // then: the answer is written again in place of the failed one: one question, one answer
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> text(browser, ".msg.assistant:last-of-type .md").contains("What your library says")
                            && browser.find("#send").isDisplayed(),
                    "the retried answer");
            assertThat(browser.findAll(".msg.user")).hasSize(2);
            assertThat(browser.findAll(".msg.assistant")).hasSize(2);
            assertThat(browser.findAll(".msg.assistant .note.error")).isEmpty();
            // and the conversation holds the question once, the failed attempt's part before the new answer
            JsonNode messages = session(browser, id).path("messages");
            assertThat(messages.findValuesAsText("content").stream().filter(c -> c.startsWith("FLAKY")))
                    .hasSize(1);
            assertThat(messages).hasSize(5);
            assertThat(messages.at("/4/status").asText()).isEqualTo("complete");

            // when: the page is reloaded
            browser.reload();

            // then: the retried answer shows, not the attempt it replaced
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> text(browser, ".msg.assistant:last-of-type .md").contains("What your library says"),
                    "the conversation after a reload");
            assertThat(browser.findAll(".msg.user")).hasSize(2);
            assertThat(browser.findAll(".msg.assistant")).hasSize(2);
            assertThat(jsErrors(browser)).isEmpty();
        }
    }

    @Test
    void conversations_are_renamed_exported_and_deleted() throws IOException {
        try (Browser browser = Browser.open(Viewport.DESKTOP)) {
            // given: two conversations
            Path downloads = Files.createDirectories(dir.resolve("downloads-" + System.nanoTime()));
            browser.driver()
                    .executeCdpCommand(
                            "Browser.setDownloadBehavior",
                            Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            browser.get(link.url("/"));
            ask(browser, QUESTION);
            String first = sessionId(browser);
            newConversation(browser);
            ask(browser, "What do thylakoid membranes do?");
            String second = sessionId(browser);
            browser.waitUntil(
                    Duration.ofSeconds(10),
                    () -> browser.findAll("#conversations li a").size() == 2,
                    "both in the list");

            // when: the second is renamed
            menu(browser, "rename");
            WebElement input = browser.visible("#dialog-input");
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Thylakoids <b>notes</b>");
            browser.find("#dialog-ok").click();

            // then
            browser.waitUntil(
                    Duration.ofSeconds(10),
                    () -> text(browser, "#title").equals("Thylakoids <b>notes</b>"),
                    "the new title");
            assertThat((String) browser.js("return document.getElementById('conversations').textContent"))
                    .contains("Thylakoids <b>notes</b>");
            assertThat(session(browser, second).path("title").asText()).isEqualTo("Thylakoids <b>notes</b>");

            // when: it is exported
            menu(browser, "export");
            Path file = downloads.resolve("conversation-" + second + ".md");
            com.researchassistant.testing.Eventually.await(
                    Duration.ofSeconds(20), () -> Files.exists(file), "the download");
            assertThat(Files.readString(file))
                    .startsWith("# Thylakoids <b>notes</b>")
                    .contains("## You")
                    .contains("What do thylakoid membranes do?");

            // when: it is deleted
            menu(browser, "delete");
            browser.visible("#dialog-ok").click();

            // then: gone from the list and from the server; the other one remains
            // the list re-renders as it refreshes: read it in one script, never through held elements
            browser.waitUntil(
                    Duration.ofSeconds(10),
                    () -> ("#/c/" + first)
                            .equals(
                                    browser.js(
                                            "return [...document.querySelectorAll('#conversations li a')].map(a => a.getAttribute('href')).join(' ')")),
                    "only the other conversation left in the list");
            assertThat(api(browser, "/api/sessions/" + second).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void the_library_loads_samples_searches_and_deletes() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            browser.get(link.url("/"));
            openLibrary(browser);
            assertThat(browser.visible("#lib-docs").getText()).contains("Your library is empty");

            browser.find("#lib-samples").click();
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> browser.findAll("#lib-docs .doc").size() >= 2
                            && browser.findAll("#lib-docs .doc-indexing").isEmpty(),
                    "the samples to be indexed");
            int before = browser.findAll("#lib-docs .doc").size();

            WebElement search = browser.find("#lib-q");
            search.sendKeys("memory", Keys.ENTER);
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> text(browser, "#lib-results")
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("found"),
                    "search results");
            assertThat(browser.findAll("#lib-results .hit")).isNotEmpty();
            browser.screenshot("library-search");

            String title = browser.find("#lib-docs .doc .doc-title").getText();
            browser.find("#lib-docs .doc .icon-btn").click();
            assertThat(browser.visible("#dialog-text").getText()).contains(title);
            browser.find("#dialog-ok").click();
            browser.waitUntil(
                    ANSWER_TIME, () -> browser.findAll("#lib-docs .doc").size() == before - 1, "the deletion");
            assertThat(text(browser, "#lib-docs")).doesNotContain(title);
        }
    }

    // ------------------------------------------------------------------------------- helpers

    /** Sends a question and waits for the whole answer; returns the text lengths seen while it streamed. */
    static Set<Integer> ask(Browser browser, String question) {
        int answers = browser.findAll(".msg.assistant").size();
        type(browser, question);
        Set<Integer> lengths = new LinkedHashSet<>();
        browser.waitUntil(
                ANSWER_TIME,
                () -> {
                    List<WebElement> all = browser.findAll(".msg.assistant");
                    if (all.size() <= answers) {
                        return false;
                    }
                    WebElement last = all.getLast();
                    boolean busy = last.getDomAttribute("aria-busy") != null;
                    if (busy) {
                        lengths.add(last.findElement(org.openqa.selenium.By.cssSelector(".md"))
                                .getText()
                                .length());
                    }
                    return !busy && browser.find("#send").isDisplayed();
                },
                "the answer to " + question);
        return lengths;
    }

    static void type(Browser browser, String text) {
        WebElement input = browser.visible("#composer-input");
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    static void openLibrary(Browser browser) {
        if (browser.viewport == Viewport.PHONE) {
            browser.find(".topbar a[href='#/library']").click();
        } else {
            browser.find("#library-link").click();
        }
        browser.visible("#library-title");
    }

    static void newConversation(Browser browser) {
        if (browser.viewport == Viewport.PHONE) {
            browser.find("#open-drawer").click();
        }
        browser.visible("#new-chat").click();
        browser.visible(".welcome");
    }

    static void menu(Browser browser, String action) {
        browser.visible("#conv-menu-button").click();
        browser.visible("#conv-menu [data-action='" + action + "']").click();
    }

    static void upload(Browser browser, String name, String content) {
        try {
            Path file = Files.createTempDirectory("ra-upload-").resolve(name);
            Files.writeString(file, content);
            browser.find("#lib-file").sendKeys(file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Browser browser, String css) {
        List<WebElement> found = browser.findAll(css);
        return found.isEmpty() ? "" : found.getLast().getText();
    }

    static boolean loaded(Browser browser, String path) {
        return (Boolean) browser.js(
                "return performance.getEntriesByType('resource')"
                        + ".some(e => new URL(e.name).pathname === arguments[0])",
                path);
    }

    static String sessionId(Browser browser) {
        String hash = (String) browser.js("return location.hash");
        assertThat(hash).startsWith("#/c/");
        return hash.substring(4);
    }

    /** Console errors that mean a bug: uncaught exceptions and CSP or Trusted Types violations. */
    static List<String> jsErrors(Browser browser) {
        return browser.log().stream()
                .filter(l -> l.contains("Uncaught")
                        || l.contains("Content Security Policy")
                        || l.contains("TrustedHTML")
                        || l.contains("Trusted Type"))
                .toList();
    }

    HttpResponse<String> api(Browser browser, String path) {
        Cookie cookie = browser.driver().manage().getCookieNamed("ra_uid");
        assertThat(cookie).as("identity cookie").isNotNull();
        return app.send(app.request(path, null)
                .header("Cookie", "ra_uid=" + cookie.getValue())
                .GET()
                .build());
    }

    JsonNode session(Browser browser, String id) {
        HttpResponse<String> res = api(browser, "/api/sessions/" + id);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JsonPaths.tree(res.body());
    }
}
