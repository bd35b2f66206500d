package com.researchassistant.browser;

import static com.researchassistant.browser.WebAppIT.ANSWER_TIME;
import static com.researchassistant.browser.WebAppIT.ask;
import static com.researchassistant.browser.WebAppIT.openLibrary;
import static com.researchassistant.browser.WebAppIT.text;
import static com.researchassistant.browser.WebAppIT.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.browser.Browser.Viewport;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Nothing from the model or from a document can run in the page, the Markdown renderer builds
 * only its supported subset, and the app can be used with a finger, a keyboard and a screen reader.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class SafetyAndAccessibilityIT {

    static final String HOSTILE_DOCUMENT = """
            # <img src=x onerror="window.__pwned='title'"> Pigment notes

            Carotenoids absorb blue light <img src=x onerror="window.__pwned='doc'"> and protect chlorophyll \
            <script>window.__pwned='doc-script'</script> from damage. [evil](javascript:window.__pwned='doc-link')
            """;

    /** Elements that could run script or load something if any hostile text became markup. */
    static final String DANGEROUS = "img[src='x'], script:not([src]), iframe, object, embed, [onerror], [onmouseover], "
            + "a[href^='javascript'], a[href^='data']";

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
    void hostile_model_output_and_document_text_never_run_and_show_literally() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given: a document full of markup in the library
            browser.get(link.url("/"));
            openLibrary(browser);
            browser.visible("#lib-file");
            upload(browser, "pigments.md", HOSTILE_DOCUMENT);
            browser.waitUntil(
                    ANSWER_TIME, () -> !browser.findAll("#lib-docs .doc-ready").isEmpty(), "the upload");
            browser.js("location.hash = '#/new'");
            browser.visible(".welcome");

            // when: the model answers with markup and script, citing that document
            ask(browser, "HOSTILE: what do carotenoids do for chlorophyll?");
            browser.find(".msg.assistant .chip[data-panel='sources']").click();
            browser.visible(".panel[data-panel='sources'] .source");

            // then: nothing ran, nothing became markup, and the text reads as written
            assertThat(browser.js("return window.__pwned === undefined ? 'safe' : String(window.__pwned)"))
                    .isEqualTo("safe");
            assertThat(browser.findAll(DANGEROUS)).isEmpty();
            String answer = text(browser, ".msg.assistant .md");
            assertThat(answer)
                    .contains("<img src=x onerror=\"window.__pwned='img'\">")
                    .contains("<script>window.__pwned='script'</script>")
                    .contains("[tricky link](javascript:window.__pwned='link')")
                    .contains("[data link](data:text/html,<script>alert(1)</script>)")
                    .contains("<b onmouseover=\"window.__pwned='b'\">bold</b>");
            // the library keeps a document's raw HTML as its text (MarkdownParser), so no tag reaches a source
            String sources = text(browser, ".panel[data-panel='sources']");
            assertThat(sources)
                    .contains("Pigment notes")
                    .contains("window.__pwned='doc-script'")
                    .doesNotContain("<img")
                    .doesNotContain("<script>");
            browser.screenshot("hostile");

            // and the page's policy refuses HTML strings outright (Trusted Types)
            assertThat(browser.js("try { document.body.insertAdjacentHTML('beforeend', '<i>x</i>'); return 'allowed'; }"
                            + " catch (e) { return e.name; }"))
                    .isEqualTo("TypeError");
            assertThat(WebAppIT.jsErrors(browser))
                    .allMatch(line -> line.contains("insertAdjacentHTML") || line.contains("TrustedHTML"));
        }
    }

    @Test
    void the_markdown_renderer_builds_only_its_supported_subset() {
        try (Browser browser = Browser.open(Viewport.DESKTOP)) {
            browser.get(link.url("/"));
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put(
                    "# Title\n\nSome **bold**, *em*, `code` and ~~gone~~.",
                    "h3(Title)p(Some strong(bold), em(em), code(code) and del(gone).)");
            cases.put("- a\n  - b\n- c", "ul(li(aul(li(b)))li(c))");
            cases.put("1. one\n2. two", "ol(li(one)li(two))");
            cases.put("```html\n<script>alert(1)</script>\n```", "pre(code(<script>alert(1)</script>))");
            cases.put(
                    "[ok](https://a.example/x) [bad](javascript:alert(1)) <https://b.example>",
                    "p(a[https://a.example/x](ok) [bad](javascript:alert(1)) a[https://b.example/](https://b.example))");
            cases.put(
                    "claim [1] and [2, 3] but not [9]", "p(claim span(a[#](1)) and span(a[#](2)a[#](3)) but not [9])");
            cases.put("snake_case_name and \\*not em\\* and **open", "p(snake_case_name and *not em* and **open)");
            cases.put("> quoted <b>x</b>", "blockquote(p(quoted <b>x</b>))");
            cases.put("| a | b |\n|---|--:|\n| 1 | 2 |", "div(table(thead(tr(th(a)th(b)))tbody(tr(td(1)td(2)))))");
            cases.put("line one  \nline two\n\n---", "p(line onebr()line two)hr()");
            @SuppressWarnings("unchecked")
            Map<String, String> shapes = (Map<String, String>) browser.asyncJs("""
                    const [cases, done] = arguments;
                    const shape = (n) => n.nodeType === 3 ? n.textContent : n.tagName.toLowerCase()
                      + (n.tagName === 'A' ? '[' + n.getAttribute('href') + ']' : '')
                      + '(' + [...n.childNodes].map(shape).join('') + ')';
                    import('/md.js').then((md) => {
                      const out = {};
                      for (const text of Object.keys(cases)) {
                        out[text] = [...md.render(text, [1, 2, 3]).fragment.childNodes].map(shape).join('');
                      }
                      done(out);
                    });
                    """, cases);
            cases.forEach((markdown, expected) ->
                    assertThat(shapes.get(markdown)).as(markdown).isEqualTo(expected));
        }
    }

    @Test
    void every_control_is_a_44px_target_with_a_name_and_the_app_works_from_the_keyboard() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given
            browser.get(link.url("/"));
            assertThat(browser.findAll("main")).hasSize(1);
            assertThat(browser.findAll("header.topbar, nav[aria-label]")).hasSize(2);
            assertThat(smallTargets(browser))
                    .as("small targets on the welcome page")
                    .isEmpty();
            assertThat(unnamedControls(browser)).isEmpty();

            // when: the skip link and the keyboard are used to ask
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            assertThat(browser.js("return document.activeElement.className")).isEqualTo("skip");
            new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
            assertThat(browser.js("return document.activeElement.id")).isEqualTo("composer-input");
            int before = browser.findAll(".msg.assistant").size();
            new Actions(browser.driver())
                    .sendKeys(WebAppIT.QUESTION, Keys.ENTER)
                    .perform();
            browser.waitUntil(
                    ANSWER_TIME,
                    () -> browser.findAll(".msg.assistant").size() > before
                            && browser.find(".msg.assistant").getDomAttribute("aria-busy") == null
                            && browser.find("#send").isDisplayed(),
                    "the answer");

            // then: the answer is announced once, as text, not token by token
            browser.waitUntil(
                    Duration.ofSeconds(5),
                    () -> String.valueOf(browser.js("return document.getElementById('announce').textContent"))
                            .startsWith("Answer:"),
                    "the announcement");
            assertThat(browser.find("#messages").getDomAttribute("aria-live")).isNull();

            // when: a panel is opened from the keyboard
            WebElement chip = browser.find(".msg.assistant .chip");
            browser.js("arguments[0].focus()", chip);
            new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
            browser.waitUntil(
                    Duration.ofSeconds(5), () -> "true".equals(chip.getDomAttribute("aria-expanded")), "the panel");
            String controls = chip.getDomAttribute("aria-controls");
            assertThat(browser.find("#" + controls).isDisplayed()).isTrue();
            assertThat(smallTargets(browser))
                    .as("small targets in a conversation")
                    .isEmpty();
            assertThat(unnamedControls(browser)).isEmpty();

            // when: the conversation list is opened and closed from the keyboard
            assertThat(browser.js("return document.getElementById('drawer').inert"))
                    .isEqualTo(true);
            browser.find("#open-drawer").click();
            browser.waitUntil(
                    Duration.ofSeconds(5),
                    () -> (Boolean)
                            browser.js("return document.getElementById('drawer').contains(document.activeElement)"),
                    "focus in the list");
            assertThat(smallTargets(browser))
                    .as("small targets in the conversation list")
                    .isEmpty();
            new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
            assertThat(browser.js("return document.activeElement.id")).isEqualTo("open-drawer");

            // when: the conversation menu is used from the keyboard
            browser.find("#conv-menu-button").click();
            assertThat(browser.js("return document.activeElement.dataset.action"))
                    .isEqualTo("rename");
            new Actions(browser.driver()).sendKeys(Keys.ARROW_DOWN).perform();
            assertThat(browser.js("return document.activeElement.dataset.action"))
                    .isEqualTo("export");
            assertThat(smallTargets(browser)).as("small targets in the menu").isEmpty();
            new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
            assertThat(browser.find("#conv-menu").isDisplayed()).isFalse();
            assertThat(browser.js("return document.activeElement.id")).isEqualTo("conv-menu-button");

            // and the library
            openLibrary(browser);
            assertThat(smallTargets(browser)).as("small targets in the library").isEmpty();
            assertThat(unnamedControls(browser)).isEmpty();
        }
    }

    @Test
    void themes_follow_the_system_or_the_toggle_and_motion_can_be_reduced() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            // given: a system that prefers dark
            browser.driver()
                    .executeCdpCommand(
                            "Emulation.setEmulatedMedia",
                            Map.of(
                                    "features",
                                    List.of(
                                            Map.of("name", "prefers-color-scheme", "value", "dark"),
                                            Map.of("name", "prefers-reduced-motion", "value", "reduce"))));
            browser.get(link.url("/"));
            assertThat(background(browser)).isEqualTo("rgb(21, 23, 26)");
            ask(browser, WebAppIT.QUESTION);
            browser.js("document.getElementById('main').scrollTop = 0");
            browser.screenshot("dark");
            assertThat(browser.js("return getComputedStyle(document.querySelector('.drawer')).transitionDuration"))
                    .isEqualTo("0s");

            // when: the user picks light, then reloads
            PhoneExperienceIT.openDrawer(browser);
            browser.visible("#theme .segment[data-value='light']").click();
            browser.reload();

            // then
            assertThat(browser.js("return document.documentElement.dataset.theme"))
                    .isEqualTo("light");
            assertThat(background(browser)).isEqualTo("rgb(246, 245, 242)");
        }
    }

    @Test
    void the_app_is_installable_with_a_manifest_icons_and_a_service_worker_for_the_whole_site() {
        try (Browser browser = Browser.open(Viewport.PHONE)) {
            browser.get(link.url("/"));
            @SuppressWarnings("unchecked")
            Map<String, Object> install = (Map<String, Object>) browser.asyncJs("""
                    const done = arguments[0];
                    (async () => {
                      const manifest = await (await fetch(document.querySelector('link[rel=manifest]').href)).json();
                      const icons = [];
                      for (const icon of manifest.icons) {
                        const res = await fetch(icon.src);
                        icons.push(icon.sizes + ' ' + res.status + ' ' + res.headers.get('content-type'));
                      }
                      const registration = await navigator.serviceWorker.ready;
                      return { name: manifest.name, display: manifest.display, start: manifest.start_url, icons,
                               scope: registration.scope, viewport: document.querySelector('meta[name=viewport]').content };
                    })().then(done, (e) => done({ error: String(e) }));
                    """);
            assertThat(install.get("error")).isNull();
            assertThat(install)
                    .containsEntry("name", "Research Assistant")
                    .containsEntry("display", "standalone")
                    .containsEntry("start", "/")
                    .containsEntry("scope", link.url("/"));
            @SuppressWarnings("unchecked")
            List<Object> icons = (List<Object>) install.get("icons");
            assertThat(icons).contains("192x192 200 image/png", "512x512 200 image/png", "any 200 image/svg+xml");
            assertThat((String) install.get("viewport"))
                    .contains("viewport-fit=cover")
                    .contains("interactive-widget=resizes-content");
        }
    }

    /** Visible controls smaller than 44 x 44 CSS px; links inside running text are exempt (WCAG 2.5.8). */
    @SuppressWarnings("unchecked")
    static List<String> smallTargets(Browser browser) {
        return (List<String>) browser.js("""
                const inline = '.md, .panel p, .panel li, .source-snippet, .welcome p, .note';
                return [...document.querySelectorAll('button, a[href], input:not(.sr-only), textarea, select, summary, label.btn')]
                  .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
                  .filter((e) => !e.closest(inline) && !e.classList.contains('skip'))
                  .filter((e) => { const r = e.getBoundingClientRect(); return r.width < 44 || r.height < 44; })
                  .map((e) => e.outerHTML.slice(0, 80) + ' ' + Math.round(e.getBoundingClientRect().width) + 'x'
                    + Math.round(e.getBoundingClientRect().height));
                """);
    }

    /** Buttons and links a screen reader would announce without a name. */
    @SuppressWarnings("unchecked")
    static List<String> unnamedControls(Browser browser) {
        return (List<String>) browser.js("""
                return [...document.querySelectorAll('button, a[href], input, textarea')]
                  .filter((e) => e.getClientRects().length)
                  .filter((e) => !(e.getAttribute('aria-label') || e.textContent.trim() || (e.labels && e.labels.length)))
                  .map((e) => e.outerHTML.slice(0, 80));
                """);
    }

    static String background(Browser browser) {
        return (String) browser.js("return getComputedStyle(document.body).backgroundColor");
    }
}
