package com.researchassistant.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.verify.Figures.Figure;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresTest {

    private static List<String> written(String text) {
        return Figures.of(text).stream().map(f -> f.written() + "|" + f.unit()).toList();
    }

    private static boolean stated(String claim, String passage) {
        List<Figure> stated = Figures.of(passage);
        return Figures.of(claim).stream()
                .filter(Figure::significant)
                .allMatch(f -> Figures.unstated(f, stated).isEmpty());
    }

    @Test
    void reads_numbers_with_units_percentages_ranges_and_thousands() {
        assertThat(written("31,236 cases (60.2%) over 3.25 years, 11-16 Hz, 5mg/dl, 1.5 million people"))
                .containsExactly(
                        "31,236|", "60.2%|%", "3.25 years|yr", "11|", "16 Hz|hz", "5mg/dl|mg/dl", "1.5 million|");
    }

    @Test
    void leaves_out_codes_ranks_and_decades_but_reads_number_words() {
        assertThat(written("N3 sleep, COVID-19, the 21st century, the 1990s")).containsExactly("1990|");
        assertThat(written("sixty-four people in twelve groups, four of five"))
                .containsExactly("sixty-four|", "twelve|", "four|", "five|");
        assertThat(Figures.of("sixty-four").getFirst().value()).isEqualByComparingTo("64");
    }

    @Test
    void only_decimals_units_and_numbers_from_ten_need_a_source() {
        assertThat(Figures.of("3 steps, 2.5 steps, 3 mg, 12 steps"))
                .extracting(Figure::significant)
                .containsExactly(false, true, true, true);
    }

    @Test
    void a_claim_may_round_a_figure_to_its_own_decimals_and_after_a_hedge_to_its_zeros() {
        assertThat(stated("about 30 % of them", "29.7 % of them")).isTrue();
        assertThat(stated("about 400 per group", "394 per group")).isTrue();
        assertThat(stated("400 per group", "394 per group")).isFalse();
        assertThat(stated("over 6,000 died", "6,011 participants died")).isTrue();
        assertThat(stated("64 participants", "sixty-four participants")).isTrue();
        assertThat(stated("46 participants", "64 participants")).isFalse();
    }

    @Test
    void a_unit_must_match_when_the_passage_gives_one() {
        // given
        List<Figure> passage = Figures.of("a dose of 5 g a day, and 90 minutes");

        // then
        assertThat(Figures.unstated(Figures.of("5 mg").getFirst(), passage)).contains("gives 5 g, not 5 mg");
        assertThat(Figures.unstated(Figures.of("90 min").getFirst(), passage)).isEmpty();
        assertThat(Figures.unstated(Figures.of("60 minutes").getFirst(), passage))
                .contains("does not give 60 minutes");
    }
}
