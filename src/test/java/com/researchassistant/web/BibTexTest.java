package com.researchassistant.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.research.ResearchStatus.SourceView;
import java.util.List;
import org.junit.jupiter.api.Test;

class BibTexTest {

    private static SourceView paper(int n, List<String> authors, int year, String title, String venue, String doi) {
        return new SourceView(
                n,
                "paper",
                "openalex",
                title,
                authors,
                year,
                venue,
                doi,
                doi.isEmpty() ? "" : "https://doi.org/" + doi,
                "",
                "full_text");
    }

    @Test
    void a_paper_with_a_venue_is_an_article_keyed_by_author_year_and_title_word() {
        // when
        String bib = BibTex.of(List.of(paper(
                1,
                List.of("Ana Moreno", "Li Wei"),
                2021,
                "Sleep spindles and recall",
                "Journal of Sleep Research",
                "10.1/spindles")));

        // then
        assertThat(bib).isEqualTo("""
                @article{moreno2021sleep,
                  author = {Ana Moreno and Li Wei},
                  title = {{Sleep spindles and recall}},
                  year = {2021},
                  journal = {Journal of Sleep Research},
                  doi = {10.1/spindles}
                }

                """);
    }

    @Test
    void web_pages_and_library_documents_are_misc_with_their_url_or_a_note() {
        // given
        SourceView page = new SourceView(
                2,
                "web",
                "searxng",
                "All-nighters, explained",
                List.of(),
                0,
                "",
                "",
                "https://example.org/all-nighters",
                "",
                "full_text");
        SourceView library = new SourceView(
                3, "library", "library", "My notes on sleep", List.of(), 0, "", "", "", "doc123", "library");

        // when
        String bib = BibTex.of(List.of(page, library));

        // then
        assertThat(bib)
                .contains("@misc{allnighters,\n  title = {{All-nighters, explained}},\n"
                        + "  url = {https://example.org/all-nighters}\n}")
                .contains("@misc{notes,\n  title = {{My notes on sleep}},\n"
                        + "  note = {In the researcher's own library}\n}");
    }

    @Test
    void special_characters_are_escaped_so_no_value_escapes_its_braces() {
        // when
        String bib = BibTex.of(List.of(
                paper(1, List.of("José Núñez"), 2020, "50% of {all} R&D_costs $ #1 ~ ^ \\end", "Q&A", "10.1/a b}c")));

        // then
        assertThat(bib)
                .contains("@article{nunez2020rdcosts,")
                .contains("title = {{50\\% of \\{all\\} R\\&D\\_costs \\$ \\#1 \\textasciitilde{} \\textasciicircum{}"
                        + " \\textbackslash{}end}}")
                .contains("journal = {Q\\&A}")
                .contains("doi = {10.1/abc}");
        String unescaped = bib.replace("\\{", "").replace("\\}", "");
        assertThat(unescaped.chars().filter(c -> c == '{').count())
                .as("unescaped braces balance")
                .isEqualTo(unescaped.chars().filter(c -> c == '}').count());
    }

    @Test
    void keys_stay_unique_when_two_sources_would_share_one() {
        // when
        String bib = BibTex.of(List.of(
                paper(1, List.of("Ana Moreno"), 2021, "Sleep and memory", "", ""),
                paper(2, List.of("Moreno, Ana"), 2021, "Sleep again", "", "")));

        // then
        assertThat(bib).contains("@misc{moreno2021sleep,").contains("@misc{moreno2021sleepa,");
    }
}
