package com.researchassistant.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.testing.FakeEmbedder;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedEmbedderTest {

    private final FakeEmbedder model = new FakeEmbedder();
    private final CachedEmbedder embedder = new CachedEmbedder(model, 100);

    @Test
    void answers_a_repeated_text_from_memory_and_counts_it() {
        // given
        float[] first = embedder.embed("what is dark matter");

        // when
        float[] second = embedder.embed("what is dark matter");

        // then
        assertThat(second).containsExactly(first);
        assertThat(model.textsEmbedded()).isEqualTo(1);
        assertThat(embedder.counters()).isEqualTo(new EmbeddingCacheCounters(1, 1, 1));
        assertThat(embedder.counters().hitRate()).isEqualTo(0.5);
    }

    @Test
    void batch_embeds_only_the_misses_and_keeps_order() {
        // given
        embedder.embed("b");
        List<String> texts = List.of("a", "b", "c", "a");

        // when
        List<float[]> vectors = embedder.embedAll(texts);

        // then
        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).containsExactly(new FakeEmbedder().embed(texts.get(i)));
        }
        assertThat(model.textsEmbedded()).isEqualTo(1 + 3);
        assertThat(embedder.counters()).isEqualTo(new EmbeddingCacheCounters(1, 1 + 3, 3));
    }

    @Test
    void a_caller_changing_its_vector_does_not_change_the_cache() {
        // given
        float[] mine = embedder.embed("entropy");
        float[] expected = mine.clone();

        // when
        mine[0] = 42f;

        // then
        assertThat(embedder.embed("entropy")).containsExactly(expected);
    }

    @Test
    void stays_within_its_bound() {
        // given
        CachedEmbedder small = new CachedEmbedder(model, 2, Runnable::run);

        // when
        for (int i = 0; i < 50; i++) {
            small.embed("text " + i);
        }

        // then
        assertThat(small.counters().size()).isLessThanOrEqualTo(2);
    }

    @Test
    void passes_the_delegates_rejection_of_blank_text_through() {
        // when / then
        assertThatThrownBy(() -> embedder.embed("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(embedder.dimensions()).isEqualTo(384);
    }
}
