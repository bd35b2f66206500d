package com.researchassistant.sources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void jats_abstracts_become_plain_text_without_their_abstract_heading() {
        String jats =
                "<jats:title>Abstract</jats:title><jats:p>Sleep &amp; memory.</jats:p><jats:p>Second <jats:italic>part</jats:italic>.</jats:p>";

        assertThat(PlainText.of(jats)).isEqualTo("Sleep & memory. Second part.");
    }

    @Test
    void inline_emphasis_vanishes_without_splitting_words() {
        assertThat(PlainText.of("the <strong>sleep</strong>-dependent <b>memory</b> effect"))
                .isEqualTo("the sleep-dependent memory effect");
    }

    @Test
    void comparison_signs_in_science_are_not_taken_for_tags() {
        assertThat(PlainText.of("an effect at p <0.05 and n > 30 &lt;script&gt;"))
                .isEqualTo("an effect at p <0.05 and n > 30 <script>");
    }
}
