package com.researchassistant.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.researchassistant.testing.FakeEmbedder;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeEmbedderTest {

    private final FakeEmbedder embedder = new FakeEmbedder();

    @Test
    void gives_normalised_vectors_of_384_dimensions() {
        // when
        float[] vector = embedder.embed("Graph neural networks for molecules");

        // then
        assertThat(vector).hasSize(embedder.dimensions()).hasSize(384);
        assertThat(Vectors.norm(vector)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void is_deterministic_and_ignores_case_and_punctuation() {
        // when
        float[] first = new FakeEmbedder().embed("Protein folding, revisited!");
        float[] second = embedder.embed("protein FOLDING revisited");

        // then
        assertThat(first).containsExactly(second);
    }

    @Test
    void scores_texts_sharing_words_above_texts_sharing_none() {
        // given
        float[] query = embedder.embed("climate change and coral reefs");

        // when
        double related = Vectors.dot(query, embedder.embed("coral reefs bleach as the climate warms"));
        double unrelated = Vectors.dot(query, embedder.embed("medieval tax records of Flanders"));

        // then
        assertThat(related).isGreaterThan(unrelated + 0.3);
    }

    @Test
    void rejects_blank_text_and_maps_text_without_words_to_a_unit_vector() {
        // when
        float[] symbols = embedder.embed("?!…");

        // then
        assertThat(Vectors.norm(symbols)).isCloseTo(1.0, within(1e-6));
        assertThatThrownBy(() -> embedder.embed(" \t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batch_equals_singles_and_counts_texts() {
        // given
        List<String> texts = List.of("one text", "another text", "a third");

        // when
        List<float[]> batch = embedder.embedAll(texts);

        // then
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batch.get(i)).containsExactly(embedder.embed(texts.get(i)));
        }
        assertThat(embedder.textsEmbedded()).isEqualTo(6);
    }
}
