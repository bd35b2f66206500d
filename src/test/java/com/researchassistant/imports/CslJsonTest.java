package com.researchassistant.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CslJsonTest {

    private final List<Step.Broken> problems = new ArrayList<>();

    private List<ImportRecord> read(String json) throws CslJson.NotCsl {
        return CslJson.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "export.json", 100, problems);
    }

    @Test
    void reads_a_zotero_csl_json_export() throws Exception {
        // given
        String json = """
                [{"id": "http://zotero.org/users/local/abc/items/X1", "type": "article-journal",
                  "title": "Sleep spindles and memory", "container-title": "Journal of Sleep Research",
                  "author": [{"family": "Smith", "given": "Jane"}, {"family": "Berg", "given": "Jan",
                    "non-dropping-particle": "van der"}, {"literal": "World Health Organization"}],
                  "issued": {"date-parts": [["2020", 5, 1]]}, "DOI": "10.1000/ABC", "URL": "https://example.org/a",
                  "abstract": "Spindles predict recall."},
                 {"type": "book", "title": "A book", "issued": {"raw": "circa 1999"}, "publisher": "Press"}]
                """;

        // when
        List<ImportRecord> records = read(json);

        // then
        assertThat(records).hasSize(2);
        ImportRecord first = records.get(0);
        assertThat(first.title()).isEqualTo("Sleep spindles and memory");
        assertThat(first.metadata().authors())
                .containsExactly("Smith, Jane", "van der Berg, Jan", "World Health Organization");
        assertThat(first.metadata().year()).isEqualTo(OptionalInt.of(2020));
        assertThat(first.metadata().venue()).contains("Journal of Sleep Research");
        assertThat(first.metadata().doi()).contains("10.1000/abc");
        assertThat(first.abstractText()).contains("Spindles predict recall.");
        assertThat(records.get(1).metadata().year()).isEqualTo(OptionalInt.of(1999));
        assertThat(records.get(1).metadata().venue()).contains("Press");
        assertThat(problems).isEmpty();
    }

    @Test
    void an_item_without_a_title_is_reported_and_the_rest_read() throws Exception {
        // when
        List<ImportRecord> records = read("[{\"type\":\"book\"}, {\"type\":\"book\",\"title\":\"Kept\"}]");

        // then
        assertThat(records).extracting(ImportRecord::title).containsExactly("Kept");
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("export.json, item 1"));
    }

    @Test
    void refuses_what_is_not_csl_json_or_nested_too_deep() {
        assertThatThrownBy(() -> read("\"just a string\"")).isInstanceOf(CslJson.NotCsl.class);
        assertThatThrownBy(() -> read("[{\"title\": \"cut off")).isInstanceOf(CslJson.NotCsl.class);
        String deep = "[" + "{\"a\":".repeat(CslJson.MAX_DEPTH + 2) + "1" + "}".repeat(CslJson.MAX_DEPTH + 2) + "]";
        assertThatThrownBy(() -> read(deep)).isInstanceOf(CslJson.NotCsl.class).hasMessageContaining("nesting");
    }
}
