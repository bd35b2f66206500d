package com.researchassistant.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.text.Sentences.Sentence;
import org.junit.jupiter.api.Test;

class SentencesTest {

    @Test
    void splits_at_full_stops_question_and_exclamation_marks() {
        assertThat(Sentences.split("Is it? Yes! It is.")).containsExactly("Is it?", "Yes!", "It is.");
    }

    @Test
    void abbreviations_decimals_and_closing_quotes_do_not_end_a_sentence_early() {
        assertThat(Sentences.split("Take e.g. 3.5 mg daily. He said \"stop.\" Then he left."))
                .containsExactly("Take e.g. 3.5 mg daily.", "He said \"stop.\"", "Then he left.");
    }

    @Test
    void citation_markers_stay_with_the_sentence_they_close_wherever_they_stand() {
        assertThat(Sentences.split("Sleep helps memory [1]. Replay happens [1][2]. Naps may help too."))
                .containsExactly("Sleep helps memory [1].", "Replay happens [1][2].", "Naps may help too.");
        assertThat(Sentences.split("Sleep helps memory.[1] Replay happens.[1][2] Naps help."))
                .containsExactly("Sleep helps memory.[1]", "Replay happens.[1][2]", "Naps help.");
        assertThat(Sentences.split("Sleep helps memory. [3] Replay happens."))
                .containsExactly("Sleep helps memory. [3]", "Replay happens.");
    }

    @Test
    void white_space_is_collapsed_and_a_line_break_alone_ends_no_sentence() {
        assertThat(Sentences.split("  A first line\ncontinues   here.\tNext one.  "))
                .containsExactly("A first line continues here.", "Next one.");
    }

    @Test
    void says_where_no_space_came_before_a_sentence() {
        // the JDK breaks after a full stop followed by an underscore
        assertThat(Sentences.of("Set window.__pwned now. Done."))
                .containsExactly(
                        new Sentence("Set window.", false),
                        new Sentence("__pwned now.", false),
                        new Sentence("Done.", true));
    }

    @Test
    void blank_text_has_no_sentences_and_no_first_one() {
        assertThat(Sentences.of(" \n\t ")).isEmpty();
        assertThat(Sentences.first("")).isEmpty();
        assertThat(Sentences.first("Short answer: it depends. Longer answer follows."))
                .isEqualTo("Short answer: it depends.");
    }
}
