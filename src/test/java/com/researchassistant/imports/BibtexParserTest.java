package com.researchassistant.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BibtexParserTest {

    private static BibtexParser.Result parse(String bib) {
        return BibtexParser.parse(bib, 1_000);
    }

    private static ImportRecord record(String bib) {
        BibtexParser.Entry entry = parse(bib).entries().get(0);
        return BibRecords.of(entry, "refs.bib", new java.util.ArrayList<>()).orElseThrow();
    }

    @Test
    void reads_braced_quoted_and_numeric_values_with_nested_braces() {
        // given
        String bib = """
                @Article{lovelace1843,
                  title = {Notes on the {Analytical Engine}},
                  journal = "Scientific {"}Memoirs{"}",
                  year = 1843,
                }
                """;

        // when
        BibtexParser.Result result = parse(bib);

        // then
        assertThat(result.problems()).isEmpty();
        BibtexParser.Entry entry = result.entries().get(0);
        assertThat(entry.type()).isEqualTo("article");
        assertThat(entry.key()).isEqualTo("lovelace1843");
        assertThat(entry.fields())
                .containsEntry("title", "Notes on the {Analytical Engine}")
                .containsEntry("year", "1843");
        assertThat(LatexText.plain(entry.fields().get("journal"))).isEqualTo("Scientific \"Memoirs\"");
    }

    @Test
    void expands_string_macros_month_macros_and_concatenation() {
        // given
        String bib = """
                @string{jcs = "Journal of Cognitive Science"}
                @STRING(vol = {Volume})
                @inproceedings{k1, title = {T}, booktitle = jcs # ", " # vol # { 3}, month = mar}
                """;

        // when
        BibtexParser.Entry entry = parse(bib).entries().get(0);

        // then
        assertThat(entry.fields())
                .containsEntry("booktitle", "Journal of Cognitive Science, Volume 3")
                .containsEntry("month", "March");
    }

    @Test
    void turns_latex_accents_and_commands_into_unicode() {
        assertThat(LatexText.plain("M{\\\"u}ller and Erd\\H{o}s and Garc{\\'\\i}a and \\c{C}elik"))
                .isEqualTo("Müller and Erdős and García and Çelik");
        assertThat(LatexText.plain("\\emph{Deep} learning --- a survey of {\\ss} \\& \\o{} in 10\\% of ``cases''"))
                .isEqualTo("Deep learning — a survey of ß & ø in 10% of “cases”");
        assertThat(LatexText.plain("Sch\\\"onberg \\v{S}koda \\'{E}cole \\`a la"))
                .isEqualTo("Schönberg Škoda École à la");
    }

    @Test
    void skips_comments_and_preambles_between_entries() {
        // given
        String bib = """
                % exported by a reference manager
                This line is a comment too.
                @comment{ @article{hidden, title={Not an entry}} }
                @preamble{ "\\newcommand{\\noop}[1]{}" }
                @misc{seen, title = {Seen}}
                """;

        // when
        BibtexParser.Result result = parse(bib);

        // then
        assertThat(result.entries()).extracting(BibtexParser.Entry::key).containsExactly("seen");
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void a_broken_entry_is_reported_with_its_line_and_key_and_the_rest_is_read() {
        // given
        String bib = """
                @article{first, title = {First}}

                @article{broken, title = {Unclosed brace, year = 2020}

                @article{missing, title = Closing" }
                @article{last, title = {Last}, year = {2021}}
                """;

        // when
        BibtexParser.Result result = parse(bib);

        // then
        assertThat(result.entries()).extracting(BibtexParser.Entry::key).containsExactly("first", "last");
        assertThat(result.problems())
                .extracting(BibtexParser.Problem::line, BibtexParser.Problem::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, "broken"),
                        org.assertj.core.groups.Tuple.tuple(5, "missing"));
    }

    @Test
    void refuses_braces_nested_too_deep_without_stopping() {
        // given
        String deep = "{".repeat(BibtexParser.MAX_DEPTH + 5) + "x" + "}".repeat(BibtexParser.MAX_DEPTH + 5);
        String bib = "@misc{deep, title = " + deep + "}\n@misc{ok, title = {Fine}}\n";

        // when
        BibtexParser.Result result = parse(bib);

        // then
        assertThat(result.entries()).extracting(BibtexParser.Entry::key).containsExactly("ok");
        assertThat(result.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("nested"));
    }

    @Test
    void macros_that_double_themselves_stop_at_the_value_limit() {
        // given
        StringBuilder bib = new StringBuilder("@string{a0 = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n");
        for (int i = 1; i < 40; i++) {
            bib.append("@string{a")
                    .append(i)
                    .append(" = a")
                    .append(i - 1)
                    .append(" # a")
                    .append(i - 1)
                    .append("}\n");
        }
        bib.append("@misc{k, title = a39}\n@misc{after, title = {After}}\n");

        // when
        BibtexParser.Result result = parse(bib.toString());

        // then
        assertThat(result.problems())
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.message()).contains("longer than"));
        assertThat(result.entries()).extracting(BibtexParser.Entry::key).containsExactly("k", "after");
        assertThat(result.entries())
                .allSatisfy(e ->
                        assertThat(e.fields().get("title")).hasSizeLessThanOrEqualTo(BibtexParser.MAX_VALUE_CHARS));
    }

    @Test
    void stops_after_the_entry_limit_and_says_so() {
        // given
        String bib = "@misc{a, title={A}}\n@misc{b, title={B}}\n@misc{c, title={C}}\n";

        // when
        BibtexParser.Result result = BibtexParser.parse(bib, 2);

        // then
        assertThat(result.entries()).hasSize(2);
        assertThat(result.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("More than 2"));
    }

    @Test
    void a_zotero_entry_becomes_a_record_with_authors_year_venue_doi_url_abstract_and_files() {
        // given
        String bib = """
                @article{smith_sleep_2020,
                	title = {Sleep spindles and {Memory}},
                	volume = {12},
                	url = {https://example.org/sleep},
                	doi = {https://doi.org/10.1000/XYZ.123},
                	abstract = {Spindles predict recall.},
                	journal = {Journal of Sleep Research},
                	author = {Smith, Jane and van der Berg, Jan and M{\\"u}ller, Anna and {World Health Organization}},
                	month = jan,
                	year = {2020},
                	file = {Full Text PDF:files/12/Smith et al. - 2020 - Sleep spindles.pdf:application/pdf;Snapshot:files/13/snapshot.html:text/html},
                }
                """;

        // when
        ImportRecord record = record(bib);

        // then
        assertThat(record.title()).isEqualTo("Sleep spindles and Memory");
        assertThat(record.abstractText()).contains("Spindles predict recall.");
        assertThat(record.metadata().authors())
                .containsExactly("Smith, Jane", "van der Berg, Jan", "Müller, Anna", "World Health Organization");
        assertThat(record.metadata().year()).isEqualTo(OptionalInt.of(2020));
        assertThat(record.metadata().venue()).contains("Journal of Sleep Research");
        assertThat(record.metadata().doi()).contains("10.1000/xyz.123");
        assertThat(record.metadata().url()).contains("https://example.org/sleep");
        assertThat(record.attachments())
                .containsExactly("files/12/Smith et al. - 2020 - Sleep spindles.pdf", "files/13/snapshot.html");
    }

    @Test
    void biblatex_dates_journaltitles_and_given_first_names_are_read() {
        // given
        String bib = "@online{k, title = {T}, date = {2019-05-01}, journaltitle = {J}, author = {Ada Lovelace and"
                + " Charles Babbage}, file = {C\\:\\\\Users\\\\me\\\\paper.pdf}}";

        // when
        ImportRecord record = record(bib);

        // then
        assertThat(record.metadata().year()).isEqualTo(OptionalInt.of(2019));
        assertThat(record.metadata().venue()).contains("J");
        assertThat(record.metadata().authors()).containsExactly("Lovelace, Ada", "Babbage, Charles");
        assertThat(record.attachments()).containsExactly("C:\\Users\\me\\paper.pdf");
    }

    @Test
    void an_entry_without_a_title_is_reported_not_imported() {
        // given
        List<Step.Broken> problems = new java.util.ArrayList<>();
        BibtexParser.Entry entry =
                parse("@misc{untitled, year = 2020}").entries().get(0);

        // when
        var record = BibRecords.of(entry, "refs.bib", problems);

        // then
        assertThat(record).isEmpty();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.name()).contains("untitled"));
    }
}
