package com.researchassistant.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.junit.jupiter.api.Test;

class RelevanceFeedbackTest {

    @Test
    void the_query_keeps_its_share_and_the_feedback_terms_split_the_rest_by_score_and_frequency() {
        // given
        List<RelevanceFeedback.Passage> feedback = List.of(
                new RelevanceFeedback.Passage("Moon and moon: the tides", 2.0),
                new RelevanceFeedback.Passage("the sea, 2024", 1.0));

        // when
        Map<String, Float> expanded;
        try (EnglishAnalyzer analyzer = new EnglishAnalyzer()) {
            expanded = RelevanceFeedback.RM3.expand(List.of("tide"), feedback, analyzer, PassageFields.TEXT);
        }

        // then: moon 2*2/3, tide 2*1/3, sea 1*1/1 (stopwords and bare numbers left out), total 3
        assertThat(expanded).containsOnlyKeys("tide", "moon", "sea");
        assertThat(expanded.get("tide")).isCloseTo(0.5f + 0.5f * (2f / 3) / 3, within(1e-6f));
        assertThat(expanded.get("moon")).isCloseTo(0.5f * (4f / 3) / 3, within(1e-6f));
        assertThat(expanded.get("sea")).isCloseTo(0.5f / 3, within(1e-6f));
        assertThat(expanded.values().stream().mapToDouble(Float::doubleValue).sum())
                .isCloseTo(1.0, within(1e-6));
    }

    @Test
    void only_the_heaviest_terms_are_added_and_without_feedback_passages_the_query_stays_as_it_is() {
        // given
        RelevanceFeedback twoTerms = new RelevanceFeedback(10, 2, 0.5);
        List<RelevanceFeedback.Passage> feedback =
                List.of(new RelevanceFeedback.Passage("coral coral coral reef reef bleaching", 1.0));

        // when
        Map<String, Float> expanded;
        Map<String, Float> unchanged;
        try (EnglishAnalyzer analyzer = new EnglishAnalyzer()) {
            expanded = twoTerms.expand(List.of("ocean", "warm"), feedback, analyzer, PassageFields.TEXT);
            unchanged = twoTerms.expand(List.of("ocean", "warm"), List.of(), analyzer, PassageFields.TEXT);
        }

        // then
        assertThat(expanded).containsOnlyKeys("ocean", "warm", "coral", "reef");
        assertThat(expanded.get("coral")).isGreaterThan(expanded.get("reef"));
        assertThat(unchanged).containsOnlyKeys("ocean", "warm");
        assertThat(unchanged.get("ocean")).isEqualTo(0.5f);
    }

    @Test
    void none_is_off_rm3_is_on_and_nonsense_settings_are_refused() {
        assertThat(RelevanceFeedback.NONE.enabled()).isFalse();
        assertThat(RelevanceFeedback.RM3.enabled()).isTrue();
        assertThat(RelevanceFeedback.RM3).isEqualTo(new RelevanceFeedback(10, 10, 0.5));
        assertThatThrownBy(() -> new RelevanceFeedback(-1, 10, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RelevanceFeedback(10, 10, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
