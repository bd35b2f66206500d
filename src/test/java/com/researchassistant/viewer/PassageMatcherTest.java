package com.researchassistant.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassageMatcherTest {

    private static final double SIZE = 0.015;

    /** Lines of glyphs, one character each, 0.01 wide, lines 0.02 apart from 0.1. */
    private static List<Glyph> page(String... lines) {
        List<Glyph> glyphs = new ArrayList<>();
        for (int l = 0; l < lines.length; l++) {
            for (int i = 0; i < lines[l].length(); i++) {
                glyphs.add(new Glyph(String.valueOf(lines[l].charAt(i)), 0.1 + 0.01 * i, 0.1 + 0.02 * l, 0.01, SIZE));
            }
        }
        return glyphs;
    }

    @Test
    void finds_a_passage_across_lines_whatever_its_white_space_and_gives_a_box_per_line() {
        // given
        List<Glyph> glyphs = page("Intro text here.", "Sleep consolidates", "memory overnight.", "Other text.");

        // when
        Match match = PassageMatcher.find(glyphs, "Sleep   consolidates\n\nmemory overnight.");

        // then
        assertThat(match.kind()).isEqualTo(Match.Kind.EXACT);
        assertThat(match.boxes()).hasSize(2);
        Box first = match.boxes().get(0);
        assertThat(first.x()).isCloseTo(0.1, within(1e-9));
        assertThat(first.width()).isCloseTo(0.01 * "Sleepconsolidates".length() + 0.01, within(0.011));
        assertThat(first.y()).isLessThan(0.12).isGreaterThan(0.12 - SIZE);
        assertThat(match.boxes().get(1).y()).isGreaterThan(first.y());
    }

    @Test
    void a_word_the_library_rejoined_across_a_line_break_still_matches_its_hyphenated_glyphs() {
        // given: the page draws "consoli-" then "dation" on the next line
        List<Glyph> glyphs = page("memory consoli-", "dation happens in sleep");

        // when: the passage was stored with the word rejoined
        Match match = PassageMatcher.find(glyphs, "memory consolidation happens in sleep");

        // then
        assertThat(match.kind()).isEqualTo(Match.Kind.EXACT);
        assertThat(match.boxes()).hasSize(2);
    }

    @Test
    void ligatures_and_case_do_not_stop_a_match() {
        // given: an "ﬁ" ligature glyph
        List<Glyph> glyphs = new ArrayList<>(page("The "));
        glyphs.add(new Glyph("\uFB01", 0.14, 0.1, 0.01, SIZE));
        glyphs.addAll(page("    ndings hold.").subList(4, 16));

        // when
        Match match = PassageMatcher.find(glyphs, "the findings hold.");

        // then
        assertThat(match.kind()).isEqualTo(Match.Kind.EXACT);
    }

    @Test
    void a_passage_that_differs_in_a_word_is_found_in_part_by_its_phrases() {
        // given
        List<Glyph> glyphs = page(
                "Participants slept for eight hours in the laboratory while",
                "their brain activity was recorded with polysomnography each night.");

        // when: one word differs (a text layer quirk)
        Match match = PassageMatcher.find(
                glyphs,
                "Participants slept for eight hours in the laboratory whilst "
                        + "their brain activity was recorded with polysomnography each night.");

        // then
        assertThat(match.kind()).isEqualTo(Match.Kind.PARTIAL);
        assertThat(match.boxes()).isNotEmpty().allSatisfy(b -> assertThat(b.x()).isGreaterThanOrEqualTo(0.1));
    }

    @Test
    void text_not_on_the_page_is_not_highlighted() {
        // given
        List<Glyph> glyphs = page("Nothing about the subject at all on this page.");

        // when
        Match match = PassageMatcher.find(glyphs, "Photosynthesis converts light into chemical energy in plants.");

        // then
        assertThat(match.kind()).isEqualTo(Match.Kind.NONE);
        assertThat(match.boxes()).isEmpty();
    }

    @Test
    void boxes_stay_within_the_page() {
        // given: a glyph hanging over the top edge
        List<Glyph> glyphs = List.of(new Glyph("A", 0.95, 0.005, 0.1, 0.02), new Glyph("B", 0.96, 0.005, 0.1, 0.02));

        // when
        Match match = PassageMatcher.find(glyphs, "AB");

        // then
        assertThat(match.boxes()).singleElement().satisfies(b -> {
            assertThat(b.x()).isBetween(0.0, 1.0);
            assertThat(b.y()).isEqualTo(0.0);
            assertThat(b.x() + b.width()).isLessThanOrEqualTo(1.0);
        });
    }
}
