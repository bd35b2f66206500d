package com.researchassistant.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.browser.Browser.Viewport;
import com.researchassistant.testing.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * Importing into the library on a phone (390x844) in real Chromium: a zip and a BibTeX file picked
 * together, the import followed to its end with its problems listed by name and reason; and an
 * import found running again after the page is reloaded mid-way, followed to its end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class ImportIT {

    private static final Duration WAIT = Duration.ofSeconds(150);

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

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Path write(String name, byte[] content) throws IOException {
        Path file = Files.createTempDirectory("ra-import-").resolve(name);
        Files.write(file, content);
        return file;
    }

    @Test
    void a_zip_and_a_bibtex_file_are_imported_with_their_problems_listed() throws IOException {
        // given
        Map<String, byte[]> zip = new LinkedHashMap<>();
        zip.put("notes/spindles.txt", utf8("Sleep spindles predict overnight memory gains in healthy adults."));
        zip.put("notes/spindles-copy.txt", utf8("Sleep spindles predict overnight memory gains in healthy adults."));
        zip.put("notes/scan-of-chapter-3.pdf", TestFiles.scannedPdf(2));
        zip.put("notes/damaged.pdf", utf8("%PDF-1.7 this file was cut off"));
        Path archive = write("reading-list.zip", TestFiles.zip(zip));
        Path bib = write("zotero.bib", utf8("""
                @article{ng2019, title = {Replay in slow wave sleep}, author = {Ng, Lee and M{\\"u}ller, Anna},
                  journal = {Sleep}, year = {2019}, doi = {10.1000/replay},
                  abstract = {Hippocampal replay during slow wave sleep supports consolidation.}}
                @article{broken, title = {Never closed, year = 2020
                """));

        try (Browser browser = Browser.open(Viewport.PHONE)) {
            browser.get(served.link().url("/"));
            assertThat(WebAppIT.loaded(browser, "/views/imports.js"))
                    .as("the import code loads lazily")
                    .isFalse();
            WebAppIT.openLibrary(browser);

            // when
            browser.find("#lib-import-file").sendKeys(archive + "\n" + bib);

            // then
            WebElement done = browser.waitFor(
                    WAIT,
                    () -> browser.findAll("#lib-imports .import-done").stream()
                            .findFirst()
                            .orElse(null),
                    "the import to end");
            assertThat(done.getText())
                    .contains("Import of 2 files")
                    .contains("Imported 2 documents · 1 duplicate · 1 needs OCR · 2 failed.");
            WebElement problems = done.findElement(org.openqa.selenium.By.cssSelector("details.import-problems"));
            problems.findElement(org.openqa.selenium.By.tagName("summary")).click();
            String listed = problems.getText();
            assertThat(listed)
                    .contains("4 problems")
                    .contains("DUPLICATE")
                    .contains("notes/spindles-copy.txt")
                    .contains("Already in your library")
                    .contains("NEEDS OCR")
                    .contains("notes/scan-of-chapter-3.pdf")
                    .contains("needs OCR")
                    .contains("notes/damaged.pdf")
                    .contains("zotero.bib, line 4 (broken)");
            browser.waitUntil(
                    WAIT,
                    () -> WebAppIT.text(browser, "#lib-docs").contains("Replay in slow wave sleep"),
                    "the imported reference in the list");
            assertThat(browser.js(
                            "return arguments[0].getBoundingClientRect().height",
                            problems.findElement(org.openqa.selenium.By.tagName("summary"))))
                    .asString()
                    .satisfies(h -> assertThat(Double.parseDouble(h)).isGreaterThanOrEqualTo(44));
            browser.screenshot("import-problems");
        }
    }

    @Test
    void a_running_import_is_found_again_after_a_reload_and_followed_to_its_end() throws IOException {
        // given
        Map<String, byte[]> zip = new LinkedHashMap<>();
        for (int n = 0; n < 150; n++) {
            zip.put(
                    "notes/" + n + ".txt",
                    utf8("Observation " + n + " on circadian light exposure, marker c" + n
                            + ", and how melatonin timing shifts in study " + n + "."));
        }
        Path archive = write("observations.zip", TestFiles.zip(zip));

        try (Browser browser = Browser.open(Viewport.PHONE)) {
            browser.get(served.link().url("/"));
            WebAppIT.openLibrary(browser);
            browser.find("#lib-import-file").sendKeys(archive.toString());
            browser.waitUntil(
                    WAIT,
                    () -> !browser.findAll("#lib-imports .import-running, #lib-imports .import-queued,"
                                    + " #lib-imports .import-done")
                            .isEmpty(),
                    "the import to start");

            // when
            browser.reload();
            WebAppIT.openLibrary(browser);

            // then
            WebElement done = browser.waitFor(
                    WAIT,
                    () -> browser.findAll("#lib-imports .import-done").stream()
                            .findFirst()
                            .orElse(null),
                    "the import to end after the reload");
            assertThat(done.getText()).contains("Import of observations.zip").contains("Imported 150 documents.");
            assertThat(browser.log()).noneMatch(line -> line.contains("SEVERE"));
        }
    }
}
