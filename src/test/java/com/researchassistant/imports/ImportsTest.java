package com.researchassistant.imports;

import static com.researchassistant.imports.ImportFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.researchassistant.job.Job;
import com.researchassistant.job.JobEvent;
import com.researchassistant.library.Document;
import com.researchassistant.library.DocumentStatus;
import com.researchassistant.testing.FakeEmbedder;
import com.researchassistant.testing.TestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportsTest {

    @TempDir
    Path dir;

    private ImportFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(int n) {
        return "Note " + n + " about sleep spindles, memory replay and the hippocampus during slow wave sleep. "
                + "Each note is different: number " + n + " of the series, with its own words " + "w" + n + ".";
    }

    @Test
    void a_zip_is_imported_entry_by_entry_and_its_problems_are_listed_while_the_rest_goes_on() throws Exception {
        // given
        fixture = ImportFixture.open(dir, new FakeEmbedder());
        Map<String, byte[]> zip = new LinkedHashMap<>();
        zip.put("notes/a.txt", utf8(text(1)));
        zip.put("notes/b.md", utf8("# Beta\n\n" + text(2)));
        zip.put("notes/a-copy.txt", utf8(text(1)));
        zip.put("notes/scan.pdf", TestFiles.scannedPdf(3));
        zip.put("notes/broken.pdf", utf8("%PDF-1.7 this is no PDF at all"));
        zip.put("notes/photo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});
        zip.put("../escape.txt", utf8(text(3)));
        zip.put("__MACOSX/notes/._a.txt", new byte[] {0, 5, 22, 7});

        // when
        Job job = fixture.submit(Map.of("notes.zip", TestFiles.zip(zip)));
        List<JobEvent> events = fixture.follow(job.id());
        ImportState state = fixture.state(job.id());

        // then
        assertThat(state.status()).isEqualTo("done");
        assertThat(state.totals()).isEqualTo(new Totals(7, 7, 2, 1, 1, 3));
        assertThat(state.problems())
                .extracting(FileUpdate::name, FileUpdate::status)
                .containsExactlyInAnyOrder(
                        tuple("notes/a-copy.txt", "duplicate"),
                        tuple("notes/scan.pdf", "needs_ocr"),
                        tuple("notes/broken.pdf", "failed"),
                        tuple("notes/photo.png", "failed"),
                        tuple("../escape.txt", "failed"));
        FileUpdate duplicate = state.problems().stream()
                .filter(p -> p.status().equals("duplicate"))
                .findFirst()
                .orElseThrow();
        String original = fixture.library.list(ALICE).stream()
                .filter(d -> d.title().startsWith("Note 1"))
                .findFirst()
                .orElseThrow()
                .id();
        assertThat(duplicate.duplicateOf()).isEqualTo(original);
        assertThat(state.problems()).allSatisfy(p -> assertThat(p.reason()).isNotBlank());
        assertThat(fixture.library.list(ALICE))
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.status()).isEqualTo(DocumentStatus.READY));
        assertThat(events.get(0).name()).isEqualTo("started");
        assertThat(events)
                .extracting(JobEvent::name)
                .contains("progress")
                .last()
                .isEqualTo("done");
        assertThat(Files.list(dir.resolve("imports")).toList())
                .as("uploaded files removed")
                .isEmpty();
    }

    @Test
    void a_zotero_export_keeps_metadata_matches_attachments_and_imports_references_without_files() throws Exception {
        // given
        String bib = """
                @article{smith2020,
                  title = {Sleep spindles and memory},
                  author = {Smith, Jane and M{\\"u}ller, Anna},
                  journal = {Journal of Sleep Research}, year = {2020}, doi = {10.1000/sleep.1},
                  url = {https://example.org/sleep},
                  file = {Full Text PDF:files/12/Smith - 2020 - Sleep spindles and memory.pdf:application/pdf}
                }
                @book{lee2018, title = {Circadian rhythms}, author = {Lee, Kim}, publisher = {Press}, year = 2018,
                  abstract = {Melatonin and light set the circadian clock of every cell.}}
                @article{broken, title = {Never closed, year = 2021

                @misc{after, title = {After the broken one}, abstract = {Replay happens in slow wave sleep.}}
                """;
        Map<String, byte[]> zip = new LinkedHashMap<>();
        zip.put("My Library/My Library.bib", utf8(bib));
        zip.put(
                "My Library/files/12/Smith - 2020 - Sleep spindles and memory.pdf",
                TestFiles.textPdf(List.of(List.of(
                        "Sleep spindles predict overnight memory gains.", "Hippocampal replay couples to spindles."))));
        fixture = ImportFixture.open(dir, new FakeEmbedder());

        // when
        Job job = fixture.submit(Map.of("My Library.zip", TestFiles.zip(zip)));
        fixture.follow(job.id());
        ImportState state = fixture.state(job.id());

        // then
        assertThat(state.totals()).isEqualTo(new Totals(4, 4, 3, 0, 0, 1));
        assertThat(state.problems()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("My Library.bib, line 10 (broken)");
            assertThat(p.reason()).contains("skipped");
        });
        Document paper = byTitle("Sleep spindles and memory");
        assertThat(paper.mediaType()).isEqualTo("application/pdf");
        assertThat(paper.metadata().authors()).containsExactly("Smith, Jane", "Müller, Anna");
        assertThat(paper.metadata().year()).isEqualTo(OptionalInt.of(2020));
        assertThat(paper.metadata().venue()).contains("Journal of Sleep Research");
        assertThat(paper.metadata().doi()).contains("10.1000/sleep.1");
        assertThat(paper.metadata().url()).contains("https://example.org/sleep");
        assertThat(byTitle("Circadian rhythms").metadata().venue()).contains("Press");
        assertThat(fixture.library.search(ALICE, "melatonin light circadian clock", 3))
                .extracting(hit -> hit.passage().documentTitle())
                .contains("Circadian rhythms");
    }

    @Test
    void csl_json_picked_with_its_pdfs_is_matched_by_title_and_a_known_doi_is_a_duplicate() throws Exception {
        // given
        String csl = """
                [{"type":"article-journal","title":"Slow wave sleep and replay","DOI":"10.1000/replay",
                  "author":[{"family":"Ng","given":"Lee"}],"issued":{"date-parts":[[2019]]}},
                 {"type":"article-journal","title":"The same paper again","DOI":"https://doi.org/10.1000/REPLAY",
                  "abstract":"Other words, same DOI."}]
                """;
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("export.json", utf8(csl));
        files.put(
                "Ng - 2019 - Slow wave sleep and replay.pdf",
                TestFiles.textPdf(
                        List.of(List.of("Replay of waking patterns during slow wave sleep supports consolidation."))));
        fixture = ImportFixture.open(dir, new FakeEmbedder());

        // when
        Job job = fixture.submit(files);
        fixture.follow(job.id());
        ImportState state = fixture.state(job.id());

        // then
        assertThat(state.totals()).isEqualTo(new Totals(2, 2, 1, 1, 0, 0));
        Document paper = byTitle("Slow wave sleep and replay");
        assertThat(paper.mediaType()).isEqualTo("application/pdf");
        assertThat(paper.metadata().authors()).containsExactly("Ng, Lee");
        assertThat(state.problems()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo("duplicate");
            assertThat(p.duplicateOf()).isEqualTo(paper.id());
        });
    }

    @Test
    void importing_the_same_files_again_stores_nothing_twice() throws Exception {
        // given
        fixture = ImportFixture.open(dir, new FakeEmbedder());
        Map<String, byte[]> files = Map.of("a.txt", utf8(text(1)), "b.txt", utf8(text(2)));
        fixture.follow(fixture.submit(files).id());

        // when
        Job again = fixture.submit(files);
        fixture.follow(again.id());

        // then
        assertThat(fixture.state(again.id()).totals()).isEqualTo(new Totals(2, 2, 0, 2, 0, 0));
        assertThat(fixture.library.list(ALICE)).hasSize(2);
    }

    @Test
    void a_restart_in_the_middle_resumes_where_the_import_stopped_without_duplicates() throws Exception {
        // given
        int notes = 30;
        PausingEmbedder paused = new PausingEmbedder(10);
        fixture = ImportFixture.open(dir, paused);
        Map<String, byte[]> zip = new LinkedHashMap<>();
        for (int n = 0; n < notes; n++) {
            zip.put("notes/" + n + ".txt", utf8(text(n)));
        }
        Job job = fixture.submit(Map.of("notes.zip", TestFiles.zip(zip)));
        paused.awaitPause();

        // when: the server stops mid-import (the import first, then the indexing it waited for), and a new
        // one starts on the same data
        fixture.imports.close();
        paused.release();
        fixture.close();
        long checkpointed = dir.resolve("imports").toFile().list().length;
        fixture = ImportFixture.open(dir, new FakeEmbedder());
        List<JobEvent> events = fixture.follow(job.id());

        // then
        assertThat(checkpointed)
                .as("the uploaded files were kept for the resumed run")
                .isEqualTo(1);
        ImportState state = fixture.state(job.id());
        assertThat(state.status()).isEqualTo("done");
        assertThat(state.totals()).isEqualTo(new Totals(notes, notes, notes, 0, 0, 0));
        List<Document> documents = fixture.library.list(ALICE);
        assertThat(documents)
                .hasSize(notes)
                .allSatisfy(d -> assertThat(d.status()).isEqualTo(DocumentStatus.READY));
        assertThat(documents).extracting(Document::title).doesNotHaveDuplicates();
        assertThat(events)
                .filteredOn(e -> e.name().equals("started"))
                .last()
                .satisfies(e -> assertThat(e.data()).doesNotContain("\"resumedFrom\":0"));
    }

    @Test
    void a_cancelled_import_stops_keeps_what_it_took_in_and_removes_its_files() throws Exception {
        // given
        PausingEmbedder paused = new PausingEmbedder(3);
        fixture = ImportFixture.open(dir, paused);
        Map<String, byte[]> zip = new LinkedHashMap<>();
        for (int n = 0; n < 20; n++) {
            zip.put(n + ".txt", utf8(text(n)));
        }
        Job job = fixture.submit(Map.of("notes.zip", TestFiles.zip(zip)));
        paused.awaitPause();

        // when
        boolean cancelled = fixture.imports.cancel(ALICE, job.id());
        paused.release();
        List<JobEvent> events = fixture.follow(job.id());

        // then
        assertThat(cancelled).isTrue();
        assertThat(events.get(events.size() - 1).name()).isEqualTo("cancelled");
        ImportState state = fixture.state(job.id());
        assertThat(state.status()).isEqualTo("cancelled");
        assertThat(state.totals().done()).isLessThan(20);
        assertThat(fixture.library.list(ALICE)).hasSizeLessThan(20);
        assertThat(Files.list(dir.resolve("imports")).toList()).isEmpty();
    }

    @Test
    void another_person_sees_nothing_of_an_import() throws Exception {
        // given
        fixture = ImportFixture.open(dir, new FakeEmbedder());
        Job job = fixture.submit(Map.of("a.txt", utf8(text(1))));
        fixture.follow(job.id());

        // then
        assertThat(fixture.imports.find("bob", job.id())).isEmpty();
        assertThat(fixture.imports.events("bob", job.id(), 0, java.time.Duration.ZERO))
                .isEmpty();
        assertThat(fixture.imports.cancel("bob", job.id())).isFalse();
        assertThat(fixture.imports.list("bob", 10)).isEmpty();
    }

    private Document byTitle(String title) {
        return fixture.library.list(ALICE).stream()
                .filter(d -> d.title().equals(title))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no document " + title + " in " + fixture.library.list(ALICE)));
    }
}
