package com.researchassistant.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CitationMarkersTest {

    private static String clean(String text, Integer... known) {
        return CitationEdit.apply(text, CitationMarkers.edits(text, Set.of(known)));
    }

    @Test
    void a_marker_naming_no_source_goes_with_the_space_before_it() {
        assertThat(clean("Sleep helps memory [9].", 1)).isEqualTo("Sleep helps memory.");
        assertThat(clean("Sleep helps memory [9] and more [1].", 1)).isEqualTo("Sleep helps memory and more [1].");
        assertThat(clean("Sleep helps memory.[9] Next.", 1)).isEqualTo("Sleep helps memory. Next.");
        assertThat(clean("[9] Sleep helps.\n- [9] item", 1)).isEqualTo("Sleep helps.\n- item");
    }

    @Test
    void a_marker_naming_some_sources_keeps_those() {
        // given
        String text = "Both matter [1, 9][9][2].";

        // when
        List<CitationEdit> edits = CitationMarkers.edits(text, Set.of(1, 2));

        // then
        assertThat(CitationEdit.apply(text, edits)).isEqualTo("Both matter [1][2].");
        assertThat(edits)
                .containsExactly(new CitationEdit(List.of(9), 12, 18, "[1]"), new CitationEdit(List.of(9), 18, 21, ""));
    }

    @Test
    void markers_of_known_sources_links_and_code_stay_as_they_are() {
        String text = "See [1] and [the docs](https://a.example) and `arr[9]`.\n```\nx = y[9]\n```\n";
        assertThat(CitationMarkers.edits(text, Set.of(1))).isEmpty();
        assertThat(CitationMarkers.find(text))
                .extracting(CitationMarkers.Marker::numbers)
                .containsExactly(List.of(1));
    }

    @Test
    void no_sources_means_every_marker_goes() {
        assertThat(clean("Made up [1]. Also [2, 3].")).isEqualTo("Made up. Also.");
    }
}
