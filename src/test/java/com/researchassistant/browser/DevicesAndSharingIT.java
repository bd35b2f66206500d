package com.researchassistant.browser;

import static com.researchassistant.browser.WebAppIT.ANSWER_TIME;
import static com.researchassistant.browser.WebAppIT.ask;
import static com.researchassistant.browser.WebAppIT.jsErrors;
import static com.researchassistant.browser.WebAppIT.menu;
import static com.researchassistant.browser.WebAppIT.newConversation;
import static com.researchassistant.browser.WebAppIT.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.browser.Browser.Viewport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.WebElement;

/**
 * Issue 16's second round in the real browser at phone size (and desktop where it differs): two
 * browsers linked by a pairing code, a read-only shared link opened by a third browser with no
 * identity, an old conversation found by its words, collections scoping a conversation, and
 * dictation wired to the browser's speech recognition (a fake one: headless Chromium has no
 * working recognizer) and hidden where there is none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class DevicesAndSharingIT {

    /** A SpeechRecognition that hears one sentence: enough to check the wiring. */
    static final String FAKE_RECOGNITION = """
            window.SpeechRecognition = class {
              start() {
                setTimeout(() => {
                  this.onresult && this.onresult({ results: [[{ transcript: 'what do sleep spindles do' }]] });
                  this.onend && this.onend();
                }, 50);
              }
              stop() { this.onend && this.onend(); }
            };
            """;

    static final String NO_RECOGNITION = "delete window.SpeechRecognition; delete window.webkitSpeechRecognition;";

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

    private static void drawerLink(Browser browser, String id) {
        if (browser.viewport == Viewport.PHONE) {
            browser.find("#open-drawer").click();
        }
        browser.visible(id).click();
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void a_second_browser_enters_the_code_of_the_first_and_both_see_the_same_conversations(Viewport viewport) {
        try (Browser phone = Browser.open(viewport);
                Browser laptop = Browser.open(viewport)) {
            // given: a conversation on the first browser
            phone.get(link.url("/"));
            ask(phone, "What does my library say about sleep and memory?");
            String title = phone.find("#title").getText();

            // when: it shows a code, with its QR code
            drawerLink(phone, "#devices-link");
            phone.visible("#pair-show").click();
            String code = phone.visible("#pair-code-shown").getText();
            assertThat(code).matches("[2-9A-Z]{4}-[2-9A-Z]{4}");
            assertThat(phone.findAll(".pair-shown svg.qr path")).hasSize(1);
            phone.screenshot("devices-code");

            // and the second browser opens the QR code's link, confirms, and links
            laptop.get(link.url("/#/link/" + code.replace("-", "")));
            WebElement input = laptop.visible("#pair-code");
            assertThat(input.getDomProperty("value")).isEqualTo(code.replace("-", ""));
            assertThat(text(laptop, ".extra-view .note.warn")).contains("Link this browser");
            laptop.screenshot("devices-confirm");
            laptop.find("#pair-link").click();

            // then: both devices listed, the first browser's conversation on the second
            laptop.waitUntil(
                    ANSWER_TIME, () -> laptop.findAll(".device-list .device").size() == 2, "two devices");
            laptop.waitUntil(
                    ANSWER_TIME,
                    () -> laptop.findAll("#conversations .conv-title").stream()
                            .anyMatch(t -> t.getDomProperty("textContent").equals(title)),
                    "the shared conversation");
            laptop.screenshot("devices-linked");
            assertThat((String) laptop.js("return location.hash")).isEqualTo("#/devices");
            for (WebElement button : laptop.findAll(".device-list button")) {
                assertThat(button.getRect().getHeight()).isGreaterThanOrEqualTo(44);
            }
            assertThat(jsErrors(phone)).isEmpty();
            assertThat(jsErrors(laptop)).isEmpty();
        }
    }

    @Test
    void a_shared_link_opens_read_only_in_a_browser_without_an_identity_until_it_is_revoked() {
        try (Browser owner = Browser.open(Viewport.PHONE);
                Browser reader = Browser.open(Viewport.PHONE)) {
            // given
            owner.get(link.url("/"));
            ask(owner, "How does statistical power depend on sample size?");

            // when: a link is made
            menu(owner, "share");
            owner.visible("#share-create").click();
            WebElement field = owner.visible(".share-url");
            String url = field.getDomProperty("value");
            owner.screenshot("share-sheet");

            // then: a fresh browser reads it, and gets no identity
            reader.driver().get(url);
            reader.waitUntil(
                    ANSWER_TIME,
                    () -> "true".equals(reader.js("return document.documentElement.dataset.ready || ''")),
                    "the shared page");
            assertThat(text(reader, ".shared-main")).contains("How does statistical power depend on sample size?");
            assertThat(reader.findAll(".shared-main .msg.assistant")).hasSize(1);
            assertThat(reader.driver().manage().getCookieNamed("ra_uid")).isNull();
            assertThat(reader.findAll("textarea, #composer")).isEmpty();
            reader.screenshot("shared");

            // when: revoked
            owner.find(".share .btn.danger").click();
            owner.waitUntil(ANSWER_TIME, () -> owner.findAll(".share-url").isEmpty(), "the link gone from the list");
            reader.driver().navigate().refresh();

            // then
            reader.waitUntil(ANSWER_TIME, () -> text(reader, ".shared-main").contains("revoked"), "the dead link");
            assertThat(jsErrors(owner)).isEmpty();
            assertThat(jsErrors(reader)).isEmpty();
        }
    }

    @Test
    void an_old_conversation_is_found_by_its_words() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given: two conversations
            browser.get(link.url("/"));
            ask(browser, "What is hippocampal replay during sleep?");
            newConversation(browser);
            ask(browser, "How large should a pilot study be?");

            // when
            browser.find("#open-drawer").click();
            browser.visible("#conv-search").sendKeys("replay");

            // then
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> browser.findAll("#conversations .conv.found").size() == 1,
                    "one result");
            assertThat(browser.find("#conversations .conv.found mark").getText().toLowerCase())
                    .startsWith("replay");
            browser.screenshot("search");
            browser.find("#conversations .conv.found").click();
            browser.waitUntil(ANSWER_TIME, () -> text(browser, "#messages").contains("hippocampal replay"), "opened");
            assertThat(jsErrors(browser)).isEmpty();
        }
    }

    @Test
    void a_collection_groups_documents_and_a_conversation_is_scoped_to_it() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given: the samples
            browser.get(link.url("/"));
            browser.visible(".welcome .empty-library button").click();
            browser.waitUntil(
                    ANSWER_TIME, () -> browser.findAll(".welcome .suggestion").size() == 3, "the samples");

            // when: a collection with one document
            drawerLink(browser, "#collections-link");
            browser.visible("#collection-name").sendKeys("Sleep course");
            browser.find("#collection-name").submit();
            browser.waitUntil(ANSWER_TIME, () -> browser.findAll(".collection").size() == 1, "the collection");
            browser.find(".collection summary").click();
            browser.visible(".collection-docs input[type=checkbox]").click();
            browser.waitUntil(ANSWER_TIME, () -> text(browser, "#announce").startsWith("Added"), "the document added");
            browser.screenshot("collections");

            // and a conversation scoped to it
            newConversation(browser);
            ask(browser, "What does my library say about sleep?");
            menu(browser, "scope");
            browser.visible("dialog .scope-pick label:nth-of-type(2) input").click();
            browser.find("#scope-ok").click();

            // then
            WebElement chip = browser.visible("#scope-chip");
            assertThat(chip.getText()).isEqualTo("Within “Sleep course”");
            assertThat(chip.getRect().getHeight()).isGreaterThanOrEqualTo(44);
            browser.screenshot("scope");
            assertThat(jsErrors(browser)).isEmpty();
        }
    }

    @Test
    void the_microphone_types_what_the_browser_recognises_and_hides_where_it_cannot() {
        try (Browser withSpeech = Browser.open(Viewport.PHONE);
                Browser without = Browser.open(Viewport.PHONE)) {
            // given
            withSpeech
                    .driver()
                    .executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", FAKE_RECOGNITION));
            without.driver()
                    .executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", NO_RECOGNITION));
            withSpeech.get(link.url("/"));
            without.get(link.url("/"));

            // when
            WebElement mic = withSpeech.visible("#mic");
            assertThat(mic.getDomAttribute("title")).contains("Google");
            assertThat(mic.getRect().getHeight()).isGreaterThanOrEqualTo(44);
            mic.click();

            // then
            withSpeech.waitUntil(
                    ANSWER_TIME,
                    () -> "what do sleep spindles do"
                            .equals(withSpeech.find("#composer-input").getDomProperty("value")),
                    "the dictated words");
            withSpeech.screenshot("dictation");
            assertThat(without.find("#mic").isDisplayed()).isFalse();
            assertThat(jsErrors(withSpeech)).isEmpty();
        }
    }
}
