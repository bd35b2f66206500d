package com.researchassistant.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.library.CitedPassage;
import com.researchassistant.viewer.PassageView.TextDisplay;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextWindowTest {

    @Test
    void overlapping_passages_of_a_section_are_joined_once_with_the_cited_one_marked() {
        // given: chunks sharing their boundary sentence, as the chunker cuts them
        List<CitedPassage> passages = List.of(
                new CitedPassage(0, "Methods", "First sentence here. Shared middle sentence.", -1, 0, -1, -1),
                new CitedPassage(1, "Methods", "Shared middle sentence. The cited claim is this one.", -1, 0, -1, -1),
                new CitedPassage(2, "Results", "Another section.", -1, 0, -1, -1));

        // when
        TextDisplay text = TextWindow.joined("Methods", passages, passages.get(1));

        // then
        assertThat(text.text()).isEqualTo("First sentence here. Shared middle sentence. The cited claim is this one.");
        assertThat(text.text().substring(text.start(), text.end()))
                .isEqualTo("Shared middle sentence. The cited claim is this one.");
    }

    @Test
    void a_long_section_is_cut_around_the_passage() {
        // given
        String section = "word ".repeat(5_000) + "THE PASSAGE" + " word".repeat(5_000);
        int start = section.indexOf("THE PASSAGE");

        // when
        TextDisplay text = TextWindow.section("", section, start, start + "THE PASSAGE".length());

        // then
        assertThat(text.text().length()).isLessThan(2 * TextWindow.CONTEXT_CHARS + 20);
        assertThat(text.text().substring(text.start(), text.end())).isEqualTo("THE PASSAGE");
        assertThat(text.clippedBefore()).isTrue();
        assertThat(text.clippedAfter()).isTrue();
    }

    @Test
    void lines_wrapped_by_hand_read_as_one_paragraph_without_moving_the_mark() {
        // given: Markdown wrapped at 30 characters
        String section = "First line of a paragraph\ngoes on here.\n\nSecond paragraph.";

        // when
        TextDisplay text = TextWindow.section("", section, section.indexOf("goes"), section.indexOf("here") + 5);

        // then
        assertThat(text.text()).isEqualTo("First line of a paragraph goes on here.\n\nSecond paragraph.");
        assertThat(text.text().substring(text.start(), text.end())).isEqualTo("goes on here.");
    }
}
