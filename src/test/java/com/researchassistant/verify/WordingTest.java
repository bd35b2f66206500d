package com.researchassistant.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordingTest {

    @Test
    void names_are_acronyms_codes_and_capitalised_words_past_the_first() {
        assertThat(Wording.terms("Sleep in Finland: REM, N3 and BM25 per Cohen's d. The end"))
                .containsExactly("Finland", "REM", "N3", "BM25", "Cohen");
    }

    @Test
    void a_passage_mentions_a_name_in_any_case_singular_or_plural() {
        assertThat(Wording.mentions("several hnsw graphs and one rct", "HNSW")).isTrue();
        assertThat(Wording.mentions("randomised rcts", "RCT")).isTrue();
        assertThat(Wording.unmentioned("Store PDFs in Zotero", "reference managers store pdfs"))
                .containsExactly("Zotero");
    }

    @Test
    void a_negation_dropped_or_added_next_to_shared_words_is_the_opposite() {
        assertThat(Wording.opposes(
                        "Every replication has found a benefit.",
                        "Effect sizes vary, and not every replication has found a benefit."))
                .isTrue();
        assertThat(Wording.opposes("Sleep is a passive pause for memory.", "Sleep is not a passive pause for memory."))
                .isTrue();
    }

    @Test
    void a_negation_elsewhere_in_the_sentence_or_said_another_way_is_not() {
        assertThat(Wording.opposes(
                        "Losing sleep before learning impairs encoding.",
                        "Sleep loss before learning impairs encoding after a night without sleep."))
                .isFalse();
        assertThat(Wording.opposes(
                        "Knowledge is updated without retraining the model.",
                        "Knowledge is updated by changing the collection rather than retraining the model."))
                .isFalse();
        assertThat(Wording.opposes(
                        "Post hoc power adds no information beyond the p-value.",
                        "Post hoc power adds no information beyond the p-value and should not be used."))
                .isFalse();
    }

    @Test
    void a_direction_reversed_next_to_the_same_word_is_the_opposite() {
        assertThat(Wording.opposes(
                        "Low power raises the positive predictive value.",
                        "Low power also lowers the positive predictive value, and a larger share are false."))
                .isTrue();
        assertThat(Wording.opposes(
                        "REM sleep becomes shorter towards the morning.",
                        "REM sleep becomes longer towards the morning."))
                .isTrue();
        assertThat(Wording.opposes(
                        "Within-subject designs need fewer participants.",
                        "Within-subject designs often need fewer participants."))
                .isFalse();
    }
}
