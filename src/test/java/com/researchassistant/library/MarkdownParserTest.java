package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MarkdownParserTest {

    private final MarkdownParser parser = new MarkdownParser();

    private List<String> labels(ParsedDocument parsed) {
        return parsed.sections().stream().map(s -> s.location().label()).toList();
    }

    @Test
    void setext_headings_are_sections_like_atx_ones() {
        // given
        String markdown = """
                Field notes
                ===========

                Intro under the title.

                Methods
                -------
                We sampled widely.

                ### Sampling
                Random digit dialling.
                """;

        // when
        ParsedDocument parsed = parser.parse(markdown, "file");

        // then
        assertThat(parsed.title()).isEqualTo("Field notes");
        assertThat(labels(parsed))
                .containsExactly("Field notes", "Field notes > Methods", "Field notes > Methods > Sampling");
        assertThat(parsed.sections())
                .extracting(Section::text)
                .containsExactly("Intro under the title.", "We sampled widely.", "Random digit dialling.");
    }

    @Test
    void emphasis_links_images_and_inline_code_keep_their_words_only() {
        // given
        String markdown = "# T\n\nSleep **strongly** _helps_ [memory](https://example.org/m \"x\") per "
                + "![a spindle plot](plot.png), see <https://example.org> and `grep -r` \\*literally\\*.\n";

        // when
        ParsedDocument parsed = parser.parse(markdown, "file");

        // then
        assertThat(parsed.sections().getFirst().text())
                .isEqualTo("Sleep strongly helps memory per a spindle plot,"
                        + " see https://example.org and grep -r *literally*.");
    }

    @Test
    void nested_list_items_are_paragraphs_in_order_without_markers() {
        // given
        String markdown = """
                # Steps

                1. Plan the study
                   - choose the *effect size*
                   - compute the sample
                     1. with software
                2. Collect data
                * Report it
                + Share it
                """;

        // when
        Section section = parser.parse(markdown, "file").sections().getFirst();

        // then
        assertThat(section.text().split("\n\n"))
                .containsExactly(
                        "Plan the study",
                        "choose the effect size",
                        "compute the sample",
                        "with software",
                        "Collect data",
                        "Report it",
                        "Share it");
    }

    @Test
    void code_keeps_its_lines_without_fences_and_hashes_in_code_are_no_headings() {
        // given
        String markdown = """
                # Setup

                ```bash
                # install it
                mvn -q install
                ```

                    indented = true

                ~~~
                ## not a heading either
                ~~~
                """;

        // when
        ParsedDocument parsed = parser.parse(markdown, "file");

        // then
        assertThat(labels(parsed)).containsExactly("Setup");
        assertThat(parsed.sections().getFirst().text())
                .isEqualTo("# install it\nmvn -q install\n\nindented = true\n\n## not a heading either");
    }

    @Test
    void table_rows_name_their_columns() {
        // given
        String markdown = """
                # Doses

                | Drug | Dose | Note |
                |------|-----:|------|
                | **Aspirin** | 100 mg | |
                | Melatonin | 0.5 mg | before bed |
                """;

        // when
        Section section = parser.parse(markdown, "file").sections().getFirst();

        // then
        assertThat(section.text())
                .isEqualTo("Drug: Aspirin; Dose: 100 mg\n\nDrug: Melatonin; Dose: 0.5 mg; Note: before bed");
    }

    @Test
    void quotes_rules_and_html_give_their_text() {
        // given
        String markdown = """
                # Notes

                > Quoted *claim*.
                > Still quoted.

                ---

                <div class="aside"><p>Boxed <b>aside</b>.</p></div>

                <!-- a comment -->
                """;

        // when
        Section section = parser.parse(markdown, "file").sections().getFirst();

        // then
        assertThat(section.text()).isEqualTo("Quoted claim.\nStill quoted.\n\nBoxed aside.");
    }

    @Test
    void no_markdown_syntax_is_left_in_the_chunks() {
        // given
        String markdown = """
                Power and sample size
                =====================

                Power is the chance of **detecting** a real effect [1](#refs). See the [guide][g].

                ## What sets it
                1. the significance level, usually `0.05`;
                2. the *effect size*:
                   - small (d = 0.2)
                   - large (d = 0.8)

                > A study with **low power** finds little.

                | Effect | n per group |
                |--------|-------------|
                | d = 0.5 | 64 |

                ```r
                pwr.t.test(d = 0.5, power = 0.8)
                ```

                [g]: https://example.org/guide
                """;

        // when
        List<Chunk> chunks =
                new Chunker(200, 40).chunk(parser.parse(markdown, "file").sections());
        String all = chunks.stream().map(Chunk::text).collect(Collectors.joining("\n"));

        // then
        assertThat(all)
                .doesNotContain("**", "`", "](", "][", "[g]", "```", "> ", "=====", "|", "https://example.org")
                .doesNotContainPattern("(?m)^\\s*([-*+#]|\\d+\\.)\\s")
                .contains(
                        "Power is the chance of detecting a real effect 1.",
                        "See the guide.",
                        "the significance level, usually 0.05;",
                        "small (d = 0.2)",
                        "A study with low power finds little.",
                        "Effect: d = 0.5; n per group: 64",
                        "pwr.t.test(d = 0.5, power = 0.8)");
        assertThat(chunks)
                .extracting(Chunk::location)
                .containsOnly("Power and sample size", "Power and sample size > What sets it");
    }

    @Test
    void headings_without_text_are_refused() {
        assertThatThrownBy(() -> parser.parse("# One\n\n## Two\n", "file"))
                .isInstanceOf(DocumentRejected.class)
                .hasMessageContaining("no text");
    }
}
