package com.researchassistant.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.testing.TestFiles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipArchiveTest {

    private static final ZipArchive.Limits LIMITS = new ZipArchive.Limits(10, 1_000_000, 3_000_000, 100);

    @TempDir
    Path dir;

    private Path write(Map<String, byte[]> entries) throws Exception {
        Path file = Files.createTempFile(dir, "test", ".zip");
        Files.write(file, TestFiles.zip(entries));
        return file;
    }

    @Test
    void lists_files_and_reads_each_one() throws Exception {
        // given
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("papers/a.txt", "alpha".getBytes(StandardCharsets.UTF_8));
        entries.put("papers/b.md", "# beta".getBytes(StandardCharsets.UTF_8));

        // when
        try (ZipArchive zip = ZipArchive.open(write(entries), LIMITS)) {
            List<ZipArchive.Item> items = zip.items();

            // then
            assertThat(items).extracting(ZipArchive.Item::name).containsExactly("papers/a.txt", "papers/b.md");
            try (InputStream in = zip.open(items.get(1))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("# beta");
            }
        }
    }

    @Test
    void marks_names_that_could_escape_the_folder_and_never_reads_them() throws Exception {
        // given
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String name : List.of("../evil.txt", "/etc/passwd", "a/../../b.txt", "C:/windows/x.txt", "ok/fine.txt")) {
            entries.put(name, "x".getBytes(StandardCharsets.UTF_8));
        }

        // when
        try (ZipArchive zip = ZipArchive.open(write(entries), LIMITS)) {
            List<ZipArchive.Item> items = zip.items();

            // then
            assertThat(items).filteredOn(i -> i.unsafe().isPresent()).hasSize(4);
            assertThat(items)
                    .filteredOn(i -> i.unsafe().isEmpty())
                    .extracting(ZipArchive.Item::name)
                    .containsExactly("ok/fine.txt");
            assertThatThrownBy(() -> zip.open(items.get(0))).isInstanceOf(ZipArchive.Refused.class);
        }
    }

    @Test
    void refuses_an_archive_with_too_many_entries_before_reading_its_directory() throws Exception {
        // given
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            entries.put("f" + i + ".txt", new byte[] {'x'});
        }
        Path file = write(entries);

        // then
        assertThatThrownBy(() -> ZipArchive.open(file, LIMITS))
                .isInstanceOf(ZipArchive.Refused.class)
                .hasMessageContaining("11 entries");
    }

    @Test
    void stops_reading_an_entry_that_inflates_past_its_ratio() throws Exception {
        // given: 900 KB of zeros compresses to about 1 KB
        Path file = write(Map.of("bomb.txt", new byte[900_000]));

        // when
        try (ZipArchive zip = ZipArchive.open(file, LIMITS);
                InputStream in = zip.open(zip.items().get(0))) {
            // then
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(ZipArchive.Refused.class)
                    .hasMessageContaining("zip bomb");
        }
    }

    @Test
    void stops_when_the_archive_inflates_past_its_total() throws Exception {
        // given
        ZipArchive.Limits small = new ZipArchive.Limits(10, 1_000_000, 150_000, 1_000_000);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a.txt", new byte[100_000]);
        entries.put("b.txt", new byte[100_000]);

        // when
        try (ZipArchive zip = ZipArchive.open(write(entries), small)) {
            try (InputStream a = zip.open(zip.items().get(0))) {
                assertThat(a.readAllBytes()).hasSize(100_000);
            }
            try (InputStream b = zip.open(zip.items().get(1))) {
                // then
                assertThatThrownBy(b::readAllBytes)
                        .isInstanceOf(ZipArchive.Refused.class)
                        .hasMessageContaining("the most an import takes");
            }
        }
    }

    @Test
    void refuses_a_file_that_is_not_a_zip() throws Exception {
        // given
        Path file = dir.resolve("notes.zip");
        Files.writeString(file, "not a zip at all");

        // then
        assertThatThrownBy(() -> ZipArchive.open(file, LIMITS)).isInstanceOf(ZipArchive.Refused.class);
    }

    @Test
    void knows_the_junk_that_archivers_add() {
        assertThat(ZipArchive.junk("__MACOSX/papers/._a.pdf")).isTrue();
        assertThat(ZipArchive.junk("papers/.DS_Store")).isTrue();
        assertThat(ZipArchive.junk("papers/a.pdf")).isFalse();
    }
}
